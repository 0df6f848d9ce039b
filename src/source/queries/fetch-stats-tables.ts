import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface StatsTableRow {
  table_display: string;
  /** pg_class.reltuples: -1 when the table was never vacuumed or analysed (0 before PostgreSQL 14) */
  reltuples: number;
  relpages: number;
  /** The table's size now, in pages: reltuples / relpages describe the table as it was at the last VACUUM or ANALYZE */
  pages: number;
  /**
   * Rows now, as the planner estimates them: reltuples per page times the current pages; for a partitioned table
   * the sum over its leaf partitions. NULL when unknown (never analysed, or any leaf never analysed).
   */
  estimated_rows: number | null;
}

// the planner's estimate (estimate_rel_size): the density of the last VACUUM/ANALYZE applied to the size now
const estimate = (alias: string) => `CASE WHEN ${alias}.reltuples >= 0 AND ${alias}.relpages > 0
  THEN ${alias}.reltuples / ${alias}.relpages * (pg_relation_size(${alias}.oid) / current_setting('block_size')::int)
  WHEN ${alias}.reltuples >= 0 AND pg_relation_size(${alias}.oid) = 0 THEN 0 END`;

const query = `
SELECT n.nspname || '.' || c.relname AS table_display, c.reltuples::float8 AS reltuples, c.relpages,
       (pg_relation_size(c.oid) / current_setting('block_size')::int)::float8 AS pages,
       CASE WHEN c.relkind = 'p' THEN
         (SELECT CASE WHEN count(*) = count(e.rows) THEN sum(e.rows) END FROM pg_partition_tree(c.oid) pt
            JOIN pg_class l ON l.oid = pt.relid CROSS JOIN LATERAL (SELECT ${estimate('l')} AS rows) e WHERE pt.isleaf)
       ELSE ${estimate('c')} END::float8 AS estimated_rows
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't' AND ${userSchemaFilter('n')}
 ORDER BY c.oid`;

/** What the catalog knows about the size of every table, to choose between counting and estimating, and to size samples. */
export async function fetchStatsTables(db: CatalogReader): Promise<StatsTableRow[]> {
  return db.query<StatsTableRow>(query);
}
