/** Schemas that belong to the application: not the system's, not ours, not an extension's. */
export const userSchemaFilter = (nspAlias: string) =>
  `${nspAlias}.nspname NOT IN ('pg_catalog', 'information_schema', 'sandbox_baseline') AND ${nspAlias}.nspname NOT LIKE 'pg\\_%'`;

/** Objects created by CREATE EXTENSION are recreated by it, never one by one. */
export const notExtensionMember = (catalog: string, oidExpr: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '${catalog}'::regclass AND e.objid = ${oidExpr} AND e.deptype = 'e')`;

/** Minimal interface both the read-only source and a sandbox client satisfy. */
export interface CatalogReader {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}
