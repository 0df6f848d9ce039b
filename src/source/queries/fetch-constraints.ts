import type { SchemaObject } from '../model.js';
import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface ConstraintRow {
  name: string;
  table_display: string;
  contype: 'p' | 'u' | 'f' | 'c' | 'x';
  def: string;
  ddl: string;
}

/*
 * Which constraints are stated, and how:
 * - keys and exclusions go on each table with ONLY, partitions included under their own names; their indexes are
 *   then attached to the parent's (fetch-index-attachments.ts), as pg_dump does, so every name is production's.
 * - CHECK constraints recurse to children: only local ones are stated, and one that a child also declares itself
 *   comes first, so that the parent's merges into it instead of colliding with it.
 * - a foreign key of a partition comes before its parent's, which then adopts it rather than cloning one under the
 *   parent's name; the copies PostgreSQL keeps on the referencing table for each partition of a referenced
 *   partitioned table are its own business.
 */
const query = `
SELECT con.conname AS name, n.nspname || '.' || c.relname AS table_display, con.contype, pg_get_constraintdef(con.oid) AS def,
       format('ALTER TABLE %s%I.%I ADD CONSTRAINT %I %s;', CASE WHEN con.contype IN ('p', 'u', 'x') OR (con.contype = 'f' AND c.relkind <> 'p') THEN 'ONLY ' ELSE '' END,
              n.nspname, c.relname, con.conname, pg_get_constraintdef(con.oid)) AS ddl
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p') AND ${userSchemaFilter('n')}
   AND CASE con.contype
         WHEN 'c' THEN con.conislocal
         WHEN 'f' THEN con.conparentid = 0 OR con.conrelid <> (SELECT pc.conrelid FROM pg_constraint pc WHERE pc.oid = con.conparentid)
         ELSE true END
 ORDER BY con.coninhcount > 0 DESC, (SELECT count(*) FROM pg_partition_ancestors(c.oid)) DESC, c.oid, con.conname`;

// keys first: foreign keys need the unique index of the table they reference, attached on every partition
const rank = { p: 1, u: 2, x: 3, c: 4, f: 8 } as const;

/** Primary, unique, exclusion, check and foreign-key constraints, as pg_get_constraintdef prints them. */
export async function fetchConstraints(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<ConstraintRow>(query);
  return rows.map((row) => ({
    objectType: 'constraint',
    name: `${row.table_display}.${row.name}`,
    table: row.table_display,
    definition: row.def,
    // keep NOT VALID as pg_get_constraintdef prints it: production may hold rows that would fail it
    ddl: row.ddl,
    phase: 'post-data',
    rank: rank[row.contype],
  }));
}
