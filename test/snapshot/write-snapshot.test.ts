import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSandboxError } from '../../src/errors/sandbox-error.js';
import { takeSnapshot } from '../../src/pipeline/take-snapshot.js';
import { readSnapshot } from '../../src/snapshot/read-snapshot.js';
import { cliWorkspace, type CliResult } from '../helpers/cli.js';
import { createReadOnlyRole, withClient, type TestDb } from '../helpers/test-db.js';
import { tempDir } from '../helpers/temp-dir.js';
import {
  createReadAllDataRole,
  createSnapshotSource,
  dataFileRows,
  jsonDifferences,
  leafTableCounts,
  listFiles,
  partialsBeside,
  readManifest,
  readStats,
  sha256Of,
  snapshotConfig,
  sourceState,
} from './snapshot-helpers.js';

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const leafTables = ['public.archived', 'public.events_2024', 'public.events_2025', 'public.orders', 'public.users'];

function describeRun(result: CliResult): string {
  return `exit ${String(result.code)}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** The role cannot write: otherwise a test that uses it proves nothing about read-only access. */
async function expectCannotWrite(url: string): Promise<void> {
  await expect(withClient(url, (c) => c.query('DELETE FROM orders'))).rejects.toThrow(/permission denied/);
  await expect(withClient(url, (c) => c.query('CREATE TABLE public.intruder (id int)'))).rejects.toThrow(/permission denied/);
}

/** Checks a written snapshot against the source it was taken from, hashing and counting on its own. */
async function expectCompleteSnapshot(dir: string, db: TestDb): Promise<void> {
  const files = await listFiles(dir);
  for (const name of ['manifest.json', 'schema.json', 'pre-data.sql', 'post-data.sql', 'stats.json']) expect(files).toContain(name);
  const dataFiles = files.filter((f) => f.startsWith('data/'));
  expect(dataFiles.length).toBe(leafTables.length);
  for (const file of dataFiles) expect(file).toMatch(/^data\/[^/]+\.copy\.gz$/);

  const manifest = await readManifest(dir);
  expect(manifest).toMatchObject({
    format: 1,
    id: expect.stringMatching(/^snap-[0-9a-f]+$/),
    tool: { name: 'sandbox', version: packageVersion },
    source: { serverVersion: expect.stringMatching(/^\d+\.\d+/), database: db.name },
    data: { mode: 'copy', seed: expect.any(Number) },
  });
  expect(Number.isNaN(Date.parse(manifest.createdAt))).toBe(false);
  // every file but the manifest itself is listed, with the sha256 of its bytes on disk
  expect(Object.keys(manifest.files).sort()).toEqual(files.filter((f) => f !== 'manifest.json'));
  for (const file of files.filter((f) => f !== 'manifest.json')) {
    expect(manifest.files[file], file).toBe(await sha256Of(join(dir, file)));
  }

  // row counts are those of the source, and each data file holds exactly that many COPY lines
  const stats = await readStats(dir);
  const counts = await leafTableCounts(db);
  expect(Object.keys(counts).sort()).toEqual(leafTables);
  // partitioned tables are profiled too (the sum of their partitions), but only tables with rows of their own have a file
  const withFiles = Object.entries(stats.tables).filter(([, t]) => t.file !== undefined);
  expect(Object.fromEntries(withFiles.map(([name, t]) => [name, t.rows]))).toEqual(counts);
  for (const [name, entry] of withFiles) {
    expect(entry.file, name).toBeDefined();
    expect(dataFiles).toContain(entry.file);
    expect(await dataFileRows(join(dir, entry.file!)), `${name} (${entry.file!})`).toHaveLength(counts[name]!);
  }

  // the DDL is split as pg_dump splits it: tables before the data, keys and indexes after it
  const pre = await readFile(join(dir, 'pre-data.sql'), 'utf8');
  const post = await readFile(join(dir, 'post-data.sql'), 'utf8');
  expect(pre).toMatch(/CREATE TABLE public\.users\b/);
  expect(pre).not.toContain('FOREIGN KEY');
  expect(post).toContain('FOREIGN KEY');
  expect(post).toContain('orders_user_id_idx');
  // and it reads back: the reader agrees with everything above
  const read = await readSnapshot(dir);
  expect(read.manifest).toEqual(manifest);
}

describe('sandbox snapshot reads production with the least privilege it needs', () => {
  it('writes a complete snapshot with a role that has only CONNECT and SELECT, and changes nothing in the source', async () => {
    await using db = await createSnapshotSource();
    const readOnlyUrl = await createReadOnlyRole(db);
    await expectCannotWrite(readOnlyUrl);
    await using dir = await tempDir('snapshot-ro');
    const outDir = join(dir.path, 'snap');
    const before = await sourceState(db);

    const manifest = await takeSnapshot(snapshotConfig(readOnlyUrl), { outDir });

    expect(manifest).toEqual(await readManifest(outDir));
    await expectCompleteSnapshot(outDir, db);
    expect(await sourceState(db)).toEqual(before);
  });

  it('writes a complete snapshot with a role that has only CONNECT and pg_read_all_data', async () => {
    await using db = await createSnapshotSource();
    const url = await createReadAllDataRole(db);
    await expectCannotWrite(url);
    await using dir = await tempDir('snapshot-rad');
    const outDir = join(dir.path, 'snap');
    const before = await sourceState(db);

    await takeSnapshot(snapshotConfig(url), { outDir });

    await expectCompleteSnapshot(outDir, db);
    expect(await sourceState(db)).toEqual(before);
  });

  it('writes one through the CLI with a read-only role, names it on stdout and never prints the password', async () => {
    await using db = await createSnapshotSource();
    const url = await createReadOnlyRole(db);
    const password = decodeURIComponent(new URL(url).password);
    await using ws = await cliWorkspace();

    const result = await ws.run(['snapshot', '--source', url, '--data', 'copy', '--out', 'snap']);

    expect(result.code, describeRun(result)).toBe(0);
    const manifest = await readManifest(join(ws.cwd, 'snap'));
    expect(result.stdout).toContain(`snapshot ${manifest.id} of ${db.name}`);
    expect(result.stdout + result.stderr).not.toContain(password);
    await expectCompleteSnapshot(join(ws.cwd, 'snap'), db);
  });

  it('reads every table as of one moment: rows committed while it is writing are not in the snapshot', async () => {
    await using db = await createSnapshotSource();
    const url = await createReadOnlyRole(db);
    await using dir = await tempDir('snapshot-consistent');
    const outDir = join(dir.path, 'snap');
    const countsBefore = await leafTableCounts(db);
    let wrote = false;

    await takeSnapshot(snapshotConfig(url), {
      outDir,
      progress: (line) => {
        if (wrote || !line.startsWith('data:')) return;
        wrote = true;
        // synchronous on purpose: committed before the next table is copied
        execFileSync('/usr/bin/psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-qc', 'INSERT INTO orders (user_id, total) VALUES (1, 1); INSERT INTO events VALUES (999, DATE \'2025-02-02\', NULL)']);
      },
    });

    expect(wrote).toBe(true);
    const stats = await readStats(outDir);
    expect(Object.fromEntries(Object.entries(stats.tables).filter(([, t]) => t.file !== undefined).map(([name, t]) => [name, t.rows]))).toEqual(countsBefore);
    expect((await leafTableCounts(db))['public.orders']).toBe(countsBefore['public.orders']! + 1);
  });
});

describe('rows that the role cannot see', () => {
  it('are never silently left out: rows hidden by row-level security either reach the snapshot or stop it, naming the table', async () => {
    await using db = await createSnapshotSource();
    // a common production set-up (Supabase, multi-tenant apps): the owner sees every row, other roles see only their tenant's
    await db.query(`CREATE TABLE tenant_notes (id int PRIMARY KEY, tenant text NOT NULL, body text);
      INSERT INTO tenant_notes SELECT g, CASE WHEN g % 4 = 0 THEN 'acme' ELSE 'globex' END, 'note ' || g FROM generate_series(1, 40) g;
      ALTER TABLE tenant_notes ENABLE ROW LEVEL SECURITY;
      CREATE POLICY only_acme ON tenant_notes FOR SELECT USING (tenant = 'acme');`);
    const url = await createReadOnlyRole(db);
    const [visible] = await withClient(url, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM tenant_notes')).rows);
    expect(visible!.n, 'the policy hides rows from the read-only role').toBe(10);
    await using dir = await tempDir('snapshot-rls');
    const outDir = join(dir.path, 'snap');

    const outcome = await takeSnapshot(snapshotConfig(url), { outDir }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );

    if (outcome === undefined) {
      const stats = await readStats(outDir);
      expect(stats.tables['public.tenant_notes']?.rows, 'rows of public.tenant_notes in the snapshot (the source holds 40)').toBe(40);
    } else {
      expect(outcome.message).toContain('tenant_notes');
      expect(outcome.message).toMatch(/row.level security|row security/i);
      expect(existsSync(outDir)).toBe(false);
      expect(partialsBeside(outDir)).toEqual([]);
    }
  });
});

describe('a snapshot id is the address of its content', () => {
  it('is the same for two snapshots of unchanged data and changes when one row changes', async () => {
    await using db = await createSnapshotSource();
    // planner statistics settle first, so that only the data can differ between the snapshots below
    await db.query('ANALYZE');
    await using dir = await tempDir('snapshot-id');

    const first = await takeSnapshot(snapshotConfig(db.url), { outDir: join(dir.path, 'first') });
    const second = await takeSnapshot(snapshotConfig(db.url), { outDir: join(dir.path, 'second') });
    await db.query("UPDATE users SET name = 'changed' WHERE id = 3");
    const third = await takeSnapshot(snapshotConfig(db.url), { outDir: join(dir.path, 'third') });

    expect(second.id).toBe(first.id);
    expect(second.files).toEqual(first.files);
    expect(third.id).not.toBe(first.id);
    // only the data file of users differs, and the profile that describes it
    const changed = Object.keys(third.files).filter((f) => third.files[f] !== first.files[f]);
    const stats = await readStats(join(dir.path, 'third'));
    expect(changed).toContain(stats.tables['public.users']!.file);
    expect(changed.filter((f) => f !== stats.tables['public.users']!.file && f !== 'stats.json')).toEqual([]);
  });

  it('keeps schema and data files the same when only the planner statistics changed (ANALYZE)', async () => {
    await using db = await createSnapshotSource();
    await using dir = await tempDir('snapshot-id-analyze');

    const first = await takeSnapshot(snapshotConfig(db.url), { outDir: join(dir.path, 'first') });
    // autovacuum does this on its own in production; no row changes
    await db.query('ANALYZE');
    const second = await takeSnapshot(snapshotConfig(db.url), { outDir: join(dir.path, 'second') });

    const schemaFirst: unknown = JSON.parse(await readFile(join(dir.path, 'first', 'schema.json'), 'utf8'));
    const schemaSecond: unknown = JSON.parse(await readFile(join(dir.path, 'second', 'schema.json'), 'utf8'));
    expect(jsonDifferences(schemaFirst, schemaSecond), 'schema.json differs between two snapshots of the same rows and schema').toEqual([]);
    // the profile may now come from pg_stats instead of a sample: stats.json may differ, nothing else may
    expect(Object.keys(second.files).filter((f) => second.files[f] !== first.files[f] && f !== 'stats.json')).toEqual([]);
  });
});

describe('a snapshot is written atomically', () => {
  it('does not create the target directory until the snapshot is complete, and leaves no temp directory', async () => {
    await using db = await createSnapshotSource();
    await using dir = await tempDir('snapshot-atomic');
    const outDir = join(dir.path, 'snap');
    const seen: { targetExists: boolean; partials: string[] }[] = [];

    await takeSnapshot(snapshotConfig(db.url), {
      outDir,
      progress: (line) => {
        if (line.startsWith('data:')) seen.push({ targetExists: existsSync(outDir), partials: partialsBeside(outDir) });
      },
    });

    expect(seen).toHaveLength(leafTables.length);
    for (const moment of seen) {
      expect(moment.targetExists).toBe(false);
      // the rows go to one temp directory beside the target, on the same filesystem, so rename() is atomic
      expect(moment.partials).toHaveLength(1);
    }
    expect(existsSync(join(outDir, 'manifest.json'))).toBe(true);
    expect(partialsBeside(outDir)).toEqual([]);
  });

  it('leaves neither the target nor a temp directory behind when the write fails half-way', async () => {
    await using db = await createSnapshotSource();
    await using dir = await tempDir('snapshot-fail');
    const outDir = join(dir.path, 'snap');
    let failedAt: string | undefined;

    const attempt = takeSnapshot(snapshotConfig(db.url), {
      outDir,
      progress: (line) => {
        if (!line.startsWith('data:')) return;
        failedAt = line;
        throw new Error('disk full (simulated)');
      },
    });

    await expect(attempt).rejects.toThrow('disk full (simulated)');
    expect(failedAt).toMatch(/^data: public\.\S+ \d+ rows \(1\/5\)$/);
    expect(existsSync(outDir)).toBe(false);
    expect(partialsBeside(outDir)).toEqual([]);
  });

  it('keeps the old snapshot whole when a forced rewrite fails half-way', async () => {
    await using db = await createSnapshotSource();
    await using dir = await tempDir('snapshot-force-fail');
    const outDir = join(dir.path, 'snap');
    const old = await takeSnapshot(snapshotConfig(db.url), { outDir });
    const oldFiles = await listFiles(outDir);
    await db.query('DELETE FROM orders WHERE id > 50');

    const attempt = takeSnapshot(snapshotConfig(db.url), {
      outDir,
      force: true,
      progress: (line) => {
        if (line.startsWith('data:')) throw new Error('disk full (simulated)');
      },
    });

    await expect(attempt).rejects.toThrow('disk full (simulated)');
    expect(await readManifest(outDir)).toEqual(old);
    expect(await listFiles(outDir)).toEqual(oldFiles);
    expect((await readSnapshot(outDir)).manifest.id).toBe(old.id);
    expect(partialsBeside(outDir)).toEqual([]);
  });
});

describe('an existing snapshot directory', () => {
  it('is not overwritten without --force: SNAPSHOT_EXISTS, the old content kept, nothing left beside it', async () => {
    await using db = await createSnapshotSource();
    await using dir = await tempDir('snapshot-exists');
    const outDir = join(dir.path, 'snap');
    await mkdir(outDir);
    await writeFile(join(outDir, 'keep.txt'), 'mine\n');

    const error = await takeSnapshot(snapshotConfig(db.url), { outDir }).then(
      () => undefined,
      (e: unknown) => e,
    );

    expect(isSandboxError(error) && error.code).toBe('SNAPSHOT_EXISTS');
    expect((error as Error).message).toContain(outDir);
    expect(await listFiles(outDir)).toEqual(['keep.txt']);
    expect(partialsBeside(outDir)).toEqual([]);
  });

  it('is replaced as a whole with force: the old files are gone, the new snapshot is complete', async () => {
    await using db = await createSnapshotSource();
    await using dir = await tempDir('snapshot-force');
    const outDir = join(dir.path, 'snap');
    const old = await takeSnapshot(snapshotConfig(db.url), { outDir });
    await writeFile(join(outDir, 'keep.txt'), 'mine\n');
    await db.query('DELETE FROM orders WHERE id > 50');
    const seenDuringWrite: string[] = [];

    const fresh = await takeSnapshot(snapshotConfig(db.url), {
      outDir,
      force: true,
      progress: (line) => {
        // until the new snapshot is whole, the old one stays in place
        if (line.startsWith('data:')) seenDuringWrite.push(JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')).id as string);
      },
    });

    expect(new Set(seenDuringWrite)).toEqual(new Set([old.id]));
    expect(fresh.id).not.toBe(old.id);
    expect(await listFiles(outDir)).not.toContain('keep.txt');
    await expectCompleteSnapshot(outDir, db);
    expect((await readStats(outDir)).tables['public.orders']!.rows).toBe(50);
    expect(partialsBeside(outDir)).toEqual([]);
    expect(await listFiles(dir.path)).toEqual((await listFiles(outDir)).map((f) => `snap/${f}`));
  });

  it('may be empty: an empty directory is filled without --force', async () => {
    await using db = await createSnapshotSource();
    await using dir = await tempDir('snapshot-empty');
    const outDir = join(dir.path, 'snap');
    await mkdir(outDir);

    await takeSnapshot(snapshotConfig(db.url), { outDir });

    await expectCompleteSnapshot(outDir, db);
    expect(partialsBeside(outDir)).toEqual([]);
  });
});

describe('sandbox snapshot exits 2 or 64 and writes nothing when it cannot write a snapshot', () => {
  it('exits 2 with SNAPSHOT_EXISTS and a hint to use --force, and replaces the directory with --force', async () => {
    await using db = await createSnapshotSource();
    await using ws = await cliWorkspace();
    await mkdir(join(ws.cwd, 'snap'));
    await ws.write('snap/keep.txt', 'mine\n');

    const refused = await ws.run(['snapshot', '--source', db.url, '--data', 'copy', '--out', 'snap']);

    expect(refused.code, describeRun(refused)).toBe(2);
    expect(ws.scrub(refused.stderr)).toContain('sandbox: error [SNAPSHOT_EXISTS]: <cwd>/snap already exists and is not empty.');
    expect(refused.stderr).toContain('--force');
    expect(refused.stdout).toBe('');
    expect(await listFiles(join(ws.cwd, 'snap'))).toEqual(['keep.txt']);
    expect(partialsBeside(join(ws.cwd, 'snap'))).toEqual([]);

    const forced = await ws.run(['snapshot', '--source', db.url, '--data', 'copy', '--out', 'snap', '--force']);

    expect(forced.code, describeRun(forced)).toBe(0);
    expect(await listFiles(join(ws.cwd, 'snap'))).not.toContain('keep.txt');
    await expectCompleteSnapshot(join(ws.cwd, 'snap'), db);
    expect(partialsBeside(join(ws.cwd, 'snap'))).toEqual([]);
  });

  it('exits 2 with SOURCE_READ_FAILED naming the table when the role may not read one table, and leaves nothing behind', async () => {
    await using db = await createSnapshotSource();
    const url = await createReadOnlyRole(db);
    // created after the grants: the read-only role has no SELECT on it
    await db.query('CREATE TABLE payroll (id int PRIMARY KEY, salary numeric); INSERT INTO payroll VALUES (1, 100)');
    await using ws = await cliWorkspace();

    const result = await ws.run(['snapshot', '--source', url, '--data', 'copy', '--out', 'snap']);

    expect(result.code, describeRun(result)).toBe(2);
    expect(result.stdout).toBe('');
    expect(existsSync(join(ws.cwd, 'snap'))).toBe(false);
    expect(partialsBeside(join(ws.cwd, 'snap'))).toEqual([]);
    // what went wrong, and what to do about it: the catalog's code and hint, not an "unexpected error"
    expect(result.stderr).toContain('permission denied for table payroll');
    expect(result.stderr).toContain('[SOURCE_READ_FAILED]');
    expect(result.stderr).toContain('hint: The source role needs CONNECT on the database and SELECT on every table (or pg_read_all_data).');
  });

  it('exits 64 for an unknown --data mode, before it reads the source', async () => {
    await using ws = await cliWorkspace();

    const result = await ws.run(['snapshot', '--source', 'postgres://nobody@127.0.0.1:1/none', '--data', 'everything', '--out', 'snap']);

    expect(result.code, describeRun(result)).toBe(64);
    expect(result.stderr).toContain('--data must be one of synthetic, anonymized, copy; got "everything".');
    expect(existsSync(join(ws.cwd, 'snap'))).toBe(false);
    expect(partialsBeside(join(ws.cwd, 'snap'))).toEqual([]);
  });
});
