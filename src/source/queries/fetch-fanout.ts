import type { Table } from '../model.js';
import { quoteIdent, sampleScan, type SamplePlan } from './fetch-sample.js';
import type { CatalogReader } from './user-objects.js';

export interface FanoutRow {
  /** Child rows read: all of them, or the sample's */
  sampled: number;
  /** Of those, rows with a NULL in the key (MATCH SIMPLE: they reference nothing) */
  nulls: number;
  /** Distinct keys among the rest, i.e. referenced parents, and how many of them were seen once */
  parents: number;
  singletons: number;
  min: number;
  max: number;
  /** percentile_disc of children per parent at 0.5, 0.9, 0.99; NULL when no row references a parent */
  quantiles: number[] | null;
}

/**
 * Children per parent along one foreign key: one GROUP BY on the child table's key columns, over the whole table or
 * over a bounded sample of it (`plan`).
 */
export async function fetchFanout(db: CatalogReader, table: Table, columns: readonly string[], plan: SamplePlan | 'all'): Promise<FanoutRow> {
  const params: unknown[] = [];
  const list = columns.map((c, i) => `${quoteIdent(c)} AS k${i}`).join(', ');
  const scan = plan === 'all' ? `SELECT ${list} FROM ${table.kind === 'partitioned' ? '' : 'ONLY '}${table.sql}` : sampleScan(table, list, plan, params);
  const keys = columns.map((_, i) => `k${i}`);
  const complete = keys.map((k) => `${k} IS NOT NULL`).join(' AND ');
  const sql = `WITH s AS (${scan}),
g AS (SELECT count(*) AS n FROM s WHERE ${complete} GROUP BY ${keys.join(', ')})
SELECT (SELECT count(*) FROM s) AS sampled, (SELECT count(*) FROM s WHERE NOT (${complete})) AS nulls,
       count(*) AS parents, count(*) FILTER (WHERE n = 1) AS singletons, coalesce(min(n), 0) AS min, coalesce(max(n), 0) AS max,
       percentile_disc(ARRAY[0.5, 0.9, 0.99]) WITHIN GROUP (ORDER BY n) AS quantiles
  FROM g`;
  const [row] = await db.query<Record<string, string | string[] | null>>(sql, params);
  const number = (key: string) => Number(row?.[key] ?? 0);
  const quantiles = row?.quantiles as string[] | null | undefined;
  return {
    sampled: number('sampled'),
    nulls: number('nulls'),
    parents: number('parents'),
    singletons: number('singletons'),
    min: number('min'),
    max: number('max'),
    quantiles: quantiles ? quantiles.map(Number) : null,
  };
}
