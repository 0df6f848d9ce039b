import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, cp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeSnapshot } from '../../src/pipeline/take-snapshot.js';
import { binDirArgs, cliWorkspace, type CliResult, type CliWorkspace } from '../helpers/cli.js';
import { createReadOnlyRole, createTestDb, type TestDb } from '../helpers/test-db.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';
import { createSnapshotSource, readManifest, readStats, snapshotConfig } from './snapshot-helpers.js';

// One snapshot, written once with a read-only role; each case copies it into its own CLI workspace, damages the
// copy in one way and replays from it. A damaged snapshot must never be judged: exit 2, and the message names the
// file. The source database is dropped before any replay runs, so nothing here can fall back on production.

const passingOp = "UPDATE users SET name = 'renamed' WHERE id = 7;\n";

let pristine: TempDir;
let snapshotDir: string;
/** The data file of public.users, e.g. `data/0001.copy.gz` */
let usersFile: string;

beforeAll(async () => {
  pristine = await tempDir('tamper-pristine');
  snapshotDir = join(pristine.path, 'snap');
  await using db = await createSnapshotSource();
  await takeSnapshot(snapshotConfig(await createReadOnlyRole(db)), { outDir: snapshotDir });
  usersFile = (await readStats(snapshotDir)).tables['public.users']!.file!;
});

afterAll(async () => {
  await pristine?.[Symbol.asyncDispose]();
});

