import type { CatalogReader } from './user-objects.js';

export interface StatsRow {
  table_display: string;
  column: string;
  /** true: the statistics of a partitioned or inheritance parent over its children's rows as well */
  inherited: boolean;
  null_frac: number;
  avg_width: number;
  n_distinct: number;
  /** anyarray printed and read back as text[], so every type arrives in its output format */
  most_common_vals: string[] | null;
  most_common_freqs: number[] | null;
  histogram_bounds: string[] | null;
}

// pg_stats, not pg_statistic: it is readable by any role and shows only the columns that role may SELECT
const query = `
SELECT s.schemaname || '.' || s.tablename AS table_display, s.attname AS column, s.inherited,
       s.null_frac, s.avg_width, s.n_distinct,
       s.most_common_vals::text::text[] AS most_common_vals, s.most_common_freqs,
       s.histogram_bounds::text::text[] AS histogram_bounds
  FROM pg_stats s
 WHERE s.schemaname NOT IN ('pg_catalog', 'information_schema', 'sandbox_baseline') AND s.schemaname NOT LIKE 'pg\\_%'
 ORDER BY s.schemaname, s.tablename, s.attname, s.inherited`;

/** The server's own column statistics from its last ANALYZE, for every column that has them (this tool never runs ANALYZE). */
export async function fetchStats(db: CatalogReader): Promise<StatsRow[]> {
  return db.query<StatsRow>(query);
}
