import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from '../data/data-source.js';
import type { SourceProfile } from '../source/collect-stats.js';
import type { SchemaModel } from '../source/model.js';
import { rejectRowsBreakingChecks } from './repair-checks.js';
import { SyntheticPlan, type SyntheticOptions } from './synthetic-plan.js';

/**
 * Synthetic mode: every table generated from production's profile (row counts × scale, value distributions,
 * foreign-key fan-out) and streamed into the sandbox as COPY text; nothing is read from production's rows.
 */
export function syntheticDataSource(model: SchemaModel, profile: SourceProfile, options: SyntheticOptions): DataSource {
  const plan = new SyntheticPlan(model, profile, options);
  return {
    mode: 'synthetic',
    async pipeTable(table, columns, sink) {
      // a megabyte of rows may wait ahead of the sink, so that generating the next rows overlaps the server's COPY of
      // the last ones instead of taking turns with it
      await pipeline(Readable.from(plan.table(table.display).chunks(columns), { objectMode: false, highWaterMark: 1 << 20 }), sink);
    },
    async afterData(client, progress) {
      const rejected = await rejectRowsBreakingChecks(client, model, progress);
      return [...plan.notes, ...rejected];
    },
  };
}
