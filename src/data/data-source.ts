import type { Writable } from 'node:stream';
import type { DataMode } from '../config/config-schema.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { ReadOnlySource } from '../source/connect-read-only.js';
import type { Table } from '../source/model.js';
import { copyTableOut } from './copy-table.js';

/** Where the rows of the sandbox come from; one implementation per data mode. */
export interface DataSource {
  readonly mode: DataMode;
  /** Streams the rows of `table` into `sink` (a COPY … FROM STDIN in text format of `columns`). */
  pipeTable(table: Table, columns: string[], sink: Writable): Promise<void>;
}

/**
 * The data source for the configured mode. `copy` moves production rows unmasked, so it runs only when asked for
 * by name; the safe modes are refused clearly until they exist, never replaced by a silent copy.
 */
export function dataSourceFor(mode: DataMode, source: ReadOnlySource): DataSource {
  assertDataModeAvailable(mode);
  return { mode, pipeTable: (table, columns, sink) => copyTableOut(source, table, columns, sink) };
}

/** Refuses a data mode that is not built yet, before anything connects to production. */
export function assertDataModeAvailable(mode: DataMode): void {
  switch (mode) {
    case 'copy':
      return;
    case 'anonymized':
    case 'synthetic':
      throw new SandboxError('DATA_MODE_UNAVAILABLE', `Data mode "${mode}" is not available yet: only "copy" is implemented, and it copies every row unmasked.`, {
        stage: 'config',
        hint: 'For a test or sample database, ask for copy by name: --data copy (or data.mode: "copy" in sandbox.config.ts). Never use copy on real production data.',
      });
  }
}
