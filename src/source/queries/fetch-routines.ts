import type { SchemaObject } from '../model.js';
import { catalogId, cFunction, dependenciesOf, notExtensionMember, notInternalPart, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface RoutineRow {
  name: string;
  def: string;
  provides: string[];
  depends_on: string[] | null;
}

const identity = `format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))`;
const dependencyColumns = `json_build_array(${catalogId('pg_proc', 'p.oid')}) AS provides, ${dependenciesOf('pg_proc', 'p.oid')} AS depends_on`;
const reproducible = `${userSchemaFilter('n')} AND ${notExtensionMember('pg_proc', 'p.oid')} AND ${notInternalPart('pg_proc', 'p.oid')} AND NOT ${cFunction('p')}`;

const query = `
SELECT ${identity} AS name, pg_get_functiondef(p.oid) AS def, ${dependencyColumns}
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE p.prokind IN ('f', 'p') AND ${reproducible}
 ORDER BY p.oid`;

const fn = (oidExpr: string) => `(SELECT format('%I.%I', fn.nspname, f.proname) FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace WHERE f.oid = ${oidExpr})`;
const option = (name: string, valueExpr: string, when: string) => `CASE WHEN ${when} THEN format(', ${name} = %s', ${valueExpr}) ELSE '' END`;
const modify = (column: string) => `CASE ${column} WHEN 'r' THEN 'READ_ONLY' WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END`;

// pg_get_functiondef refuses aggregates, so their CREATE AGGREGATE is assembled from pg_aggregate in SQL, every
// option that pg_dump would print included (the defaults are written out too: the catalog ends up the same).
const aggregateQuery = `
SELECT ${identity} AS name,
       format('CREATE AGGREGATE %I.%I(%s) (SFUNC = %s, STYPE = %s', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid),
              ${fn('a.aggtransfn')}, format_type(a.aggtranstype, NULL))
       || ${option('SSPACE', 'a.aggtransspace', 'a.aggtransspace <> 0')}
       || ${option('FINALFUNC', fn('a.aggfinalfn'), 'a.aggfinalfn <> 0')}
       || CASE WHEN a.aggfinalextra THEN ', FINALFUNC_EXTRA' ELSE '' END
       || ${option('FINALFUNC_MODIFY', modify('a.aggfinalmodify'), 'a.aggfinalfn <> 0')}
       || ${option('COMBINEFUNC', fn('a.aggcombinefn'), 'a.aggcombinefn <> 0')}
       || ${option('SERIALFUNC', fn('a.aggserialfn'), 'a.aggserialfn <> 0')}
       || ${option('DESERIALFUNC', fn('a.aggdeserialfn'), 'a.aggdeserialfn <> 0')}
       || ${option('INITCOND', 'quote_literal(a.agginitval)', 'a.agginitval IS NOT NULL')}
       || ${option('MSFUNC', fn('a.aggmtransfn'), 'a.aggmtransfn <> 0')}
       || ${option('MINVFUNC', fn('a.aggminvtransfn'), 'a.aggminvtransfn <> 0')}
       || ${option('MSTYPE', 'format_type(a.aggmtranstype, NULL)', 'a.aggmtranstype <> 0')}
       || ${option('MSSPACE', 'a.aggmtransspace', 'a.aggmtransspace <> 0')}
       || ${option('MFINALFUNC', fn('a.aggmfinalfn'), 'a.aggmfinalfn <> 0')}
       || CASE WHEN a.aggmfinalextra THEN ', MFINALFUNC_EXTRA' ELSE '' END
       || ${option('MFINALFUNC_MODIFY', modify('a.aggmfinalmodify'), 'a.aggmfinalfn <> 0')}
       || ${option('MINITCOND', 'quote_literal(a.aggminitval)', 'a.aggminitval IS NOT NULL')}
       || ${option('SORTOP', "(SELECT format('OPERATOR(%I.%s)', opn.nspname, op.oprname) FROM pg_operator op JOIN pg_namespace opn ON opn.oid = op.oprnamespace WHERE op.oid = a.aggsortop)", 'a.aggsortop <> 0')}
       || CASE WHEN a.aggkind = 'h' THEN ', HYPOTHETICAL' ELSE '' END
       || ${option('PARALLEL', "CASE p.proparallel WHEN 's' THEN 'SAFE' ELSE 'RESTRICTED' END", "p.proparallel <> 'u'")}
       || ');' AS def,
       ${dependencyColumns}
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_aggregate a ON a.aggfnoid = p.oid
 WHERE p.prokind = 'a' AND ${reproducible}
 ORDER BY p.oid`;

/** Functions and procedures as pg_get_functiondef prints them (trigger functions among them), then aggregates. */
export async function fetchRoutines(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = [...(await db.query<RoutineRow>(query)), ...(await db.query<RoutineRow>(aggregateQuery))];
  return rows.map((row) => ({
    objectType: 'function',
    name: row.name,
    definition: row.def,
    ddl: row.def.trimEnd().endsWith(';') ? row.def : `${row.def};`,
    phase: 'pre-data',
    rank: 4,
    provides: row.provides,
    dependsOn: row.depends_on ?? [],
  }));
}
