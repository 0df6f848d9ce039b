import type { SchemaObject } from '../model.js';
import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface ConstraintRow {
  name: string;
  name_sql: string;
  table_sql: string;
  table_display: string;
  contype: 'p' | 'u' | 'f' | 'c' | 'x';
  def: string;
}

// Inherited copies (partitions, INHERITS children) come back with their parent's constraint, so only local ones count.
const query = `
SELECT con.conname AS name, quote_ident(con.conname) AS name_sql, format('%I.%I', n.nspname, c.relname) AS table_sql,
       n.nspname || '.' || c.relname AS table_display, con.contype, pg_get_constraintdef(con.oid) AS def
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0 AND con.conislocal
   AND c.relkind IN ('r', 'p') AND ${userSchemaFilter('n')}
 ORDER BY c.oid, con.conname`;

// keys first: foreign keys need the unique index of the table they reference
const rank = { p: 1, u: 2, x: 3, c: 4, f: 6 } as const;

/** Primary, unique, exclusion, check and foreign-key constraints, as pg_get_constraintdef prints them. */
export async function fetchConstraints(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<ConstraintRow>(query);
  return rows.map((row) => ({
    objectType: 'constraint',
    name: `${row.table_display}.${row.name}`,
    table: row.table_display,
    definition: row.def,
    // keep NOT VALID as pg_get_constraintdef prints it: production may hold rows that would fail it
    ddl: `ALTER TABLE ${row.table_sql} ADD CONSTRAINT ${row.name_sql} ${row.def};`,
    phase: 'post-data',
    rank: rank[row.contype],
  }));
}
