import type { ColumnProfile, ForeignKeyFanout, TableProfile } from '../snapshot/manifest.js';
import type { Table, SchemaModel } from './model.js';
import { fetchFanout, type FanoutRow } from './queries/fetch-fanout.js';
import { fetchForeignKeys } from './queries/fetch-foreign-keys.js';
import { planSample, type SamplePlan } from './queries/fetch-sample.js';
import { fetchStats, type StatsRow } from './queries/fetch-stats.js';
import { fetchStatsColumns } from './queries/fetch-stats-columns.js';
import { fetchStatsRowCount } from './queries/fetch-stats-row-count.js';
import { fetchStatsSample, type StatsSampleColumnRow } from './queries/fetch-stats-sample.js';
import { fetchStatsTables, type StatsTableRow } from './queries/fetch-stats-tables.js';
import type { CatalogReader } from './queries/user-objects.js';

export type { ColumnProfile, ForeignKeyFanout, TableProfile } from '../snapshot/manifest.js';

export interface CollectStatsOptions {
  /** Tables the catalog puts below this many rows are counted with count(*); larger ones are estimated. Default 1,000,000 */
  exactBelow?: number;
  /** Rows read for the columns of a table that has no pg_stats entry; a smaller table is read whole. Default 30,000 (ANALYZE's) */
  sampleRows?: number;
  /** Child rows read for the fan-out of a foreign key whose child table is at or above exactBelow. Default 100,000 */
  fanoutSampleRows?: number;
  /** Most-common values kept per sampled column. Default 100 (PostgreSQL's default statistics target) */
  mostCommon?: number;
  /** Histogram buckets per sampled column. Default 100 */
  histogramBuckets?: number;
  /** TABLESAMPLE REPEATABLE seed: the same snapshot of production gives the same profile. Default 0 */
  seed?: number;
  progress?: (line: string) => void;
}

/** The profile of a whole source: what stats.json holds (each table's `file` is the snapshot writer's to add). */
export interface SourceProfile {
  /** By display name (`public.users`); every table of the model, partitions and partitioned tables included */
  tables: Record<string, TableProfile>;
  foreignKeys: ForeignKeyFanout[];
}

// columns per sampling query: one sample read per chunk, and a query text of reasonable size for wide tables
const columnsPerQuery = 32;

/**
 * Profiles the source read-only, for synthetic data and the equivalence report: row counts, per-column distributions
 * and per-foreign-key fan-out. Column statistics come from pg_stats where the server has them (this never runs
 * ANALYZE: the source is read-only), else from one bounded sample per table; nothing reads a large table in full.
 * Run it inside the source's one read-only transaction, after introspect().
 * @example const profile = await collectStats(source, model, { exactBelow: 100_000 });
 */
