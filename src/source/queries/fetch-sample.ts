import pg from 'pg';
import type { Table } from '../model.js';

/**
 * How much of a table a sampling query reads: at most `limit` rows, and when the table is larger than that, only
 * `percent` of its pages (TABLESAMPLE SYSTEM), so that no sampling query ever scans a big table in full.
 */
export interface SamplePlan {
  limit: number;
  percent?: number;
  /** REPEATABLE seed: the same pages on every run, and in every query of one run */
  seed: number;
}

/** Reads `wanted` rows of a table of about `rows` rows: all of a small one, a page sample of a large one. */
export function planSample(rows: number | null | undefined, wanted: number, seed: number): SamplePlan {
  if (rows === null || rows === undefined || rows <= wanted) return { limit: wanted, seed };
  // SYSTEM picks whole pages, so the count it yields varies: ask for a quarter more and let LIMIT trim
  return { limit: wanted, seed, percent: Math.min(100, (100 * wanted * 1.25) / rows) };
}

/**
 * The bounded scan every sampling query starts from: `SELECT <columns> FROM <table> [TABLESAMPLE …] LIMIT …`, with
 * its parameters appended to `params`. A table's own rows only (ONLY); a partitioned table's from all partitions.
 */
export function sampleScan(table: Table, selectList: string, plan: SamplePlan, params: unknown[]): string {
  const from = `${table.kind === 'partitioned' ? '' : 'ONLY '}${table.sql}`;
  let sample = '';
  if (plan.percent !== undefined) {
    params.push(plan.percent, plan.seed);
    sample = ` TABLESAMPLE SYSTEM ($${params.length - 1}) REPEATABLE ($${params.length})`;
  }
  params.push(plan.limit);
  return `SELECT ${selectList} FROM ${from}${sample} LIMIT $${params.length}`;
}

/** `"weird ""name"""`, for column names in generated select lists */
export const quoteIdent = (name: string) => pg.escapeIdentifier(name);
