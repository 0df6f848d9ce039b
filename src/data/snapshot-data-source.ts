import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { SandboxError } from '../errors/sandbox-error.js';
import { Hasher, hashFile } from '../snapshot/hash-file.js';
import { tampered, type Snapshot } from '../snapshot/read-snapshot.js';
import type { DataSource } from './data-source.js';

/**
 * Rows from a snapshot's COPY files. Each file is hashed as it streams, and a mismatch fails the load: a tampered or
 * truncated file never yields a passing gate.
 */
export function snapshotDataSource(snapshot: Snapshot): DataSource {
  return {
    mode: snapshot.manifest.data.mode,
    ...(snapshot.stats.subset ? { subset: snapshot.stats.subset } : {}),
    async pipeTable(table, _columns, sink) {
      const entry = snapshot.stats.tables[table.display];
      if (!entry?.file) throw new SandboxError('SNAPSHOT_INVALID', `stats.json: no data file for ${table.display}.`, { stage: 'snapshot' });
      const hasher = new Hasher();
      try {
        await pipeline(createReadStream(join(snapshot.dir, entry.file)), hasher, createGunzip(), sink);
      } catch (cause) {
        // an altered file can fail here, in gunzip or as a row PostgreSQL rejects, before the hash is compared:
        // hash the whole file, so that tampering is named as such
        if ((await hashFile(join(snapshot.dir, entry.file)).catch(() => '')) !== snapshot.manifest.files[entry.file]) throw tampered(entry.file);
        throw cause;
      }
      if (hasher.digest() !== snapshot.manifest.files[entry.file]) throw tampered(entry.file);
    },
  };
}
