import type { SchemaObject } from '../model.js';
import { notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface TableSettingRow {
  name: string;
  table_display: string;
  ddl: string;
}

// Settings made after the indexes they may name: REPLICA IDENTITY, CLUSTER ON, and row-level security, which is
// switched on only once the rows are in (the loader is a superuser, but the order costs nothing).
const query = `
SELECT n.nspname || '.' || c.relname || ' ' || s.setting AS name, n.nspname || '.' || c.relname AS table_display,
       format('ALTER %s %I.%I %s;', CASE c.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE ONLY' END, n.nspname, c.relname, s.clause) AS ddl
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 CROSS JOIN LATERAL (
   SELECT 'replica identity' AS setting,
          CASE c.relreplident WHEN 'f' THEN 'REPLICA IDENTITY FULL' WHEN 'n' THEN 'REPLICA IDENTITY NOTHING'
            ELSE (SELECT format('REPLICA IDENTITY USING INDEX %I', i.relname) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
                   WHERE x.indrelid = c.oid AND x.indisreplident) END AS clause
    WHERE c.relreplident IN ('f', 'n', 'i')
   UNION ALL
   SELECT 'cluster on', format('CLUSTER ON %I', i.relname) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid AND x.indisclustered
   UNION ALL
   SELECT 'row level security', 'ENABLE ROW LEVEL SECURITY' WHERE c.relrowsecurity
   UNION ALL
   SELECT 'force row level security', 'FORCE ROW LEVEL SECURITY' WHERE c.relforcerowsecurity) s
 WHERE c.relkind IN ('r', 'p', 'm') AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')} AND s.clause IS NOT NULL
 ORDER BY c.oid, s.setting`;

/** Table settings that are not part of CREATE TABLE: REPLICA IDENTITY, CLUSTER ON, ENABLE / FORCE ROW LEVEL SECURITY. */
export async function fetchTableSettings(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<TableSettingRow>(query);
  return rows.map((row) => ({ objectType: 'table setting', name: row.name, table: row.table_display, definition: row.ddl, ddl: row.ddl, phase: 'post-data', rank: 7 }));
}
