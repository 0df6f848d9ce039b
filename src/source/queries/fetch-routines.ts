import type { SchemaObject } from '../model.js';
import { notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface RoutineRow {
  name: string;
  def: string;
}

const query = `
SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS name, pg_get_functiondef(p.oid) AS def
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE p.prokind IN ('f', 'p') AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_proc', 'p.oid')}
 ORDER BY p.oid`;

// pg_get_functiondef refuses aggregates, so their CREATE AGGREGATE is assembled from pg_aggregate in SQL.
const aggregateQuery = `
SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS name,
       format('CREATE AGGREGATE %I.%I(%s) (SFUNC = %s, STYPE = %s%s%s%s%s);', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
              a.aggtransfn::regproc, format_type(a.aggtranstype, NULL),
              CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::regproc ELSE '' END,
              CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::regproc ELSE '' END,
              CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || quote_literal(a.agginitval) ELSE '' END,
              CASE WHEN a.aggsortop <> 0 THEN ', SORTOP = OPERATOR(' || a.aggsortop::regoperator::text || ')' ELSE '' END) AS def
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_aggregate a ON a.aggfnoid = p.oid
 WHERE p.prokind = 'a' AND a.aggkind = 'n' AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_proc', 'p.oid')}
 ORDER BY p.oid`;

/** Functions and procedures as pg_get_functiondef prints them (trigger functions among them), then plain aggregates. */
export async function fetchRoutines(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = [...(await db.query<RoutineRow>(query)), ...(await db.query<RoutineRow>(aggregateQuery))];
  return rows.map((row) => ({ objectType: 'function', name: row.name, definition: row.def, ddl: row.def.trimEnd().endsWith(';') ? row.def : `${row.def};`, phase: 'pre-data', rank: 4 }));
}
