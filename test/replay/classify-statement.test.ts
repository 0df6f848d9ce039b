import { describe, expect, it } from 'vitest';
import { classifyStatement } from '../../src/replay/classify-statement.js';
import { parseOperation } from '../../src/replay/parse-sql.js';

async function classify(sql: string) {
  const [statement] = await parseOperation([{ path: 'op.sql', text: sql }]);
  return classifyStatement(statement!, (ref) => `${ref.schema ?? 'public'}.${ref.name}`);
}

describe('classifyStatement', () => {
  it('sees every table a DELETE names, subqueries included, but not its CTEs', async () => {
    const c = await classify('WITH old AS (SELECT id FROM app.users WHERE seen < now()) DELETE FROM sessions s USING old WHERE s.user_id = old.id AND s.id IN (SELECT session_id FROM audit)');
    expect(c).toEqual({ kind: 'DELETE', tables: ['public.sessions', 'app.users', 'public.audit'], irreversible: true, hasWhere: true, lockMode: 'ROW EXCLUSIVE' });
  });

  it('flags an UPDATE without WHERE as irreversible and one with WHERE as not', async () => {
    expect(await classify('UPDATE users SET active = false')).toMatchObject({ kind: 'UPDATE', hasWhere: false, irreversible: true });
    expect(await classify('UPDATE users SET active = false WHERE id = 3')).toMatchObject({ kind: 'UPDATE', hasWhere: true, irreversible: false });
  });

  it('names DDL kinds the way policy.forbid matches them', async () => {
    expect(await classify('DROP TABLE IF EXISTS app.old_orders, tmp')).toMatchObject({ kind: 'DROP TABLE', tables: ['app.old_orders', 'public.tmp'], irreversible: true, lockMode: 'ACCESS EXCLUSIVE' });
    expect(await classify('TRUNCATE a, b CASCADE')).toMatchObject({ kind: 'TRUNCATE', tables: ['public.a', 'public.b'], irreversible: true });
    expect(await classify('ALTER TABLE users DROP COLUMN email')).toMatchObject({ kind: 'ALTER TABLE', irreversible: true });
    expect(await classify('ALTER TABLE users ADD COLUMN note text')).toMatchObject({ kind: 'ALTER TABLE', irreversible: false });
    expect(await classify('CREATE INDEX CONCURRENTLY ON users (email)')).toMatchObject({ kind: 'CREATE INDEX CONCURRENTLY', lockMode: 'SHARE UPDATE EXCLUSIVE' });
    expect(await classify('DROP MATERIALIZED VIEW stats')).toMatchObject({ kind: 'DROP MATERIALIZED VIEW' });
    expect(await classify('CREATE TABLE t (id int REFERENCES users)')).toMatchObject({ kind: 'CREATE TABLE', tables: ['public.t', 'public.users'] });
  });

  it('classifies transaction control without tables or locks', async () => {
    expect(await classify('BEGIN')).toEqual({ kind: 'BEGIN', tables: [], irreversible: false, hasWhere: null, lockMode: null });
    expect(await classify('ROLLBACK')).toMatchObject({ kind: 'ROLLBACK' });
    expect(await classify('SAVEPOINT a')).toMatchObject({ kind: 'SAVEPOINT' });
  });
});
