import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../src/replay/classify-statement.js';
import { parseOperation } from '../../src/replay/parse-sql.js';
import { runStatements } from '../../src/replay/run-statements.js';
import { createTestDb, withClient } from '../helpers/test-db.js';

const schema = `
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users ON DELETE CASCADE);
INSERT INTO users SELECT g, 'u' || g || '@example.com' FROM generate_series(1, 10) g;
INSERT INTO orders SELECT g, 1 + g % 10 FROM generate_series(1, 30) g;`;

async function run(url: string, text: string) {
  const parsed = await parseOperation([{ path: 'op.sql', text }]);
  const classified = parsed.map((s) => ({ ...s, ...classifyStatement(s, (ref) => `${ref.schema ?? 'public'}.${ref.name}`) }));
  return withClient(url, (client) => runStatements(client, classified));
}

const lockSummary = (results: Awaited<ReturnType<typeof run>>) => results.map((r) => [r.kind, r.lockMode, r.locks?.map((l) => `${l.mode} ${l.table}`) ?? null]);

describe('runStatements: locks actually taken', () => {
  it('records the ACCESS EXCLUSIVE lock of an ALTER TABLE, the SHARE lock of CREATE INDEX and the ROW EXCLUSIVE of a DELETE, autocommit', async () => {
    await using db = await createTestDb(schema);
    const results = await run(db.url, 'ALTER TABLE users ADD COLUMN note text;\nCREATE INDEX ON orders (user_id);\nDELETE FROM users WHERE id = 1;');
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(lockSummary(results)).toEqual([
      ['ALTER TABLE', 'ACCESS EXCLUSIVE', ['ACCESS EXCLUSIVE public.users']],
      ['CREATE INDEX', 'SHARE', ['SHARE public.orders']],
      // the cascade locks orders too
      ['DELETE', 'ROW EXCLUSIVE', ['ROW EXCLUSIVE public.orders', 'ROW EXCLUSIVE public.users']],
    ]);
    // each ran and committed as it would have alone
    expect(await db.query("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'note'")).toEqual([{ n: 1 }]);
    expect(await db.query('SELECT count(*)::int AS n FROM orders')).toEqual([{ n: 27 }]);
  });

  it('credits each statement of a transaction with the locks it added, and commits only what the file commits', async () => {
    await using db = await createTestDb(schema);
    const results = await run(db.url, 'BEGIN;\nUPDATE users SET email = email || \'x\' WHERE id = 2;\nUPDATE users SET email = email WHERE id = 3;\nALTER TABLE orders ADD COLUMN total numeric;\nCOMMIT;');
    expect(lockSummary(results)).toEqual([
      ['BEGIN', null, null],
      ['UPDATE', 'ROW EXCLUSIVE', ['ROW EXCLUSIVE public.users']],
      // the transaction held it already: nothing new, the documented mode stands
      ['UPDATE', 'ROW EXCLUSIVE', []],
      ['ALTER TABLE', 'ACCESS EXCLUSIVE', ['ACCESS EXCLUSIVE public.orders']],
      ['COMMIT', null, null],
    ]);
    expect(await db.query('SELECT email FROM users WHERE id = 2')).toEqual([{ email: 'u2@example.comx' }]);
  });

  it('says a statement that reads no table took no table lock', async () => {
    await using db = await createTestDb(schema);
    expect(lockSummary(await run(db.url, 'SELECT 1;'))).toEqual([['SELECT', null, []]]);
  });

  it('leaves nothing behind of a statement that fails in the transaction it was given, and skips the rest', async () => {
    await using db = await createTestDb(schema);
    const results = await run(db.url, 'DELETE FROM orders WHERE id = 1;\nINSERT INTO orders VALUES (100, 999);\nDELETE FROM orders;');
    expect(results.map((r) => r.status)).toEqual(['ok', 'error', 'skipped']);
    expect(results[1]!.error).toMatchObject({ sqlstate: '23503', constraint: 'orders_user_id_fkey' });
    expect(await db.query('SELECT count(*)::int AS n FROM orders')).toEqual([{ n: 29 }]);
  });

  it('runs what refuses a transaction block as it is, with the documented lock mode and no observed locks', async () => {
    await using db = await createTestDb(schema);
    const results = await run(db.url, 'CREATE INDEX CONCURRENTLY orders_by_user ON orders (user_id);\nVACUUM users;\nLOCK TABLE users;');
    expect(results.map((r) => [r.kind, r.status, r.lockMode, r.locks])).toEqual([
      ['CREATE INDEX CONCURRENTLY', 'ok', 'SHARE UPDATE EXCLUSIVE', null],
      ['VACUUM', 'ok', null, null],
      // LOCK outside a transaction is an error in psql too: wrapping it would have hidden that
      ['LOCK', 'error', 'ACCESS EXCLUSIVE', null],
    ]);
  });
});
