import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';
import { postDataStatements, preDataStatements } from '../clone/ddl-plan.js';
import type { DataMode } from '../config/config-schema.js';
import { copyTableRowsOut } from '../data/copy-table.js';
import type { SubsetPlan } from '../data/subset/plan-subset.js';
import { maskRows } from '../data/mask-rows.js';
import type { MaskPlan } from '../data/mask-plan.js';
import { SandboxError } from '../errors/sandbox-error.js';
import { trackLive } from '../lifecycle/signals.js';
import type { ReadOnlySource } from '../source/connect-read-only.js';
import type { SchemaModel } from '../source/model.js';
import { Hasher, LineCounter } from './hash-file.js';
import { snapshotFormat, snapshotId, type Manifest, type SnapshotStats } from './manifest.js';

export interface WriteSnapshotOptions {
  outDir: string;
  mode: DataMode;
  seed: number;
  toolVersion: string;
  /** Replace an existing snapshot directory (atomically: the old one stays until the new one is complete) */
  force?: boolean;
  /** Anonymized mode: every row passes through these masks on its way to disk */
  masks?: MaskPlan;
  /** The profile of production (already sanitised of PII values), merged into stats.json */
  profile?: Omit<SnapshotStats, 'tables'> & { tables: SnapshotStats['tables'] };
  /** The PII classification and the rule applied per column, written as pii.json */
  pii?: unknown;
  /** data.subset: only these rows are written; stats.json keeps production's row counts and says what was picked */
  subset?: SubsetPlan;
  progress?: (line: string) => void;
}

/**
 * Writes a snapshot directory from one read-only transaction on the source: the schema model, its DDL as pre-data
 * and post-data SQL, row counts, and in copy mode one gzip'd COPY file per table. Everything goes to a temp directory
 * beside the target, renamed into place only when complete; an interrupted write leaves no partial snapshot.
 */
export async function writeSnapshot(source: ReadOnlySource, model: SchemaModel, options: WriteSnapshotOptions): Promise<Manifest> {
  const outDir = resolve(options.outDir);
  await assertWritable(outDir, options.force ?? false);
  const temp = join(dirname(outDir), `.${basename(outDir)}.partial-${randomBytes(4).toString('hex')}`);
  const untrack = trackLive(() => rm(temp, { recursive: true, force: true }));
  try {
    await mkdir(join(temp, 'data'), { recursive: true });
    const files: Record<string, string> = {};
    const put = async (name: string, text: string) => {
      await writeFile(join(temp, name), text);
      files[name] = createHash('sha256').update(text).digest('hex');
    };
    await put('schema.json', `${JSON.stringify(model, null, 1)}\n`);
    await put('pre-data.sql', sqlScript(preDataStatements(model)));
    await put('post-data.sql', sqlScript(postDataStatements(model)));
    if (options.pii !== undefined) await put('pii.json', `${JSON.stringify(options.pii, null, 1)}\n`);
    const stats: SnapshotStats = { ...options.profile, tables: { ...options.profile?.tables }, ...(options.subset ? { subset: options.subset.summary } : {}) };
    // synthetic mode writes no row: the sandbox's rows are generated from stats.json
    const leaves = options.mode === 'synthetic' ? [] : model.tables.filter((t) => t.kind === 'table');
    for (const [i, table] of leaves.entries()) {
      const file = `data/${String(i + 1).padStart(4, '0')}.copy.gz`;
      const columns = table.columns.filter((c) => !c.generated).map((c) => c.name);
      const rows = new LineCounter();
      const hasher = new Hasher();
      const masks = options.masks ? [maskRows(options.masks, table, { stage: 'snapshot' })] : [];
      await copyTableRowsOut(source, table, columns, options.subset?.selectionFor(table), ...masks, rows, createGzip(), hasher, createWriteStream(join(temp, file)));
      files[file] = hasher.digest();
      const counts = options.subset ? { rows: stats.tables[table.display]?.rows ?? rows.lines, subsetRows: rows.lines } : { rows: rows.lines };
      stats.tables[table.display] = { ...stats.tables[table.display], ...counts, file };
      options.progress?.(`data: ${table.display} ${rows.lines} rows (${i + 1}/${leaves.length})`);
    }
    await put('stats.json', `${JSON.stringify(stats, null, 1)}\n`);
    const manifest: Manifest = {
      format: snapshotFormat,
      id: snapshotId(files),
      createdAt: new Date().toISOString(),
      tool: { name: 'sandbox', version: options.toolVersion },
      source: { serverVersion: model.serverVersion, serverVersionNum: model.serverVersionNum, database: model.database },
      data: { mode: options.mode, seed: options.seed },
      files,
    };
    await writeFile(join(temp, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
    await moveIntoPlace(temp, outDir);
    return manifest;
  } finally {
    untrack();
    await rm(temp, { recursive: true, force: true });
  }
}

/** Refuses to overwrite a snapshot unless asked to: checked before anything connects to production. */
export async function assertWritable(outDir: string, force: boolean): Promise<void> {
  if (existsSync(outDir) && !force && (await readdir(outDir)).length > 0) {
    throw new SandboxError('SNAPSHOT_EXISTS', `${resolve(outDir)} already exists and is not empty.`, { stage: 'snapshot' });
  }
}

function sqlScript(statements: readonly { label: string; sql: string }[]): string {
  return statements.map((s) => `-- ${s.label}\n${s.sql.trimEnd().endsWith(';') ? s.sql.trimEnd() : `${s.sql.trimEnd()};`}\n`).join('\n');
}

/** rename() is atomic within a filesystem; an existing snapshot is swapped out only once the new one is whole. */
async function moveIntoPlace(temp: string, outDir: string): Promise<void> {
  await mkdir(dirname(outDir), { recursive: true });
  if (!existsSync(outDir)) {
    await rename(temp, outDir);
    return;
  }
  const old = `${temp}.old`;
  await rename(outDir, old);
  await rename(temp, outDir);
  await rm(old, { recursive: true, force: true });
}
