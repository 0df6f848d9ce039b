import type { SchemaObject } from '../model.js';
import { notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface TypeRow {
  name: string;
  ddl: string;
}

// No pg_get_typedef exists: the statement is assembled from format_type, pg_get_constraintdef and quote_* in SQL.
const query = `
SELECT n.nspname || '.' || t.typname AS name,
       CASE t.typtype
         WHEN 'e' THEN format('CREATE TYPE %I.%I AS ENUM (%s);', n.nspname, t.typname,
                        (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
         WHEN 'd' THEN format('CREATE DOMAIN %I.%I AS %s%s%s%s;', n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod),
                        CASE WHEN t.typcollation <> bt.typcollation THEN (SELECT format(' COLLATE %I.%I', cn.nspname, co.collname)
                               FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) ELSE '' END,
                        CASE WHEN t.typdefault IS NOT NULL THEN ' DEFAULT ' || t.typdefault ELSE '' END,
                        CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END)
                      || coalesce((SELECT string_agg(format(E'\\nALTER DOMAIN %I.%I ADD CONSTRAINT %I %s;', n.nspname, t.typname, c.conname, pg_get_constraintdef(c.oid)), '' ORDER BY c.conname)
                                     FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), '')
       END AS ddl
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
 WHERE t.typtype IN ('e', 'd') AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_type', 't.oid')}
 ORDER BY t.oid`;

/** Enum and domain types. */
export async function fetchTypes(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<TypeRow>(query);
  return rows.map((row) => ({ objectType: 'type', name: row.name, definition: row.ddl, ddl: row.ddl, phase: 'pre-data', rank: 2 }));
}
