import type { SchemaObject } from '../model.js';
import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface NamespaceRow {
  kind: 'schema' | 'extension';
  name: string;
  ddl: string;
}

const query = `
SELECT 'schema' AS kind, n.nspname AS name, format('CREATE SCHEMA IF NOT EXISTS %I;', n.nspname) AS ddl
  FROM pg_namespace n
 WHERE ${userSchemaFilter('n')} AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_namespace'::regclass AND e.objid = n.oid AND e.deptype = 'e')
UNION ALL
SELECT 'extension', x.extname, format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I;', x.extname, n.nspname)
  FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
 WHERE x.extname <> 'plpgsql'
 ORDER BY 1 DESC, 2`;

/** Schemas and extensions, the first things a clone needs. */
export async function fetchNamespaces(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<NamespaceRow>(query);
  return rows.map((row) => ({ objectType: row.kind, name: row.name, definition: row.ddl, ddl: row.ddl, phase: 'pre-data', rank: row.kind === 'schema' ? 0 : 1 }));
}
