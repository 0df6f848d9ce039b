import type { ResolvedConfig } from '../config/config-schema.js';
import { toolVersion } from '../package-root.js';
import type { Manifest } from '../snapshot/manifest.js';
import { assertWritable, writeSnapshot } from '../snapshot/write-snapshot.js';
import { readSource } from './read-source.js';
import { collectStats } from '../source/collect-stats.js';
import { keptColumns } from '../data/anonymize/anonymize-rules.js';
import { sanitizeStats } from '../data/anonymize/sanitize-stats.js';

export interface TakeSnapshotOptions {
  outDir: string;
  force?: boolean;
  progress?: (line: string) => void;
}

/**
 * Reads production inside one REPEATABLE READ READ ONLY transaction and writes a snapshot directory; every later
 * step (CI gate, agents) works from it without production credentials.
 * @example await takeSnapshot(await resolveConfig({ source: url, data: 'copy' }), { outDir: 'snap' })
 */
export async function takeSnapshot(config: ResolvedConfig, options: TakeSnapshotOptions): Promise<Manifest> {
  const progress = options.progress ?? (() => undefined);
  const { source: opened, model, masking, pii, subset } = await readSource(config, progress, 'No source database was given.', () => assertWritable(options.outDir, options.force ?? false));
  await using source = opened;
  progress(`schema: ${model.tables.length} tables, ${model.objects.length} other objects`);
  progress('profiling tables and columns (row counts, value distributions, foreign-key fan-out)');
  const profile = await collectStats(source, model, { progress });
  // awaited here, not returned: the source must stay open until the last table is written
  return await writeSnapshot(source, model, {
    outDir: options.outDir,
    mode: config.data.mode,
    seed: config.data.seed,
    toolVersion: toolVersion(),
    ...(options.force ? { force: true } : {}),
    ...(masking ? { masks: masking.plan } : {}),
    ...(subset ? { subset } : {}),
    ...(pii
      ? {
          pii: { columns: masking?.columns ?? pii },
          // a PII column's most common values and histogram bounds are real values: only their shape is kept
          profile: sanitizeStats(profile, pii, { keep: keptColumns(config.anonymize.rules) }),
        }
      : { profile }),
    progress,
  });
}
