import type pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';
import type { Table } from '../source/model.js';
import type { Baseline } from './capture-baseline.js';
import { baselineTable, keyList, rowHashExpr } from './row-hash.js';

export interface TableDelta {
  table: string;
  /** Display name of the partitioned parent, for roll-ups */
  partitionOf?: string;
  rowsBefore: number;
  rowsAfter: number;
  inserted: number;
  updated: number;
  deleted: number;
  created: boolean;
  dropped: boolean;
}

interface CountsRow {
  rows_before: string | null;
  rows_after: string | null;
  inserted: string | null;
  deleted: string | null;
  updated: string | null;
}

/**
 * Net effect per leaf table by primary key (by row hash where there is none): a changed key is one delete and one
 * insert, an update that leaves the stored values as they were is no update. Partitioned parents are added up
 * from their partitions by the caller.
 */
export async function diffTables(client: pg.Client, baseline: Baseline, after: readonly Table[]): Promise<TableDelta[]> {
  const deltas: TableDelta[] = [];
  const afterByOid = new Map(after.map((t) => [t.oid, t]));
  try {
    for (const before of baseline.tables.values()) {
      if (before.kind !== 'table') continue;
      const now = afterByOid.get(before.oid);
      const counts = now ? await diffOne(client, before, now) : await droppedCounts(client, before);
      deltas.push({ table: now?.display ?? before.display, ...partitionOf(now ?? before), ...counts, created: false, dropped: !now });
    }
    for (const table of after.filter((t) => t.kind === 'table' && !baseline.tables.has(t.oid))) {
      const [row] = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${table.sql}`)).rows;
      const n = Number(row?.n ?? 0);
      deltas.push({ table: table.display, ...partitionOf(table), rowsBefore: 0, rowsAfter: n, inserted: n, updated: 0, deleted: 0, created: true, dropped: false });
    }
  } catch (cause) {
    if (cause instanceof SandboxError) throw cause;
    throw new SandboxError('DIFF_FAILED', `Comparing the sandbox with its baseline failed: ${(cause as Error).message}`, { stage: 'diff', cause });
  }
  return deltas;
}

function partitionOf(table: Table): { partitionOf?: string } {
  return table.partitionOf ? { partitionOf: table.partitionOf } : {};
}

type Counts = Pick<TableDelta, 'rowsBefore' | 'rowsAfter' | 'inserted' | 'updated' | 'deleted'>;

function toCounts(row: CountsRow | undefined): Counts {
  const n = (v: string | null | undefined) => Number(v ?? 0);
  return { rowsBefore: n(row?.rows_before), rowsAfter: n(row?.rows_after), inserted: n(row?.inserted), updated: n(row?.updated), deleted: n(row?.deleted) };
}

async function diffOne(client: pg.Client, before: Table, now: Table): Promise<Counts> {
  const beforeColumns = before.columns.map((c) => c.name);
  const nowColumns = new Set(now.columns.map((c) => c.name));
  const lostColumn = beforeColumns.some((c) => !nowColumns.has(c));
  const keyKept = before.primaryKey.length > 0 && before.primaryKey.every((c) => nowColumns.has(c));
  if (keyKept) {
    // a dropped column changed the stored values of every remaining row
    const hash = lostColumn ? "''" : rowHashExpr(beforeColumns);
    const join = before.primaryKey.map((_, i) => `b.k${i} = a.k${i}`).join(' AND ');
    const sql = `
      SELECT count(b.h) AS rows_before, count(a.h) AS rows_after,
             count(*) FILTER (WHERE b.h IS NULL) AS inserted, count(*) FILTER (WHERE a.h IS NULL) AS deleted,
             count(*) FILTER (WHERE a.h IS NOT NULL AND b.h IS NOT NULL AND ${lostColumn ? 'true' : 'a.h <> b.h'}) AS updated
        FROM ${baselineTable(before)} b
        FULL JOIN (SELECT ${keyList(before.primaryKey, 't.')}, ${hash} AS h FROM ONLY ${now.sql} t) a ON ${join}`;
    return toCounts((await client.query<CountsRow>(sql)).rows[0]);
  }
  // the key or a column is gone: rows can no longer be matched, so only the totals are known
  if (before.primaryKey.length > 0 || lostColumn) return totalsOnly(client, before, now);
  const hash = rowHashExpr(beforeColumns);
  const sql = `
    WITH a AS (SELECT ${hash} AS h, count(*) AS n FROM ONLY ${now.sql} t GROUP BY 1)
    SELECT sum(b.n) AS rows_before, sum(a.n) AS rows_after,
           sum(greatest(coalesce(a.n, 0) - coalesce(b.n, 0), 0)) AS inserted,
           sum(greatest(coalesce(b.n, 0) - coalesce(a.n, 0), 0)) AS deleted, 0 AS updated
      FROM ${baselineTable(before)} b FULL JOIN a ON a.h = b.h`;
  return toCounts((await client.query<CountsRow>(sql)).rows[0]);
}

async function totalsOnly(client: pg.Client, before: Table, now: Table): Promise<Counts> {
  const beforeCount = before.primaryKey.length > 0 ? 'count(*)' : 'coalesce(sum(n), 0)';
  const sql = `SELECT (SELECT ${beforeCount} FROM ${baselineTable(before)}) AS rows_before, (SELECT count(*) FROM ONLY ${now.sql}) AS rows_after`;
  const counts = toCounts((await client.query<CountsRow>(sql)).rows[0]);
  const kept = Math.min(counts.rowsBefore, counts.rowsAfter);
  return { ...counts, updated: kept, deleted: counts.rowsBefore - kept, inserted: counts.rowsAfter - kept };
}

async function droppedCounts(client: pg.Client, before: Table): Promise<Counts> {
  const count = before.primaryKey.length > 0 ? 'count(*)' : 'coalesce(sum(n), 0)';
  const [row] = (await client.query<{ n: string }>(`SELECT ${count} AS n FROM ${baselineTable(before)}`)).rows;
  const n = Number(row?.n ?? 0);
  return { rowsBefore: n, rowsAfter: 0, inserted: 0, updated: 0, deleted: n };
}
