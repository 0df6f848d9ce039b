import type { TableProfile } from '../snapshot/manifest.js';
import { fromPgStats } from '../source/collect-stats.js';
import type { SchemaModel } from '../source/model.js';
import { fetchStats } from '../source/queries/fetch-stats.js';
import { fetchStatsTables } from '../source/queries/fetch-stats-tables.js';
import type { CatalogReader } from '../source/queries/user-objects.js';

export interface MeasureSandboxOptions {
  /** Rows per table (display name) when the caller knows them, as the loader does; else the catalog's estimate */
  rows?: ReadonlyMap<string, number>;
}

/** The sandbox's side of the comparison, in the profile's terms. */
export interface SandboxProfile {
  /** Every plain table and partition of the model; a column without statistics is absent */
  tables: Record<string, TableProfile>;
}

/**
 * Reads the sandbox's own statistics, which the loader's ANALYZE has just made: one read of pg_stats (and of
 * pg_class when row counts are not given). Unlike collectStats it never counts or samples a table, so it costs about
 * the same on a sandbox of any size. A table ANALYZE found empty has no column statistics.
 * @example const measured = await measureSandbox(reader, model, { rows: loaded.rowsLoaded });
 */
export async function measureSandbox(db: CatalogReader, model: SchemaModel, options: MeasureSandboxOptions = {}): Promise<SandboxProfile> {
  const leaves = model.tables.filter((t) => t.kind === 'table');
  const known = options.rows ?? new Map<string, number>();
  const estimates = leaves.every((t) => known.has(t.display))
    ? new Map<string, number>()
    : new Map((await fetchStatsTables(db)).map((row) => [row.table_display, Math.round(row.estimated_rows ?? 0)]));
  const stats = new Map<string, ReturnType<typeof fromPgStats>>();
  for (const row of await fetchStats(db)) {
    // a parent's inherited statistics repeat its children's rows, which are measured as the children
    if (!row.inherited) stats.set(`${row.table_display}\0${row.column}`, fromPgStats(row));
  }
  const tables: Record<string, TableProfile> = {};
  for (const table of leaves) {
    const columns: NonNullable<TableProfile['columns']> = {};
    for (const column of table.columns) {
      const profile = stats.get(`${table.display}\0${column.name}`);
      if (profile) columns[column.name] = profile;
    }
    tables[table.display] = { rows: known.get(table.display) ?? estimates.get(table.display) ?? 0, exact: known.has(table.display), columns };
  }
  return { tables };
}
