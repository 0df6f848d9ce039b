import pg from 'pg';
import type { SchemaModel, SchemaObject } from '../source/model.js';
import { orderByDependencies, type Orderable } from './dependency-order.js';
import type { DdlStatement } from './run-ddl.js';
import { tableDdl } from './table-ddl.js';

/*
 * The order a clone is built in, as pg_restore does it: pre-data before the rows, post-data after them, then the
 * sequence values. Inside a phase the ranks give the order, and pg_depend moves an object after whatever it needs (a
 * view on a view, a function in a default, a type in a function's signature).
 *   pre-data   0 roles, schemas · 1 extensions · 2 collations, types · 3 sequences · 4 functions · tables ·
 *              8 views · 9 sequence ownership
 *   post-data  1 primary keys · 2 unique · 3 exclusion · 4 check · 5 indexes · 6 index attachments ·
 *              7 table settings · 8 foreign keys · 9 triggers · 10 rules · 11 policies · 12 statistics ·
 *              13 materialized view refreshes · 14 comments
 */

type Planned = DdlStatement & Orderable;

function planned(o: SchemaObject): Planned {
  return { label: `${o.objectType} ${o.name}`, sql: o.ddl, ...(o.provides ? { provides: o.provides } : {}), ...(o.dependsOn ? { dependsOn: o.dependsOn } : {}) };
}

function byRank(phase: SchemaObject['phase'], objects: readonly SchemaObject[]): SchemaObject[] {
  return objects
    .filter((o) => o.phase === phase)
    .map((o, i) => ({ o, i }))
    .sort((a, b) => a.o.rank - b.o.rank || a.i - b.i)
    .map(({ o }) => o);
}

const withoutOrdering = ({ label, sql }: Planned): DdlStatement => ({ label, sql });

export function preDataStatements(model: SchemaModel): DdlStatement[] {
  const byDisplay = new Map(model.tables.map((t) => [t.display, t]));
  const objects = byRank('pre-data', model.objects.filter((o) => o.rank < 6)).map(planned);
  const tables = model.tables.map(
    (t): Planned => ({
      label: `table ${t.display}`,
      sql: tableDdl(t, (display) => byDisplay.get(display)),
      ...(t.provides ? { provides: t.provides } : {}),
      ...(t.dependsOn ? { dependsOn: t.dependsOn } : {}),
    }),
  );
  const later = byRank('pre-data', model.objects.filter((o) => o.rank >= 6)).map(planned);
  return orderByDependencies([...objects, ...tables, ...later]).map(withoutOrdering);
}

export function postDataStatements(model: SchemaModel): DdlStatement[] {
  const setvals = model.sequenceValues.map((s) => {
    const loadedMax = s.ownedBy ? `(SELECT max(${s.ownedBy.column}) FROM ${s.ownedBy.tableSql})::bigint` : 'NULL::bigint';
    // the larger of production's value and the loaded maximum, so the next insert never collides
    return {
      label: `sequence value ${s.sql}`,
      sql: `SELECT setval(${pg.escapeLiteral(s.sql)}, v) FROM (SELECT greatest(${s.lastValue ?? 'NULL'}::bigint, ${loadedMax}) AS v) s WHERE v IS NOT NULL`,
    };
  });
  return [...orderByDependencies(byRank('post-data', model.objects).map(planned)).map(withoutOrdering), ...setvals];
}
