import type { SchemaObject } from '../model.js';
import { catalogId, dependenciesOf, notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface NamespaceRow {
  kind: 'schema' | 'extension';
  name: string;
  ddl: string;
  provides: string[];
  depends_on: string[];
}

// pg_dump shows the public schema only once its owner is not the default one (PostgreSQL 15 on): the clone hands it
// to the same role, so that the two dumps agree.
const publicOwner = (versionNum: number) =>
  versionNum < 150000
    ? ''
    : `UNION ALL
SELECT 'schema', 'public owner', format('ALTER SCHEMA public OWNER TO %I;', pg_get_userbyid(n.nspowner)), '[]'::json,
       json_build_array(${catalogId('pg_authid', 'n.nspowner')})
  FROM pg_namespace n WHERE n.nspname = 'public' AND n.nspowner <> 'pg_database_owner'::regrole`;

// every new database has a public schema: one production dropped goes from the sandbox too
const publicDropped = `UNION ALL
SELECT 'schema', 'public dropped', 'DROP SCHEMA IF EXISTS public;', '[]'::json, '[]'::json
 WHERE NOT EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = 'public')`;

const query = (versionNum: number) => `
SELECT 'schema' AS kind, n.nspname AS name, format('CREATE SCHEMA IF NOT EXISTS %I;', n.nspname) AS ddl,
       json_build_array(${catalogId('pg_namespace', 'n.oid')}) AS provides, '[]'::json AS depends_on
  FROM pg_namespace n
 WHERE ${userSchemaFilter('n')} AND ${notExtensionMember('pg_namespace', 'n.oid')}
${publicOwner(versionNum)}
${publicDropped}
UNION ALL
SELECT 'extension', x.extname, format('CREATE EXTENSION IF NOT EXISTS %I WITH SCHEMA %I;', x.extname, n.nspname),
       json_build_array(${catalogId('pg_extension', 'x.oid')}), coalesce(${dependenciesOf('pg_extension', 'x.oid')}, '[]'::json)
  FROM pg_extension x JOIN pg_namespace n ON n.oid = x.extnamespace
 WHERE x.extname <> 'plpgsql'
 ORDER BY 1 DESC, 2`;

/** Schemas and extensions, the first things a clone needs. */
export async function fetchNamespaces(db: CatalogReader, versionNum: number): Promise<SchemaObject[]> {
  const rows = await db.query<NamespaceRow>(query(versionNum));
  return rows.map((row) => ({
    objectType: row.kind,
    name: row.name,
    definition: row.ddl,
    ddl: row.ddl,
    phase: 'pre-data',
    rank: row.kind === 'schema' ? 0 : 1,
    provides: row.provides,
    dependsOn: row.depends_on,
  }));
}
