import type { SchemaObject } from '../model.js';
import { catalogId, type CatalogReader } from './user-objects.js';

export interface RoleRow {
  name: string;
  ddl: string;
  provides: string[];
}

// Roles live in the cluster, not the database, so the clone makes only those the schema names: policies' roles
// and a public schema handed to another owner. NOLOGIN, no password, no privilege: a name to point at.
const query = (versionNum: number) => `
SELECT r.rolname AS name,
       format('DO %L;', format('BEGIN IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = %L) THEN CREATE ROLE %I NOLOGIN; END IF; END', r.rolname, r.rolname)) AS ddl,
       json_build_array(${catalogId('pg_authid', 'r.oid')}) AS provides
  FROM pg_roles r
 WHERE r.rolname NOT LIKE 'pg\\_%'
   AND (r.oid IN (SELECT unnest(p.polroles) FROM pg_policy p)
        ${versionNum >= 150000 ? "OR r.oid = (SELECT ns.nspowner FROM pg_namespace ns WHERE ns.nspname = 'public' AND ns.nspowner <> 'pg_database_owner'::regrole)" : ''})
 ORDER BY r.rolname`;

/** Roles the schema refers to by name. */
export async function fetchRoles(db: CatalogReader, versionNum: number): Promise<SchemaObject[]> {
  const rows = await db.query<RoleRow>(query(versionNum));
  return rows.map((row) => ({ objectType: 'role', name: row.name, definition: row.ddl, ddl: row.ddl, phase: 'pre-data', rank: 0, provides: row.provides }));
}
