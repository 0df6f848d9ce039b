import type { SchemaObject } from '../model.js';
import { invalidIndex, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface IndexRow {
  name: string;
  table_display: string;
  def: string;
  /** ALTER INDEX … ALTER COLUMN n SET STATISTICS for expression columns with a target */
  statistics: string | null;
}

// Indexes that back a key constraint are made by that constraint. A partition's index is made on its own, under its
// own name, and attached to its parent's afterwards (pg_get_indexdef prints ON ONLY for a partitioned table).
const query = `
SELECT n.nspname || '.' || i.relname AS name, tn.nspname || '.' || t.relname AS table_display, pg_get_indexdef(i.oid) AS def,
       (SELECT string_agg(format(E'\\nALTER INDEX %I.%I ALTER COLUMN %s SET STATISTICS %s;', n.nspname, i.relname, a.attnum, a.attstattarget), '' ORDER BY a.attnum)
          FROM pg_attribute a WHERE a.attrelid = i.oid AND a.attstattarget >= 0) AS statistics
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
  JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
 WHERE t.relkind IN ('r', 'p', 'm') AND ${userSchemaFilter('tn')} AND NOT ${invalidIndex('x', 't')}
   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x'))
 ORDER BY i.oid`;

/** Indexes not owned by a constraint, as pg_get_indexdef prints them. */
export async function fetchIndexes(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<IndexRow>(query);
  return rows.map((row) => ({
    objectType: 'index',
    name: row.name,
    table: row.table_display,
    definition: `${row.def}${row.statistics ?? ''}`,
    ddl: `${row.def};${row.statistics ?? ''}`,
    phase: 'post-data',
    rank: 5,
  }));
}
