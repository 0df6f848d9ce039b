import pg from 'pg';
import type { SchemaModel, SchemaObject } from '../source/model.js';
import type { DdlStatement } from './run-ddl.js';
import { tableDdl } from './table-ddl.js';

/*
 * The order a clone is built in, as pg_restore does it: pre-data (schemas, extensions, types, sequences, functions,
 * tables, views) before the rows, post-data (keys, indexes, foreign keys, triggers, sequence values) after them.
 */

function byRank(phase: SchemaObject['phase'], objects: readonly SchemaObject[]): DdlStatement[] {
  return objects
    .filter((o) => o.phase === phase)
    .map((o, i) => ({ o, i }))
    .sort((a, b) => a.o.rank - b.o.rank || a.i - b.i)
    .map(({ o }) => ({ label: `${o.objectType} ${o.name}`, sql: o.ddl }));
}

export function preDataStatements(model: SchemaModel): DdlStatement[] {
  const sqlOf = new Map(model.tables.map((t) => [t.display, t.sql]));
  const sqlNameOf = (display: string) => sqlOf.get(display) ?? display;
  const objects = byRank('pre-data', model.objects.filter((o) => o.rank < 6));
  const tables = model.tables.map((t) => ({ label: `table ${t.display}`, sql: tableDdl(t, sqlNameOf) }));
  const later = byRank('pre-data', model.objects.filter((o) => o.rank >= 6));
  return [...objects, ...tables, ...later];
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
  return [...byRank('post-data', model.objects), ...setvals];
}

