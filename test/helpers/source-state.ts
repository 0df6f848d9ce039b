import type { TestDb } from './test-db.js';

export interface SourceState {
  tables: string[];
  /** md5 of every row of the table, in a fixed order */
  checksums: Record<string, string>;
  sequences: Record<string, string | null>;
  /** Definitions of every user relation, to see that nothing was created, altered or dropped */
  relations: string[];
}

/** What production holds, read as the superuser: tables, a checksum of each one's rows, sequence positions. */
export async function sourceState(db: TestDb): Promise<SourceState> {
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
  const relations = (
    await db.query<{ d: string }>(`
      SELECT c.relname || ':' || c.relkind::text || ':' || c.relnatts AS d FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' ORDER BY 1`)
  ).map((r) => r.d);
  return { tables, checksums, sequences, relations };
}

/**
 * A login role with only CONNECT on the database and membership in pg_read_all_data: no table-level grant at all.
 * The database's CONNECT is taken from PUBLIC first, so the role really depends on its own grant.
 */
