import { describe, expect, it } from 'vitest';
import { createTestDb } from './helpers/test-db.js';

describe('test server', () => {
  it('creates and drops a database', async () => {
    await using db = await createTestDb('CREATE TABLE t (id int primary key); INSERT INTO t VALUES (1), (2);');
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }]);
  });
});
