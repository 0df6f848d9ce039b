import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/config-schema.js';
import { dataSourceFor, type DataSource } from '../data/data-source.js';
import { snapshotDataSource } from '../data/snapshot-data-source.js';
import type { Report } from '../report/report-schema.js';
import { readSnapshot } from '../snapshot/read-snapshot.js';
import type { SchemaModel } from '../source/model.js';
import type { PiiColumn } from '../data/anonymize/pii-column.js';
import { keptColumns } from '../data/anonymize/anonymize-rules.js';
import { sanitizeStats } from '../data/anonymize/sanitize-stats.js';
import { collectStats, type SourceProfile } from '../source/collect-stats.js';
import { syntheticDataSource } from '../synthetic/synthetic-data-source.js';
import { readSource } from './read-source.js';

/** What a sandbox is cloned from: a snapshot directory, or (for tests and sample databases) the live source. */
export interface CloneOrigin extends AsyncDisposable {
  model: SchemaModel;
  data: DataSource;
  /** Production row counts per table when known up front (a snapshot's stats); else the loaded counts stand in */
  productionRows?: ReadonlyMap<string, number>;
  /** Production's profile (row counts, column distributions, fan-out), PII values already removed: stats.json of a snapshot, or read from the live source */
  profile: SourceProfile;
  snapshot: Report['snapshot'];
}

/**
 * Opens the origin named by the config. A snapshot never connects to production; the live source is read inside
 * one REPEATABLE READ READ ONLY transaction, released when the origin is disposed.
 */
export async function openOrigin(config: ResolvedConfig, progress: (line: string) => void): Promise<CloneOrigin> {
  if (config.snapshotDir) {
    progress(`opening snapshot ${config.snapshotDir}`);
    const snapshot = await readSnapshot(config.snapshotDir);
    const { manifest } = snapshot;
    const profile: SourceProfile = { tables: snapshot.stats.tables, foreignKeys: snapshot.stats.foreignKeys ?? [] };
    return {
      model: snapshot.model,
      // a synthetic snapshot holds no row: the sandbox's rows are generated from its profile
      data: manifest.data.mode === 'synthetic' ? syntheticDataSource(snapshot.model, profile, syntheticOptions(config, snapshot.pii)) : snapshotDataSource(snapshot),
      productionRows: rowsOf(profile),
      profile,
      snapshot: { id: manifest.id, createdAt: manifest.createdAt, dataMode: manifest.data.mode, source: { serverVersion: manifest.source.serverVersion, database: manifest.source.database } },
      [Symbol.asyncDispose]: async () => undefined,
    };
  }
  const { source, model, masking, pii, subset } = await readSource(config, progress, 'No source database and no snapshot were given.');
  try {
    const createdAt = new Date().toISOString();
    progress('profiling tables and columns (row counts, value distributions, foreign-key fan-out)');
    const rawProfile = await collectStats(source, model, { progress });
    // a PII column's most common values and histogram bounds are real values: only their shape is kept
    const profile = pii ? sanitizeStats(rawProfile, pii, { keep: keptColumns(config.anonymize.rules) }) : rawProfile;
    return {
      model,
      profile,
      productionRows: rowsOf(profile),
      data: config.data.mode === 'synthetic' ? syntheticDataSource(model, profile, syntheticOptions(config, pii)) : dataSourceFor(config.data.mode, source, masking?.plan, subset),
      snapshot: {
        id: `live-${createHash('sha256').update(`${source.redactedUrl}\0${createdAt}`).digest('hex').slice(0, 12)}`,
        createdAt,
        dataMode: config.data.mode,
        source: { serverVersion: source.serverVersion, database: source.database },
      },
      [Symbol.asyncDispose]: () => source[Symbol.asyncDispose](),
    };
  } catch (error) {
    await source[Symbol.asyncDispose]();
    throw error;
  }
}

const rowsOf = (profile: SourceProfile) => new Map(Object.entries(profile.tables).map(([name, t]) => [name, t.rows]));

const syntheticOptions = (config: ResolvedConfig, pii: PiiColumn[] | undefined) => ({ scale: config.data.scale, seed: config.data.seed, ...(pii ? { pii } : {}) });
