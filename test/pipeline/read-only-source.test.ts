import { describe, expect, it } from 'vitest';
import { readOperation } from '../../src/pipeline/operation.js';
import { replay } from '../../src/pipeline/replay.js';
import { createReadOnlyRole, withClient, type TestDb } from '../helpers/test-db.js';
import { createFixtureDb, fixturePath, replayConfig, tableCounts } from './fixture-cases.js';

interface SourceState {
  tables: string[];
  /** md5 of every row of the table, in a fixed order */
  checksums: Record<string, string>;
  sequences: Record<string, string | null>;
}

/** What production holds, read as the superuser: the tables, a checksum of each one's rows, the sequence positions. */
async function sourceState(db: TestDb): Promise<SourceState> {
  const tables = (
    await db.query<{ name: string }>(`
      SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       ORDER BY 1`)
  ).map((r) => r.name);
  const checksums: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await db.query<{ md5: string }>(`SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${table} t`);
    checksums[table] = row!.md5;
  }
  const sequences = Object.fromEntries(
    (await db.query<{ name: string; last_value: string | null }>("SELECT schemaname || '.' || sequencename AS name, last_value::text FROM pg_sequences ORDER BY 1")).map((r) => [
      r.name,
      r.last_value,
    ]),
  );
  return { tables, checksums, sequences };
}

describe('replaying from a source reached with a read-only role', () => {
  it('clones, replays a destructive operation and leaves every row and table of the source as it was', async () => {
    await using db = await createFixtureDb('read-only-source');
    const readOnlyUrl = await createReadOnlyRole(db);
    // the role really cannot write: otherwise this test would prove nothing
    await expect(withClient(readOnlyUrl, (c) => c.query('DELETE FROM customers'))).rejects.toThrow(/permission denied/);
    const before = await sourceState(db);

    const report = await replay(await readOperation([fixturePath('read-only-source')]), replayConfig(readOnlyUrl));

    expect(report.errors).toEqual([]);
    expect(await sourceState(db)).toEqual(before);
    // … while the sandbox did lose the rows and the table
    expect(tableCounts(report).map((t) => t.name)).toEqual(['public.audit_log', 'public.customers', 'public.orders']);
    expect(report.tables.find((t) => t.name === 'public.customers')).toMatchObject({ deleted: 20 });
    expect(report.schemaChanges).toContainEqual(expect.objectContaining({ change: 'drop', objectType: 'table', name: 'public.audit_log' }));
    expect(report.operation.statements.map((s) => s.status)).toEqual(['ok', 'ok', 'ok']);
    expect(JSON.stringify(report)).not.toContain(decodeURIComponent(new URL(readOnlyUrl).password));
  });
});
