import { describe, expect, it } from 'vitest';
import { connectReadOnly } from '../../src/source/connect-read-only.js';
import { createTestDb } from '../helpers/test-db.js';

describe('connectReadOnly', () => {
  it('refuses writes, even a write smuggled behind a COMMIT in one query text', async () => {
    await using db = await createTestDb('CREATE TABLE t (id int); INSERT INTO t VALUES (1);');
    {
      await using source = await connectReadOnly(db.url);
      await expect(source.query('DELETE FROM t')).rejects.toThrow(/read-only transaction/);
    }
    {
      await using source = await connectReadOnly(db.url);
      await expect(source.query('COMMIT; DELETE FROM t')).rejects.toThrow(/multiple commands|cannot insert multiple/);
    }
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]);
  });

  it('sees one snapshot for its whole life, whatever commits meanwhile', async () => {
    await using db = await createTestDb('CREATE TABLE t (id int); INSERT INTO t VALUES (1);');
    await using source = await connectReadOnly(db.url);
    expect(await source.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]);
    await db.query('INSERT INTO t VALUES (2)');
    expect(await source.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]);
  });

  it('names the unreachable source without its password', async () => {
    const error = (await connectReadOnly('postgres://app:s3cret-pw@127.0.0.1:1/prod').then(
      () => new Error('connected'),
      (e: unknown) => e as Error,
    ));
    expect(error).toMatchObject({ code: 'SOURCE_UNREACHABLE' });
    expect(error.message).toContain('postgres://app:***@127.0.0.1:1/prod');
    expect(error.message).not.toContain('s3cret-pw');
  });
});
