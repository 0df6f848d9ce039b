import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { piiClassificationSchema, type PiiColumn } from '../data/anonymize/pii-column.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { SchemaModel } from '../source/model.js';
import { manifestSchema, snapshotId, statsSchema, type Manifest, type SnapshotStats } from './manifest.js';

export interface Snapshot {
  dir: string;
  manifest: Manifest;
  model: SchemaModel;
  stats: SnapshotStats;
  /** pii.json: every column's PII class (anonymized and synthetic snapshots) */
  pii?: PiiColumn[];
}

const invalid = (message: string) => new SandboxError('SNAPSHOT_INVALID', message, { stage: 'snapshot' });

/**
 * Opens a snapshot directory and checks it against its manifest: every listed file must exist, no unlisted file may
 * be there, and the small files are hashed now. Data files are hashed while they stream into the sandbox (one pass),
 * by the snapshot data source.
 */
export async function readSnapshot(dirArg: string): Promise<Snapshot> {
  const dir = resolve(dirArg);
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw invalid(`${dir} is not a snapshot: manifest.json is missing.`);
  const manifest = parseJson(await readFile(manifestPath, 'utf8'), 'manifest.json', (v) => manifestSchema.parse(v));
  if (snapshotId(manifest.files) !== manifest.id) throw invalid(`manifest.json: its file hashes do not match its id ${manifest.id} (the manifest was edited).`);
  const listed = new Set(Object.keys(manifest.files));
  for (const file of listed) {
    if (!existsSync(join(dir, file))) throw invalid(`${file}: listed in the manifest of ${dir} but missing.`);
  }
  for (const file of await listFiles(dir)) {
    if (file !== 'manifest.json' && !listed.has(file)) throw invalid(`${file}: in ${dir} but not in its manifest (added after the snapshot was written).`);
  }
  const read = async (file: string) => {
    const text = await readFile(join(dir, file), 'utf8');
    const actual = createHash('sha256').update(text).digest('hex');
    if (actual !== manifest.files[file]) throw tampered(file);
    return text;
  };
  const model = parseJson(await read('schema.json'), 'schema.json', (v) => v as SchemaModel);
  const stats = parseJson(await read('stats.json'), 'stats.json', (v) => statsSchema.parse(v));
  for (const file of ['pre-data.sql', 'post-data.sql']) await read(file);
  const pii = listed.has('pii.json') ? parseJson(await read('pii.json'), 'pii.json', (v) => z.object({ columns: piiClassificationSchema }).parse(v).columns) : undefined;
  return { dir, manifest, model, stats, ...(pii ? { pii } : {}) };
}

export function tampered(file: string): SandboxError {
  return invalid(`${file}: sha256 does not match the manifest (the file was changed or truncated after the snapshot was written).`);
}

function parseJson<T>(text: string, file: string, validate: (value: unknown) => T): T {
  try {
    return validate(JSON.parse(text));
  } catch (cause) {
    throw new SandboxError('SNAPSHOT_INVALID', `${file}: not a valid snapshot file (${(cause as Error).message.split('\n')[0]}).`, { stage: 'snapshot', cause });
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}
