import type pg from 'pg';
import { lockModeOf, lockStrength, strongerLock, type LockMode } from './lock-modes.js';

export interface TableLock {
  /** Qualified name of the table (or partitioned table, view, materialized view, foreign table) */
  table: string;
  mode: LockMode;
}

/**
 * The strongest lock this session holds on each table of the database. Indexes and sequences are left out (their
 * locks follow from the table's), and so are system catalogs (reading pg_locks takes locks on catalogs of its own).
 * Only locks held inside a transaction can be seen: an autocommit statement has released its locks by the time it
 * returns, which is why run-statements wraps such statements.
 */
export async function heldLocks(client: pg.Client): Promise<Map<string, LockMode>> {
  const { rows } = await client.query<{ schema: string; name: string; mode: string }>(
    `SELECT n.nspname AS schema, c.relname AS name, l.mode
       FROM pg_locks l
       JOIN pg_class c ON c.oid = l.relation
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND c.relkind IN ('r', 'p', 'm', 'v', 'f')
        AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  const held = new Map<string, LockMode>();
  for (const row of rows) {
    const mode = lockModeOf(row.mode);
    if (!mode) continue;
    const table = `${row.schema}.${row.name}`;
    const known = held.get(table);
    held.set(table, known ? strongerLock(known, mode) : mode);
  }
  return held;
}

/** The locks in `after` that are new or stronger than in `before`: what one statement of a transaction added */
export function newLocks(before: ReadonlyMap<string, LockMode>, after: ReadonlyMap<string, LockMode>): TableLock[] {
  return [...after]
    .filter(([table, mode]) => lockStrength(mode) > lockStrength(before.get(table) ?? ''))
    .map(([table, mode]) => ({ table, mode }))
    .sort((a, b) => lockStrength(b.mode) - lockStrength(a.mode) || a.table.localeCompare(b.table));
}
