import pg from 'pg';
import type { Table } from '../source/model.js';

/** Schema holding the baseline row hashes inside the sandbox; never part of the clone or its schema diff. */
export const baselineSchema = 'sandbox_baseline';

export function baselineTable(table: Table): string {
  return `${baselineSchema}.${pg.escapeIdentifier(`t${table.oid}`)}`;
}

/** md5 of the row's text over a fixed column list, so that a column added later does not count as a change. */
export function rowHashExpr(columns: readonly string[]): string {
  if (columns.length === 0) return "md5('')";
  return `md5(ROW(${columns.map((c) => `t.${pg.escapeIdentifier(c)}`).join(', ')})::text)`;
}

export function keyList(columns: readonly string[], prefix = ''): string {
  return columns.map((c, i) => `${prefix}${pg.escapeIdentifier(c)} AS k${i}`).join(', ');
}
