import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { configFromObject } from '../../src/config/resolve-config.js';
import type { ResolvedConfig } from '../../src/config/config-schema.js';
import type { Manifest, SnapshotStats } from '../../src/snapshot/manifest.js';
import { testBinDir } from '../helpers/bin-dir.js';
import { adminUrl, createTestDb, withClient, type TestDb } from '../helpers/test-db.js';
export { sourceState, type SourceState } from '../helpers/source-state.js';

export const fixtureSql = fileURLToPath(new URL('../fixtures/snapshot/source.sql', import.meta.url));

/** A fresh source database loaded with test/fixtures/snapshot/source.sql. */
export async function createSnapshotSource(): Promise<TestDb> {
  return createTestDb(await readFile(fixtureSql, 'utf8'), 'snap');
}

/** The config `sandbox snapshot --data copy` resolves to: copy mode (test data only), the given source. */
export function snapshotConfig(sourceUrl: string): ResolvedConfig {
  return configFromObject({ data: { mode: 'copy' } }, { sourceUrl });
}

/** The config of `sandbox replay --snapshot DIR --data copy`, with the Debian server binaries when present. */
export function snapshotReplayConfig(snapshotDir: string): ResolvedConfig {
  const binDir = testBinDir();
  return configFromObject({ data: { mode: 'copy' }, sandbox: binDir ? { binDir } : {} }, { snapshotDir });
}

/** The same replay, cloned from the live source instead. */
export function liveReplayConfig(sourceUrl: string): ResolvedConfig {
  const binDir = testBinDir();
  return configFromObject({ data: { mode: 'copy' }, sandbox: binDir ? { binDir } : {} }, { sourceUrl });
}

/** Every regular file under `dir`, as a path relative to it, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** sha256 of a file's bytes, computed here and not by the code under test. */
export async function sha256Of(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

export async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

export async function readStats(dir: string): Promise<SnapshotStats> {
  return JSON.parse(await readFile(join(dir, 'stats.json'), 'utf8')) as SnapshotStats;
}

/** Rows of a snapshot data file: its gunzip'd COPY text, one line per row. */
export async function dataFileRows(path: string): Promise<string[]> {
  const text = gunzipSync(await readFile(path)).toString('utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** Entries beside `outDir` that a snapshot write leaves while it works (`.<name>.partial-<hex>`). */
export function partialsBeside(outDir: string): string[] {
  const parent = dirname(outDir);
  if (!existsSync(parent)) return [];
  return readdirSync(parent).filter((name) => name.startsWith(`.${basename(outDir)}.partial-`));
}

/** count(*) of every leaf table (plain tables and partitions, not partitioned parents), by `schema.name`. */
export async function leafTableCounts(db: TestDb): Promise<Record<string, number>> {
  const tables = await db.query<{ name: string }>(`
    SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     ORDER BY 1`);
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    const [row] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${name}`);
    counts[name] = Number(row!.n);
  }
  return counts;
}

export async function createReadAllDataRole(db: TestDb): Promise<string> {
  const role = `rad_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl(), (c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'; GRANT pg_read_all_data TO ${role}`));
  await db.query(`REVOKE ALL ON DATABASE ${db.name} FROM PUBLIC; GRANT CONNECT ON DATABASE ${db.name} TO ${role}`);
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  return url.toString();
}

/** Paths at which two JSON values differ, as `tables[0].estimatedRows: -1 → 40`: a failure that explains itself. */
export function jsonDifferences(a: unknown, b: unknown, path = ''): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => {
      const child = Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      return jsonDifferences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], child);
    });
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`];
}
