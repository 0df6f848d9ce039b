import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { DataMode, ResolvedConfig } from '../config/config-schema.js';
import type { ReadOnlySource } from '../source/connect-read-only.js';
import type { Table } from '../source/model.js';
import { copyTableRowsOut } from './copy-table.js';
import { maskRows } from './mask-rows.js';
import { maskingKey, type MaskPlan } from './mask-plan.js';
import type { SubsetSummary } from '../snapshot/manifest.js';
import type { SubsetPlan } from './subset/plan-subset.js';

/** Where the rows of the sandbox come from; one implementation per data mode. */
export interface DataSource {
  readonly mode: DataMode;
  /** Streams the rows of `table` into `sink` (a COPY … FROM STDIN in text format of `columns`). */
  pipeTable(table: Table, columns: string[], sink: Writable): Promise<void>;
  /** After every table's rows are in and before keys and constraints are built; returns notes for the report */
  afterData?(client: pg.Client, progress: (line: string) => void): Promise<string[]>;
  /** With data.subset: the rows picked per table, of production's, and why */
  readonly subset?: SubsetSummary;
}

/**
 * The data source of a mode that reads production's rows. `copy` moves them unmasked, so it runs only when asked for
 * by name; `anonymized` streams every row through the mask plan on its way out. Synthetic data reads no row: it is
 * syntheticDataSource's, from the profile.
 */
export function dataSourceFor(mode: DataMode, source: ReadOnlySource, masks?: MaskPlan, subset?: SubsetPlan): DataSource {
  const rows = subset ? { subset: subset.summary } : {};
  if (mode === 'synthetic') throw new Error('synthetic data is generated from the profile, not read from the source'); // a bug: fail closed
  if (mode === 'anonymized') {
    if (!masks) throw new Error('anonymized mode needs a mask plan'); // a bug, not a user error: fail closed
    return { mode, ...rows, pipeTable: (table, columns, sink) => copyTableRowsOut(source, table, columns, subset?.selectionFor(table), maskRows(masks, table, { stage: 'clone' }), sink) };
  }
  return { mode, ...rows, pipeTable: (table, columns, sink) => copyTableRowsOut(source, table, columns, subset?.selectionFor(table), sink) };
}

/** Refuses, before anything connects to production, a data mode that lacks its masking key. */
export function assertDataModeUsable(config: Pick<ResolvedConfig, 'data' | 'anonymize' | 'anonymizeKey'>): void {
  if (config.data.mode === 'anonymized') maskingKey(config);
}