export async function collectStats(source: CatalogReader, model: SchemaModel, options: CollectStatsOptions = {}): Promise<SourceProfile> {
  const settings = {
    exactBelow: options.exactBelow ?? 1_000_000,
    sampleRows: options.sampleRows ?? 30_000,
    fanoutSampleRows: options.fanoutSampleRows ?? 100_000,
    mostCommon: options.mostCommon ?? 100,
    histogramBuckets: options.histogramBuckets ?? 100,
    seed: options.seed ?? 0,
  };
  const progress = options.progress ?? (() => undefined);
  const sizes = new Map((await fetchStatsTables(source)).map((row) => [row.table_display, row]));
  const columnTypes = groupBy(await fetchStatsColumns(source), (row) => row.table_display);
  const serverStats = groupBy(
    (await fetchStats(source)).filter((row) => !row.inherited),
    (row) => row.table_display,
  );
  const histogramFractions = Array.from({ length: settings.histogramBuckets + 1 }, (_, i) => i / settings.histogramBuckets);

  const tables: Record<string, TableProfile> = {};
  for (const table of model.tables.filter((t) => t.kind === 'table')) {
    const count = await countRows(source, table, sizes.get(table.display), settings.exactBelow);
    const stats = new Map((serverStats.get(table.display) ?? []).map((row) => [row.column, row]));
    const columns: Record<string, ColumnProfile> = {};
    const unanalysed: Table['columns'] = [];
    // ANALYZE of a range column counts no distinct values (pg_stats says -1, all distinct): those are sampled instead
    const ranges = new Set((columnTypes.get(table.display) ?? []).filter((row) => row.category === 'R').map((row) => row.column));
    for (const column of table.columns) {
      const row = stats.get(column.name);
      if (row && !ranges.has(column.name)) columns[column.name] = fromPgStats(row);
      else unanalysed.push(column);
    }
    let sampledRows: number | undefined;
    if (unanalysed.length > 0) {
      const plan: SamplePlan = planSample(count.rows, settings.sampleRows, settings.seed);
      const orderable = new Map((columnTypes.get(table.display) ?? []).map((row) => [row.column, row.orderable]));
      for (let i = 0; i < unanalysed.length; i += columnsPerQuery) {
        const chunk = unanalysed.slice(i, i + columnsPerQuery).map((c) => ({ name: c.name, orderable: orderable.get(c.name) ?? false }));
        const sample = await fetchStatsSample(source, table, chunk, plan, { mostCommon: settings.mostCommon, histogramFractions });
        sampledRows = sample.sampled;
        const whole = plan.percent === undefined && sample.sampled < plan.limit;
        for (const [j, column] of chunk.entries()) columns[column.name] = fromSample(sample.columns[j]!, sample.sampled, count.rows, whole);
      }
    }
    tables[table.display] = {
      rows: count.rows,
      exact: count.exact,
      ...(table.partitionOf ? { partitionOf: table.partitionOf } : {}),
      ...(sampledRows !== undefined ? { sampledRows } : {}),
      // in the table's column order, whichever way each column was profiled
      columns: Object.fromEntries(table.columns.map((c) => [c.name, columns[c.name]!])),
    };
    progress(`stats: ${table.display} ${count.exact ? '' : '~'}${count.rows} rows`);
  }
  addPartitionedTables(model, tables);

  const foreignKeys: ForeignKeyFanout[] = [];
  const byName = new Map(model.tables.map((t) => [t.display, t]));
  // the model lists its foreign keys; a model read from an older snapshot may not
  for (const key of model.foreignKeys ?? (await fetchForeignKeys(source))) {
    const child = byName.get(key.table);
    const childProfile = tables[key.table];
    const parentProfile = tables[key.refTable];
    if (!child || !childProfile || !parentProfile) continue;
    const name = `${key.table}.${key.name}`;
    const plan = childProfile.exact ? 'all' : planSample(childProfile.rows, settings.fanoutSampleRows, settings.seed);
    const row = await fetchFanout(source, child, key.columns, plan);
    foreignKeys.push({
      name,
      table: key.table,
      columns: key.columns,
      references: key.refTable,
      referencedColumns: key.refColumns,
      ...fanoutFrom(row, plan === 'all', childProfile.rows, parentProfile.rows),
    });
    progress(`stats: fan-out of ${name}`);
  }
  return { tables, foreignKeys };
}

interface RowCount {
  rows: number;
  exact: boolean;
}

/**
 * count(*) when the catalog puts the table below `exactBelow` rows, else the planner's estimate. A table the
 * catalog knows nothing about (never vacuumed or analysed) is counted up to the limit and, past it, estimated from
 * the density of the rows read.
 */
async function countRows(source: CatalogReader, table: Table, size: StatsTableRow | undefined, exactBelow: number): Promise<RowCount> {
  const estimate = size?.estimated_rows ?? null;
  if (estimate !== null && estimate >= exactBelow) return { rows: Math.round(estimate), exact: false };
  const counted = await fetchStatsRowCount(source, table, exactBelow);
  if (counted.rows < exactBelow) return { rows: counted.rows, exact: true };
  // the last page read may be cut short by the limit: the density comes from the pages before it
  const perPage = counted.pages > 1 ? counted.rows_before_last_page / (counted.pages - 1) : counted.rows;
  return { rows: Math.max(counted.rows, Math.round(perPage * (size?.pages ?? 0))), exact: false };
}

/** A partitioned table has no rows of its own: its count is its partitions', at any depth. */
function addPartitionedTables(model: SchemaModel, tables: Record<string, TableProfile>): void {
  const partitions = groupBy(
    model.tables.filter((t) => t.partitionOf),
    (t) => t.partitionOf!,
  );
  const total = (table: Table): RowCount => {
    if (table.kind === 'table') return { rows: tables[table.display]?.rows ?? 0, exact: tables[table.display]?.exact ?? false };
    const parts = (partitions.get(table.display) ?? []).map(total);
    return { rows: parts.reduce((sum, p) => sum + p.rows, 0), exact: parts.every((p) => p.exact) };
  };
  for (const table of model.tables.filter((t) => t.kind === 'partitioned')) {
    tables[table.display] = { ...total(table), ...(table.partitionOf ? { partitionOf: table.partitionOf } : {}) };
  }
}

/** A column's profile from its pg_stats row; the equivalence report reads a sandbox's statistics the same way. */
export function fromPgStats(row: StatsRow): ColumnProfile {
  const values = row.most_common_vals;
  const bounds = row.histogram_bounds;
  return {
    source: 'pg_stats',
    exact: false,
    nullFraction: clamp01(Number(row.null_frac)),
    distinct: Number(row.n_distinct),
    averageWidth: Number(row.avg_width),
    ...(values && row.most_common_freqs ? { mostCommon: { values, frequencies: row.most_common_freqs.map((f) => clamp01(Number(f))) } } : {}),
    ...(bounds && bounds.length >= 2 ? { histogram: { bounds, buckets: bounds.length - 1 } } : {}),
  };
}

