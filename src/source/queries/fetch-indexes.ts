import type { SchemaObject } from '../model.js';
import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface IndexRow {
  name: string;
  table_display: string;
  def: string;
}

// Indexes that back a key constraint are made by that constraint; partition indexes by their parent's index.
const query = `
SELECT n.nspname || '.' || i.relname AS name, tn.nspname || '.' || t.relname AS table_display, pg_get_indexdef(i.oid) AS def
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
  JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
 WHERE t.relkind IN ('r', 'p', 'm') AND ${userSchemaFilter('tn')}
   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid AND con.contype IN ('p', 'u', 'x'))
   AND NOT EXISTS (SELECT 1 FROM pg_inherits inh WHERE inh.inhrelid = x.indexrelid)
 ORDER BY i.oid`;

/** Indexes not owned by a constraint, as pg_get_indexdef prints them. */
export async function fetchIndexes(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<IndexRow>(query);
  return rows.map((row) => ({
    objectType: 'index',
    name: row.name,
    table: row.table_display,
    definition: row.def,
    ddl: `${row.def};`,
    phase: 'post-data',
    rank: 5,
  }));
}
