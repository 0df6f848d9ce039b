import { createHash } from 'node:crypto';
import type { ResolvedConfig } from '../config/config-schema.js';
import { dataSourceFor, type DataSource } from '../data/data-source.js';
import { snapshotDataSource } from '../data/snapshot-data-source.js';
import type { Report } from '../report/report-schema.js';
import { readSnapshot } from '../snapshot/read-snapshot.js';
import type { SchemaModel } from '../source/model.js';
import { readSource } from './read-source.js';

/** What a sandbox is cloned from: a snapshot directory, or (for tests and sample databases) the live source. */
export interface CloneOrigin extends AsyncDisposable {
  model: SchemaModel;
  data: DataSource;
  /** Production row counts per table when known up front (a snapshot's stats); else the loaded counts stand in */
  productionRows?: ReadonlyMap<string, number>;
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
    return {
      model: snapshot.model,
      data: snapshotDataSource(snapshot),
      productionRows: new Map(Object.entries(snapshot.stats.tables).map(([name, t]) => [name, t.rows])),
      snapshot: { id: manifest.id, createdAt: manifest.createdAt, dataMode: manifest.data.mode, source: { serverVersion: manifest.source.serverVersion, database: manifest.source.database } },
      [Symbol.asyncDispose]: async () => undefined,
    };
  }
  const { source, model, masking } = await readSource(config, progress, 'No source database and no snapshot were given.');
  try {
    const createdAt = new Date().toISOString();
    return {
      model,
      data: dataSourceFor(config.data.mode, source, masking?.plan),
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
