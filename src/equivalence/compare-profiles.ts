import type { ColumnProfile, TableProfile } from '../snapshot/manifest.js';
import type { ColumnEquivalence, TableEquivalence } from './equivalence-schema.js';

/** What the sandbox should look like next to production. */
export interface Expectation {
  mode: string;
  /** Rows per production row: data.scale in synthetic mode, 1 otherwise */
  scale: number;
  /** A subset was asked for: fewer rows are by design, so a column's shape is compared at the sandbox's own size */
  subset: boolean;
}

export type ComparedColumn = Omit<ColumnEquivalence, 'score'>;
export type ComparedTable = Omit<TableEquivalence, 'score' | 'columns'> & { columns: ComparedColumn[] };

/**
 * The expectation for a sandbox loaded in `mode` under the config's `data` section.
 * @example expectationFor('synthetic', { scale: 0.1 }) // { mode: 'synthetic', scale: 0.1, subset: false }
 */
export function expectationFor(mode: string, data: { scale: number; subset?: unknown }): Expectation {
  return mode === 'synthetic' ? { mode, scale: data.scale, subset: false } : { mode, scale: 1, subset: data.subset !== undefined };
}

/**
 * Production's profile next to the sandbox's, per plain table and partition (a partitioned table has no rows or
 * columns of its own: its partitions are compared), in production's order. Plain numbers, not yet scored.
 * @example compareProfiles(origin.profile, await measureSandbox(db, model), expectationFor('copy', config.data))
 */
export function compareProfiles(
  production: { tables: Record<string, TableProfile> },
  sandbox: { tables: Record<string, TableProfile> },
  expectation: Expectation,
): ComparedTable[] {
  const compared: ComparedTable[] = [];
  for (const [name, prod] of Object.entries(production.tables)) {
    if (!prod.columns) continue;
    const mine = sandbox.tables[name];
    const expectedRows = Math.round(prod.rows * expectation.scale);
    const rows = mine?.rows ?? 0;
    // production's distinct values that scale with the table (negative n_distinct) scale to the rows expected; in a
    // subset, to the rows the sandbox has, since its size is chosen and its shape is what is compared
    const baseRows = expectation.subset ? rows : expectedRows;
    compared.push({
      table: name,
      expectedRows,
      rows,
      ratio: expectedRows > 0 ? rows / expectedRows : rows === 0 ? 1 : null,
      columns: Object.entries(prod.columns).map(([column, p]) => compareColumn(column, p, mine?.columns?.[column], baseRows, rows)),
    });
  }
  return compared;
}

function compareColumn(column: string, prod: ColumnProfile, mine: ColumnProfile | undefined, baseRows: number, rows: number): ComparedColumn {
  const masked = prod.masked === true || (prod.mostCommon !== undefined && prod.mostCommon.values === undefined);
  const expectedDistinct = distinctCount(prod.distinct, baseRows, true);
  const distinct = mine ? distinctCount(mine.distinct, rows, false) : null;
  return {
    column,
    nullFractionDelta: mine ? mine.nullFraction - prod.nullFraction : null,
    distinctRatio: expectedDistinct !== null && expectedDistinct > 0 && distinct !== null ? distinct / expectedDistinct : null,
    mcvOverlap: mine ? (masked ? shapeOverlap(prod, mine) : valueOverlap(prod, mine)) : null,
    ...(masked ? { masked: true as const } : {}),
  };
}

/**
 * pg_stats' n_distinct as a count: > 0 is the count, < 0 minus a fraction of the rows, 0 unknown. A fixed count
 * expected of a smaller table cannot exceed its rows.
 */
function distinctCount(nDistinct: number, rows: number, expected: boolean): number | null {
  if (nDistinct === 0) return null;
  if (nDistinct < 0) return -nDistinct * rows;
  return expected ? Math.min(nDistinct, rows) : nDistinct;
}

/** Σ over production's most-common values of min(its frequency there, in the sandbox) / Σ of production's frequencies. */
function valueOverlap(prod: ColumnProfile, mine: ColumnProfile): number | null {
  const values = prod.mostCommon?.values ?? [];
  const frequencies = prod.mostCommon?.frequencies ?? [];
  const total = sum(frequencies);
  if (values.length === 0 || total <= 0) return null;
  const sandbox = new Map<string, number>();
  (mine.mostCommon?.values ?? []).forEach((value, i) => sandbox.set(value, mine.mostCommon?.frequencies[i] ?? 0));
  return clamp01(sum(values.map((value, i) => Math.min(frequencies[i] ?? 0, sandbox.get(value) ?? 0))) / total);
}

/** For masked values: the i-th most common value's frequency against the sandbox's i-th, the same sum. */
function shapeOverlap(prod: ColumnProfile, mine: ColumnProfile): number | null {
  const frequencies = [...(prod.mostCommon?.frequencies ?? [])].sort((a, b) => b - a);
  const total = sum(frequencies);
  if (frequencies.length === 0 || total <= 0) return null;
  const sandbox = [...(mine.mostCommon?.frequencies ?? [])].sort((a, b) => b - a);
  return clamp01(sum(frequencies.map((f, i) => Math.min(f, sandbox[i] ?? 0))) / total);
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