function describeRun(result: CliResult): string {
  return `exit ${String(result.code)}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

/** Every run must leave neither a data directory under $TMPDIR/sandbox-pg nor a server process behind. */
function expectNothingLeft(ws: CliWorkspace): void {
  expect(ws.sandboxDirs()).toEqual([]);
  expect(ws.postgresProcesses()).toEqual([]);
}

/** A CLI workspace with a copy of the pristine snapshot at `<cwd>/snap` (its path in `snap`) and op.sql beside it. */
async function workspaceWithSnapshot(): Promise<CliWorkspace & { snap: string }> {
  const ws = await cliWorkspace();
  const snap = join(ws.cwd, 'snap');
  await cp(snapshotDir, snap, { recursive: true });
  await ws.write('op.sql', passingOp);
  return Object.assign(ws, { snap });
}

function replayFromSnapshot(ws: CliWorkspace): Promise<CliResult> {
  return ws.run(['replay', 'op.sql', '--snapshot', 'snap', '--report-dir', 'reports', ...binDirArgs()]);
}

/** Exit 2, the file named on the terminal and in report.json, with the snapshot error code and its hint. */
async function expectRejected(ws: CliWorkspace, result: CliResult, file: string, reason: RegExp): Promise<void> {
  expect(result.code, describeRun(result)).toBe(2);
  const output = ws.scrub(result.stdout + result.stderr);
  expect(output).toContain('[SNAPSHOT_INVALID]');
  expect(output).toContain(file);
  expect(output).toMatch(reason);
  expect(output).toContain('hint: The snapshot is incomplete, tampered with or from another format');
  expect(result.stdout).toMatch(/^sandbox replay: ERROR: the gate could not judge \(fail closed\)/);
  const report = await ws.readReport();
  expect(report.verdict).toBe('fail');
  expect(report.rules).toEqual([]);
  expect(report.errors).toEqual([{ stage: 'snapshot', message: expect.stringContaining('[SNAPSHOT_INVALID]') }]);
  expect(ws.scrub(report.errors[0]!.message)).toContain(file);
  expect(report.operation.statements).toEqual([]);
}

/** Nothing was provisioned: the check came before any server was started. */
function expectNoSandboxStarted(ws: CliWorkspace, result: CliResult): void {
  expect(existsSync(join(ws.tmpdir, 'sandbox-pg')), 'a sandbox data directory root was created').toBe(false);
  expect(result.stderr).not.toMatch(/starting an? \w+ sandbox/);
  expectNothingLeft(ws);
}

const tamperedReason = /sha256 does not match the manifest/;

describe('sandbox replay --snapshot on an untouched snapshot', () => {
  it('exits 0 for a passing operation, without contacting the (dropped) source', async () => {
    await using ws = await workspaceWithSnapshot();
    const { snap } = ws;
    const manifest = await readManifest(snap);

    const result = await replayFromSnapshot(ws);

    expect(result.code, describeRun(result)).toBe(0);
    expect(result.stdout).toMatch(/^sandbox replay: PASS/);
    const report = await ws.readReport();
    expect(report.errors).toEqual([]);
    expect(report.snapshot.id).toBe(manifest.id);
    expect(report.tables).toEqual([expect.objectContaining({ name: 'public.users', updated: 1, rowsBefore: 40, productionRows: 40 })]);
    expect(existsSync(join(ws.tmpdir, 'sandbox-pg')), 'the sandbox did live under this TMPDIR').toBe(true);
    expectNothingLeft(ws);
  });
});

describe('sandbox replay --snapshot refuses a damaged snapshot before it starts a sandbox', () => {
  const cases: { name: string; file: (snap: string) => string; reason: RegExp; damage: (snap: string) => Promise<void> }[] = [
    {
      name: 'stats.json edited (a row count raised, still valid JSON)',
      file: () => 'stats.json',
      reason: tamperedReason,
      damage: async (snap) => {
        const path = join(snap, 'stats.json');
        const stats = JSON.parse(await readFile(path, 'utf8')) as { tables: Record<string, { rows: number }> };
        stats.tables['public.users']!.rows = 4_000_000;
        await writeFile(path, `${JSON.stringify(stats, null, 1)}\n`);
      },
    },
    {
      name: 'schema.json edited (a NOT NULL dropped, still valid JSON)',
      file: () => 'schema.json',
      reason: tamperedReason,
      damage: async (snap) => {
        const path = join(snap, 'schema.json');
        const text = await readFile(path, 'utf8');
        const edited = text.replace(/"notNull": true/, '"notNull": false');
        expect(edited).not.toBe(text);
        await writeFile(path, edited);
      },
    },
    {
      name: 'pre-data.sql with a statement appended',
      file: () => 'pre-data.sql',
      reason: tamperedReason,
      damage: (snap) => appendFile(join(snap, 'pre-data.sql'), 'DROP TABLE public.orders;\n'),
    },
    {
      name: 'a data file removed',
      file: () => usersFile,
      reason: /listed in the manifest of .* but missing/,
      damage: (snap) => rm(join(snap, usersFile)),
    },
    {
      name: 'an extra data file added',
      file: () => 'data/9999.copy.gz',
      reason: /not in its manifest/,
      damage: (snap) => writeFile(join(snap, 'data/9999.copy.gz'), gzipSync('1\tintruder@example.com\tx\t\\N\t2024-01-01 00:00:00+00\n')),
    },
    {
      name: 'an extra file added at the top',
      file: () => 'notes.txt',
      reason: /not in its manifest/,
      damage: (snap) => writeFile(join(snap, 'notes.txt'), 'hello\n'),
    },
    {
      name: 'manifest.json missing',
      file: () => 'manifest.json',
      reason: /is not a snapshot: manifest\.json is missing/,
      damage: (snap) => rm(join(snap, 'manifest.json')),
    },
    {
      name: 'manifest.json cut short (not JSON any more)',
      file: () => 'manifest.json',
      reason: /not a valid snapshot file/,
      damage: async (snap) => {
        const path = join(snap, 'manifest.json');
        await writeFile(path, (await readFile(path, 'utf8')).slice(0, 100));
      },
    },
  ];

  it.each(cases)('exits 2 naming the file when: $name', async ({ file, reason, damage }) => {
    await using ws = await workspaceWithSnapshot();
    const { snap } = ws;
    await damage(snap);

    const result = await replayFromSnapshot(ws);

    await expectRejected(ws, result, file(snap), reason);
    const report = await ws.readReport();
    expect(report.sandbox).toBeNull();
    expectNoSandboxStarted(ws, result);
  });

  it('exits 2 naming manifest.json when the manifest vouches for an edited file but kept its content-addressed id', async () => {
    await using ws = await workspaceWithSnapshot();
    const { snap } = ws;
    const manifest = await readManifest(snap);
    const statsPath = join(snap, 'stats.json');
    const stats = JSON.parse(await readFile(statsPath, 'utf8')) as { tables: Record<string, { rows: number }> };
    stats.tables['public.users']!.rows = 4_000_000;
    const text = `${JSON.stringify(stats, null, 1)}\n`;
    await writeFile(statsPath, text);
    // the hash list is updated to match, the id (derived from that list) is not: the id no longer names this content
    manifest.files['stats.json'] = createHash('sha256').update(text).digest('hex');
    await writeFile(join(snap, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);

    const result = await replayFromSnapshot(ws);

    await expectRejected(ws, result, 'manifest.json', new RegExp(manifest.id));
    expect((await ws.readReport()).sandbox).toBeNull();
    expectNoSandboxStarted(ws, result);
  });

  it('exits 2 for a --snapshot directory that does not exist', async () => {
    await using ws = await cliWorkspace();
    await ws.write('op.sql', passingOp);

    const result = await ws.run(['replay', 'op.sql', '--snapshot', 'nowhere', '--report-dir', 'reports', ...binDirArgs()]);

    await expectRejected(ws, result, '<cwd>/nowhere', /manifest\.json is missing/);
    expectNoSandboxStarted(ws, result);
  });
});

describe('sandbox replay --snapshot refuses a damaged data file while it loads it', () => {
  /** A sandbox was started (data files are hashed as they stream into it), and removed again. */
  function expectSandboxRemoved(ws: CliWorkspace, result: CliResult): void {
    expect(result.stderr).toMatch(/starting an? \w+ sandbox/);
    expect(existsSync(join(ws.tmpdir, 'sandbox-pg')), 'the sandbox did live under this TMPDIR').toBe(true);
    expectNothingLeft(ws);
  }

  it('exits 2 naming the file when one byte of a data file is changed', async () => {
    await using ws = await workspaceWithSnapshot();
    const { snap } = ws;
    const path = join(snap, usersFile);
    const bytes = await readFile(path);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    await writeFile(path, bytes);

    const result = await replayFromSnapshot(ws);

    await expectRejected(ws, result, usersFile, tamperedReason);
    expectSandboxRemoved(ws, result);
  });

  it('exits 2 naming the file when a data file is truncated', async () => {
    await using ws = await workspaceWithSnapshot();
    const { snap } = ws;
    const path = join(snap, usersFile);
    const { size } = await stat(path);
    await truncate(path, Math.floor(size / 2));

    const result = await replayFromSnapshot(ws);

    await expectRejected(ws, result, usersFile, tamperedReason);
    expectSandboxRemoved(ws, result);
  });

  it('exits 2 naming the file when a data file is re-compressed with one row edited (valid gzip, valid rows)', async () => {
    await using ws = await workspaceWithSnapshot();
    const { snap } = ws;
    const path = join(snap, usersFile);
    const text = gunzipSync(await readFile(path)).toString('utf8');
    const edited = text.replace('user7@example.com', 'user7@evil.example');
    expect(edited).not.toBe(text);
    await writeFile(path, gzipSync(edited));

    const result = await replayFromSnapshot(ws);

    await expectRejected(ws, result, usersFile, tamperedReason);
    expectSandboxRemoved(ws, result);
  });

  it('exits 2 naming the file when an edited row is one PostgreSQL rejects (valid gzip, invalid row)', async () => {
    await using ws = await workspaceWithSnapshot();
    const { snap } = ws;
    const path = join(snap, usersFile);
    const text = gunzipSync(await readFile(path)).toString('utf8');
    // the id column of the first row is no integer any more: COPY fails on it before the file's hash is compared
    const edited = text.replace(/^1\t/, 'one\t');
    expect(edited).not.toBe(text);
    await writeFile(path, gzipSync(edited));

    const result = await replayFromSnapshot(ws);

    await expectRejected(ws, result, usersFile, tamperedReason);
    expectSandboxRemoved(ws, result);
  });
});

describe('a damaged data file larger than one read', () => {
  let big: TempDir;
  let bigSnapshot: string;
  let bigFile: string;

  beforeAll(async () => {
    big = await tempDir('tamper-big');
    bigSnapshot = join(big.path, 'snap');
    await using db: TestDb = await createTestDb(
      "CREATE TABLE big (id int PRIMARY KEY, label text NOT NULL); INSERT INTO big SELECT g, md5(g::text) FROM generate_series(1, 100000) g;",
      'snapbig',
    );
    await takeSnapshot(snapshotConfig(db.url), { outDir: bigSnapshot });
    bigFile = (await readStats(bigSnapshot)).tables['public.big']!.file!;
  });

  afterAll(async () => {
    await big?.[Symbol.asyncDispose]();
  });

  it('exits 2 naming the file when a byte near its start is changed', async () => {
    await using ws = await cliWorkspace();
    const snap = join(ws.cwd, 'snap');
    await cp(bigSnapshot, snap, { recursive: true });
    await ws.write('op.sql', 'DELETE FROM big WHERE id = 1;\n');
    const path = join(snap, bigFile);
    const bytes = await readFile(path);
    // several 64 KiB reads follow the damage: rows decoded from it may reach PostgreSQL before gunzip gives up
    expect(bytes.length).toBeGreaterThan(4 * 65_536);
    bytes[2_000] = bytes[2_000]! ^ 0xff;
    await writeFile(path, bytes);

    const result = await replayFromSnapshot(ws);

    await expectRejected(ws, result, bigFile, tamperedReason);
    expect(result.stderr).toMatch(/starting an? \w+ sandbox/);
    expectNothingLeft(ws);
  });
});
