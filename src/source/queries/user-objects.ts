/** Schemas that belong to the application: not the system's, not ours, not an extension's. */
export const userSchemaFilter = (nspAlias: string) =>
  `${nspAlias}.nspname NOT IN ('pg_catalog', 'information_schema', 'sandbox_baseline') AND ${nspAlias}.nspname NOT LIKE 'pg\\_%'`;

/** Objects created by CREATE EXTENSION are recreated by it, never one by one. */
export const notExtensionMember = (catalog: string, oidExpr: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend ext_dep WHERE ext_dep.classid = '${catalog}'::regclass AND ext_dep.objid = ${oidExpr} AND ext_dep.deptype = 'e')`;

/**
 * Objects PostgreSQL makes implicitly with another one (the constructors of a multirange, the sequence of an identity
 * column, the row type of a table): recreating their owner recreates them.
 */
export const notInternalPart = (catalog: string, oidExpr: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend int_dep WHERE int_dep.classid = '${catalog}'::regclass AND int_dep.objid = ${oidExpr} AND int_dep.deptype = 'i')`;

/*
 * Instances of supported kinds that a sandbox still cannot recreate. fetch-inventory.ts lists them as unsupported
 * with these same predicates, and the fetch-* queries leave them out, so the two never disagree.
 */

/** A C function needs its shared library, which the sandbox's server may not have. */
export const cFunction = (procAlias: string) => `${procAlias}.prolang = (SELECT l.oid FROM pg_language l WHERE l.lanname = 'c')`;

/** Base and shell types are built from C input/output functions; a range with a canonical function needs one too. */
export const cType = (typeAlias: string) =>
  `(${typeAlias}.typtype IN ('b', 'p') OR EXISTS (SELECT 1 FROM pg_range cr WHERE cr.rngtypid = ${typeAlias}.oid AND cr.rngcanonical <> 0))`;

/** An index left invalid by a failed CREATE INDEX CONCURRENTLY; pg_dump leaves it out as well. */
export const invalidIndex = (indexAlias: string, tableAlias: string) => `(NOT ${indexAlias}.indisvalid AND ${tableAlias}.relkind <> 'p')`;

/** `'1259:16384'`: which catalog row a statement creates or needs, in the terms pg_depend uses. */
export const catalogId = (catalog: string, oidExpr: string) => `('${catalog}'::regclass::oid::text || ':' || (${oidExpr})::text)`;

/**
 * JSON array of the catalog ids that the rows `objidsExpr` of `catalog` depend on (normal and automatic
 * dependencies), for ordering statements so that what an object needs is created before it.
 */
export const dependenciesOf = (catalog: string, objidsExpr: string) => `
  (SELECT json_agg(DISTINCT d.refclassid::text || ':' || d.refobjid::text) FROM pg_depend d
    WHERE d.classid = '${catalog}'::regclass AND d.objid IN (${objidsExpr}) AND d.deptype IN ('n', 'a'))`;

/** Minimal interface both the read-only source and a sandbox client satisfy. */
export interface CatalogReader {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}
