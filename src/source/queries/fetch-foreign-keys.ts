import type { ForeignKey } from '../model.js';
import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface ForeignKeyRow {
  name: string;
  table: string;
  columns: string[];
  ref_table: string;
  ref_columns: string[];
  on_delete: string;
  on_update: string;
}

// Partition copies of a foreign key (conparentid <> 0) are left out: the key of the partitioned table stands for them.
const query = `
SELECT con.conname AS name, n.nspname || '.' || c.relname AS table,
       (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       rn.nspname || '.' || r.relname AS ref_table,
       (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS ref_columns,
       con.confdeltype AS on_delete, con.confupdtype AS on_update
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_class r ON r.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
 WHERE con.contype = 'f' AND con.conparentid = 0 AND ${userSchemaFilter('n')}
 ORDER BY 2, 1`;

const actions: Record<string, ForeignKey['onDelete']> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };

/** Foreign keys as column pairs, for following references (masking a key everywhere it is used, subsetting). */
export async function fetchForeignKeys(db: CatalogReader): Promise<ForeignKey[]> {
  const rows = await db.query<ForeignKeyRow>(query);
  return rows.map((row) => ({
    name: row.name,
    table: row.table,
    columns: row.columns,
    refTable: row.ref_table,
    refColumns: row.ref_columns,
    onDelete: actions[row.on_delete] ?? 'no action',
    onUpdate: actions[row.on_update] ?? 'no action',
  }));
}
