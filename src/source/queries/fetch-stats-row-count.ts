import type { Table } from '../model.js';
import type { CatalogReader } from './user-objects.js';

export interface StatsRowCountRow {
  /** Rows read, at most the limit: fewer means this is the exact count */
  rows: number;
  /** Pages those rows came from (a sequential scan reads them in order), and the rows on all but the last of them (which the limit may cut short) */
  pages: number;
  rows_before_last_page: number;
}

/**
 * Counts a table's own rows (ONLY: an inheritance child counts its own), reading at most `limit` of them, so that a
 * table whose size the catalog does not know is never scanned in full. The block number of each ctid gives the rows
 * per page, from which a table that reaches the limit is estimated.
 */
export async function fetchStatsRowCount(db: CatalogReader, table: Table, limit: number): Promise<StatsRowCountRow> {
  const [row] = await db.query<Record<keyof StatsRowCountRow, string>>(
    `WITH r AS (SELECT (ctid::text::point)[0] AS block FROM ONLY ${table.sql} LIMIT $1)
     SELECT count(*) AS rows, coalesce(max(block) - min(block) + 1, 0) AS pages,
            count(*) FILTER (WHERE block < (SELECT max(block) FROM r)) AS rows_before_last_page FROM r`,
    [limit],
  );
  return { rows: Number(row?.rows ?? 0), pages: Number(row?.pages ?? 0), rows_before_last_page: Number(row?.rows_before_last_page ?? 0) };
}
