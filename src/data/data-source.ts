import type { Writable } from 'node:stream';
import type { DataMode, ResolvedConfig } from '../config/config-schema.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { ReadOnlySource } from '../source/connect-read-only.js';
import type { Table } from '../source/model.js';
import { copyTableOut } from './copy-table.js';
import { CopyRowMapper } from './copy-text.js';
import { maskingKey, type MaskPlan } from './mask-plan.js';

/** Where the rows of the sandbox come from; one implementation per data mode. */
export interface DataSource {
  readonly mode: DataMode;
  /** Streams the rows of `table` into `sink` (a COPY … FROM STDIN in text format of `columns`). */
  pipeTable(table: Table, columns: string[], sink: Writable): Promise<void>;
}

/**
 * The data source for the configured mode. `copy` moves production rows unmasked, so it runs only when asked for
 * by name; `anonymized` streams every row through the mask plan on its way out; a mode not built yet is refused
 * clearly, never replaced by a silent copy.
 */
export function dataSourceFor(mode: DataMode, source: ReadOnlySource, masks?: MaskPlan): DataSource {
  assertDataModeAvailable(mode);
  if (mode === 'anonymized') {
    if (!masks) throw new Error('anonymized mode needs a mask plan'); // a bug, not a user error: fail closed
    return { mode, pipeTable: (table, columns, sink) => copyTableOut(source, table, columns, new CopyRowMapper(masks.masksFor(table)), sink) };
  }
  return { mode, pipeTable: (table, columns, sink) => copyTableOut(source, table, columns, sink) };
}

/** Refuses, before anything connects to production, a data mode that is not built yet or lacks its masking key. */
export function assertDataModeUsable(config: Pick<ResolvedConfig, 'data' | 'anonymize' | 'anonymizeKey'>): void {
  assertDataModeAvailable(config.data.mode);
  if (config.data.mode === 'anonymized') maskingKey(config);
}

/** Refuses a data mode that is not built yet. */
export function assertDataModeAvailable(mode: DataMode): void {
  switch (mode) {
    case 'copy':
    case 'anonymized':
      return;
    case 'synthetic':
      throw new SandboxError('DATA_MODE_UNAVAILABLE', `Data mode "${mode}" is not available yet: use "anonymized" (masked rows), or "copy" for test and sample databases.`, {
        stage: 'config',
        hint: 'Use --data anonymized with anonymize.rules in sandbox.config.ts (and the masking key in the environment), or --data copy for a test or sample database. Never use copy on real production data.',
      });
  }
}
