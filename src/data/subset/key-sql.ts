import pg from 'pg';
import type { Table } from '../../source/model.js';
import { fromTable, type RowUnit, type RowUnits } from './row-units.js';

/** Picked rows of one unit: each row's key (its key columns' text joined by NUL, which no text value holds) → the oid of the leaf table holding it */
export type KeySet = ReadonlyMap<string, number>;

/** A key row as keySelect() returns it */
export type KeyRow = Record<string, string>;

/** Rows of one table among given keys: FROM … WHERE …, with bind parameters $1… */
export interface KeyedRows {
  from: string;
  where: string;
  params: string[][];
}

const batch = 5000;

const column = (alias: string, sql: string) => (alias ? `${alias}.${sql}` : sql);

/** The select list of a row's key as text (`k0`, `k1`, …) and the oid of the table holding it (`leaf`). */
export function keySelect(unit: RowUnit, alias = ''): string {
  return [...unit.key.map((k, i) => `${column(alias, k.sql)}::text AS k${i}`), `${column(alias, 'tableoid')}::int8 AS leaf`].join(', ');
}

/** The key columns, for ORDER BY and PARTITION BY. */
export function keyColumns(unit: RowUnit, alias = ''): string {
  return unit.key.map((k) => column(alias, k.sql)).join(', ');
}

export function keyOf(unit: RowUnit, row: KeyRow): string {
  return unit.key.map((_, i) => row[`k${i}`]).join('\0');
}

/**
 * Rows of `scope` (a table of the unit: its head, or a partition of it) whose key is in `keys`, in batches of bind
 * parameters. A primary key is matched by value, cast back to its type so that an index can serve; a physical key
 * is matched per leaf table by `ctid = ANY (…)`, a TID scan.
 */
export function keyedRows(units: RowUnits, unit: RowUnit, scope: Table, keys: KeySet, alias: string): KeyedRows[] {
  const leaves = units.leavesUnder(scope);
  const result: KeyedRows[] = [];
  if (unit.physical) {
    for (const leaf of leaves) {
      const ctids = [...keys].filter(([, oid]) => oid === leaf.oid).map(([k]) => k.slice(k.indexOf('\0') + 1));
      for (const part of chunks(ctids, batch)) result.push({ from: `ONLY ${leaf.sql}`, where: matchKeys(unit, alias, ['$1']), params: [part] });
    }
    return result;
  }
  const oids = new Set(leaves.map((t) => t.oid));
  const own = [...keys].filter(([, oid]) => oids.has(oid)).map(([k]) => k);
  for (const part of chunks(own, batch)) {
    const values = part.map((k) => k.split('\0'));
    result.push({ from: fromTable(scope), where: matchKeys(unit, alias, unit.key.map((_, i) => `$${i + 1}`)), params: unit.key.map((_, i) => values.map((v) => v[i]!)) });
  }
  return result;
}

/**
 * WHERE conditions, keys inlined as literals (COPY takes no bind parameters), that select the picked rows of one
 * leaf table, in batches; generated one at a time so that only the keys themselves stay in memory.
 */
export function* inlinedKeyConditions(unit: RowUnit, keys: readonly string[]): Generator<string> {
  for (const part of chunks(keys, 10_000)) {
    if (unit.physical) {
      yield matchKeys(unit, '', [arrayLiteral(part.map((k) => k.slice(k.indexOf('\0') + 1)))]);
    } else {
      const values = part.map((k) => k.split('\0'));
      yield matchKeys(unit, '', unit.key.map((_, i) => arrayLiteral(values.map((v) => v[i]!))));
    }
  }
}

/** `arrays` hold the key values as text, one array (a parameter or a literal) per key column. */
function matchKeys(unit: RowUnit, alias: string, arrays: string[]): string {
  if (unit.physical) return `${column(alias, 'ctid')} = ANY (${arrays[0]}::tid[])`;
  const names = unit.key.map((_, i) => `k${i}`);
  const casts = unit.key.map((k, i) => `CAST(k.k${i} AS ${k.type})`);
  return `(${keyColumns(unit, alias)}) IN (SELECT ${casts.join(', ')} FROM unnest(${arrays.map((a) => `${a}::text[]`).join(', ')}) AS k(${names.join(', ')}))`;
}

/** A text[] literal: every element double-quoted with its quotes and backslashes escaped, the whole escaped for SQL. */
function arrayLiteral(values: readonly string[]): string {
  return pg.escapeLiteral(`{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
