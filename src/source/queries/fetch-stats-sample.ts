import type { Table } from '../model.js';
import { quoteIdent, sampleScan, type SamplePlan } from './fetch-sample.js';
import type { CatalogReader } from './user-objects.js';

export interface StatsSampleColumn {
  name: string;
  /** Sorts and compares natively; otherwise values are grouped by their text and get no histogram */
  orderable: boolean;
}

export interface StatsSampleColumnRow {
  nulls: number;
  /** Average pg_column_size of the non-null values, NULL when all are NULL */
  width: number | null;
  /** Distinct non-null values in the sample, and how many of them occur once (for the n_distinct estimate) */
  distinct: number;
  singletons: number;
  /** [value as text, occurrences], most common first; only values seen more than once */
  most_common: [string, number][] | null;
  /** percentile_disc at the fractions asked for, over the values not in most_common; NULL when not orderable */
  histogram: string[] | null;
}

export interface StatsSampleRow {
  sampled: number;
  columns: StatsSampleColumnRow[];
}

/**
 * Column statistics over one bounded sample of a table, computed by the server the way ANALYZE does: null count,
 * average width, distinct count, most-common values, equal-population histogram bounds. One query per table: the
 * sample is read once, then grouped per column.
 */
export async function fetchStatsSample(
  db: CatalogReader,
  table: Table,
  columns: readonly StatsSampleColumn[],
  plan: SamplePlan,
  options: { mostCommon: number; histogramFractions: readonly number[] },
): Promise<StatsSampleRow> {
  if (columns.length === 0) return { sampled: 0, columns: [] };
  const params: unknown[] = [];
  const scan = sampleScan(table, columns.map((c, i) => `${quoteIdent(c.name)} AS c${i}`).join(', '), plan, params);
  params.push(options.mostCommon);
  const mostCommon = `$${params.length}::int`;
  let fractions = '';
  // pushed only when a column is orderable: an unreferenced parameter has no type, and PostgreSQL rejects it
  const histogramFractions = () => {
    if (!fractions) {
      params.push(options.histogramFractions);
      fractions = `$${params.length}::float8[]`;
    }
    return fractions;
  };
  const ctes = columns.flatMap((c, i) => [
    `g${i} AS (SELECT c${i}${c.orderable ? '' : '::text'} AS k, count(*) AS n FROM s WHERE c${i} IS NOT NULL GROUP BY 1)`,
    `m${i} AS (SELECT k, n FROM g${i} WHERE n > 1 ORDER BY n DESC, k LIMIT ${mostCommon})`,
  ]);
  const selects = columns.map(
    (c, i) => `json_build_object(
      'nulls', (SELECT count(*) FROM s WHERE c${i} IS NULL),
      'width', (SELECT avg(pg_column_size(c${i}))::float8 FROM s WHERE c${i} IS NOT NULL),
      'distinct', (SELECT count(*) FROM g${i}),
      'singletons', (SELECT count(*) FROM g${i} WHERE n = 1),
      'most_common', (SELECT json_agg(json_build_array(k::text, n) ORDER BY n DESC, k) FROM m${i}),
      'histogram', ${
        c.orderable
          ? `(SELECT (percentile_disc(${histogramFractions()}) WITHIN GROUP (ORDER BY c${i}))::text::text[] FROM s
              WHERE c${i} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM m${i} WHERE m${i}.k = s.c${i}))`
          : 'NULL'
      }) AS c${i}`,
  );
  const sql = `WITH s AS (${scan})${ctes.map((cte) => `,\n${cte}`).join('')}
SELECT (SELECT count(*) FROM s) AS sampled${selects.map((s) => `,\n${s}`).join('')}`;
  const [row] = await db.query<Record<string, unknown>>(sql, params);
  return {
    sampled: Number(row?.sampled ?? 0),
    columns: columns.map((_, i) => {
      const column = row?.[`c${i}`] as StatsSampleColumnRow;
      return { ...column, nulls: Number(column.nulls), distinct: Number(column.distinct), singletons: Number(column.singletons) };
    }),
  };
}