/** pg_stats-compatible numbers from a sample of `sampled` rows of a table of `rows` rows; `whole`: the sample was the table. */
function fromSample(column: StatsSampleColumnRow, sampled: number, rows: number, whole: boolean): ColumnProfile {
  const nullFraction = sampled > 0 ? column.nulls / sampled : 0;
  const bounds = dedupeAdjacent(column.histogram ?? []);
  const mostCommon = column.most_common ?? [];
  return {
    source: 'sample',
    exact: whole,
    nullFraction,
    distinct: nDistinct({ sampled, nonNull: sampled - column.nulls, distinct: column.distinct, singletons: column.singletons, rows: whole ? sampled : rows, nullFraction, whole }),
    averageWidth: Math.round(column.width ?? 0),
    ...(mostCommon.length > 0 ? { mostCommon: { values: mostCommon.map(([value]) => value), frequencies: mostCommon.map(([, n]) => n / sampled) } } : {}),
    ...(bounds.length >= 2 ? { histogram: { bounds, buckets: bounds.length - 1 } } : {}),
  };
}

/**
 * n_distinct as ANALYZE computes it (analyze.c): the Haas-Stokes estimator over the sample, stored as a negative
 * fraction of the rows when it exceeds a tenth of them, so that it scales with the table.
 */
function nDistinct(s: { sampled: number; nonNull: number; distinct: number; singletons: number; rows: number; nullFraction: number; whole: boolean }): number {
  if (s.nonNull <= 0 || s.distinct <= 0) return 0;
  let estimate: number;
  if (s.whole || s.singletons === 0) estimate = s.distinct;
  else if (s.singletons === s.distinct) return round6(-(1 - s.nullFraction));
  else estimate = haasStokes(s.nonNull, s.distinct, s.singletons, s.rows * (1 - s.nullFraction));
  return estimate > 0.1 * s.rows ? round6(-Math.min(1, estimate / s.rows)) : Math.round(estimate);
}

/**
 * Haas & Stokes' Duj1 estimator of the distinct values in a population of `total` from a sample of `n` values with
 * `d` distinct, `f1` of them seen once: n·d / (n − f1 + f1·n/total), between d and total.
 */
function haasStokes(n: number, d: number, f1: number, total: number): number {
  if (total <= n) return d;
  const estimate = (n * d) / (n - f1 + (f1 * n) / total);
  return Math.round(Math.min(Math.max(estimate, d), total));
}

function fanoutFrom(row: FanoutRow, whole: boolean, childRows: number, parentRows: number): Omit<ForeignKeyFanout, 'name' | 'table' | 'columns' | 'references' | 'referencedColumns'> {
  const nullFraction = row.sampled > 0 ? row.nulls / row.sampled : 0;
  const nonNull = row.sampled - row.nulls;
  const quantiles = row.quantiles ?? [0, 0, 0];
  if (whole || nonNull === 0 || row.sampled >= childRows) {
    return {
      exact: whole,
      nullFraction,
      referencedParents: row.parents,
      childlessParents: Math.max(0, parentRows - row.parents),
      min: row.min,
      max: row.max,
      mean: row.parents > 0 ? round6(nonNull / row.parents) : 0,
      quantiles: { p50: quantiles[0] ?? 0, p90: quantiles[1] ?? 0, p99: quantiles[2] ?? 0 },
    };
  }
  // a sample of a fraction f of the children: a parent's count in it is about f times its real count when its
  // children are spread over the table's pages (rows that arrive over time are); clustered ones are over-counted
  const children = childRows * (1 - nullFraction);
  const fraction = nonNull / children;
  const parents = Math.min(Math.max(1, parentRows), haasStokes(nonNull, row.parents, row.singletons, children));
  const scale = (n: number) => Math.min(Math.round(children), Math.max(1, Math.round(n / fraction)));
  return {
    exact: false,
    nullFraction,
    referencedParents: parents,
    childlessParents: Math.max(0, parentRows - parents),
    min: scale(row.min),
    max: scale(row.max),
    mean: round6(children / parents),
    quantiles: { p50: scale(quantiles[0] ?? 0), p90: scale(quantiles[1] ?? 0), p99: scale(quantiles[2] ?? 0) },
  };
}

function dedupeAdjacent(values: readonly string[]): string[] {
  return values.filter((value, i) => i === 0 || value !== values[i - 1]);
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
