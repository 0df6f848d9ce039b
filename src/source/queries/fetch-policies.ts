import type { SchemaObject } from '../model.js';
import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface PolicyRow {
  name: string;
  table_display: string;
  ddl: string;
  depends_on: string[];
}

// No pg_get_policydef exists: CREATE POLICY is assembled as the pg_policies view derives it, expressions from pg_get_expr.
const query = `
SELECT format('%I on %I.%I', p.polname, n.nspname, c.relname) AS name, n.nspname || '.' || c.relname AS table_display,
       format('CREATE POLICY %I ON %I.%I AS %s FOR %s TO %s%s%s;', p.polname, n.nspname, c.relname,
              CASE WHEN p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
              CASE p.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
              (SELECT string_agg(CASE WHEN r.role = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(r.role)) END, ', ' ORDER BY r.ord)
                 FROM unnest(p.polroles) WITH ORDINALITY AS r(role, ord)),
              CASE WHEN p.polqual IS NOT NULL THEN format(' USING (%s)', pg_get_expr(p.polqual, p.polrelid)) ELSE '' END,
              CASE WHEN p.polwithcheck IS NOT NULL THEN format(' WITH CHECK (%s)', pg_get_expr(p.polwithcheck, p.polrelid)) ELSE '' END) AS ddl,
       (SELECT coalesce(json_agg('pg_authid'::regclass::oid::text || ':' || r.role::text), '[]'::json) FROM unnest(p.polroles) AS r(role) WHERE r.role <> 0) AS depends_on
  FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE ${userSchemaFilter('n')}
 ORDER BY c.oid, p.polname`;

/** Row-level security policies; ENABLE / FORCE ROW LEVEL SECURITY is a table setting (fetch-table-settings.ts). */
export async function fetchPolicies(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<PolicyRow>(query);
  return rows.map((row) => ({
    objectType: 'policy',
    name: row.name,
    table: row.table_display,
    definition: row.ddl,
    ddl: row.ddl,
    phase: 'post-data',
    rank: 11,
    dependsOn: row.depends_on,
  }));
}
