import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOperation } from '../../src/pipeline/operation.js';
import { ReplaySession } from '../../src/pipeline/replay-session.js';
import type { Report } from '../../src/report/report-schema.js';
import { groundTruth, type GroundTruth } from '../helpers/ground-truth.js';
import { tempDir, type TempDir } from '../helpers/temp-dir.js';
import type { TestDb } from '../helpers/test-db.js';
import { createFixtureDb, fixturePath, replayConfig, tableCounts } from './fixture-cases.js';

// Several operations in one sandbox, each from the same baseline: every report must be what psql's run of that
// operation alone, on a fresh copy of the source, produced — whatever ran in the sandbox before it.

const dropColumn = 'ALTER TABLE orders DROP COLUMN total;\nDELETE FROM products;\n';
const addRows = "INSERT INTO customers SELECT i, 'new ' || i FROM generate_series(51, 60) AS i;\nUPDATE orders SET total = total + 1 WHERE id <= 10;\n";

describe('a reusable session replaying three operations in turn', () => {
  let db: TestDb;
  let dir: TempDir;
  const reports: Report[] = [];
  const truths: GroundTruth[] = [];
  let urlsAfter: string[] = [];

  beforeAll(async () => {
    db = await createFixtureDb('delete-cascade');
    dir = await tempDir('session-ops');
    const files = [fixturePath('delete-cascade'), join(dir.path, 'drop-column.sql'), join(dir.path, 'add-rows.sql')];
    await writeFile(files[1]!, dropColumn);
    await writeFile(files[2]!, addRows);
    for (const file of files) truths.push(await groundTruth(db, [file]));
    await using session = await ReplaySession.open(replayConfig(db.url), { reusable: true });
    // the cascade again at the end: it must find the rows its first run deleted
    for (const file of [...files, files[0]!]) {
      reports.push(await session.replay(await readOperation([file])));
      urlsAfter.push(session.url ?? '');
    }
  });
  afterAll(async () => {
    await dir?.[Symbol.asyncDispose]();
    await db?.[Symbol.asyncDispose]();
  });

  it('replays every operation without an error', () => {
    expect(reports.map((r) => r.errors)).toEqual([[], [], [], []]);
  });

  it('reports for each operation the rows psql changed running it alone on a fresh copy', () => {
    expect(tableCounts(reports[0]!)).toEqual(truths[0]!.tables);
    expect(tableCounts(reports[1]!)).toEqual(truths[1]!.tables);
    expect(tableCounts(reports[2]!)).toEqual(truths[2]!.tables);
  });

  it('restores the schema too: the column the second operation dropped is back for the third', () => {
    expect(reports[1]!.schemaChanges.map((c) => `${c.change} ${c.name}`)).toContain('alter public.orders');
    expect(reports[2]!.schemaChanges).toEqual([]);
    expect(reports[2]!.operation.statements.map((s) => s.status)).toEqual(['ok', 'ok']);
  });

  it('gives the same report for the same operation at the start and after others ran', () => {
    expect(tableCounts(reports[3]!)).toEqual(tableCounts(reports[0]!));
    expect(reports[3]!.rules).toEqual(reports[0]!.rules);
  });

  it('keeps one sandbox, at one URL, for the whole session', () => {
    expect(new Set(reports.map((r) => r.sandbox?.id)).size).toBe(1);
    expect(new Set(urlsAfter).size).toBe(1);
  });
});

describe('resetting a sandbox', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createFixtureDb('delete-cascade');
  });
  afterAll(async () => {
    await db?.[Symbol.asyncDispose]();
  });

  it('ends a session still connected to the sandbox, instead of failing on it', async () => {
    await using session = await ReplaySession.open(replayConfig(db.url), { reusable: true });
    const op = await readOperation([fixturePath('delete-cascade')]);
    const first = await session.replay(op);
    const lingering = new pg.Client({ connectionString: session.url });
    lingering.on('error', () => undefined);
    await lingering.connect();
    try {
      const second = await session.replay(op);
      expect(second.errors).toEqual([]);
      expect(tableCounts(second)).toEqual(tableCounts(first));
    } finally {
      await lingering.end().catch(() => undefined);
    }
  });

  it('fails closed when a session opened for one operation is asked for a second', async () => {
    await using session = await ReplaySession.open(replayConfig(db.url));
    const op = await readOperation([fixturePath('delete-cascade')]);
    expect((await session.replay(op)).errors).toEqual([]);
    const second = await session.replay(op);
    expect(second.verdict).toBe('fail');
    expect(second.errors).toEqual([{ stage: 'provision', message: expect.stringContaining('opened for one operation') }]);
  });

  it('does not reset for an operation that did not parse: the next one still starts from the baseline', async () => {
    await using dir = await tempDir('session-parse');
    await writeFile(join(dir.path, 'bad.sql'), 'DELETE FROM WHERE;\n');
    await using session = await ReplaySession.open(replayConfig(db.url));
    const bad = await session.replay(await readOperation([join(dir.path, 'bad.sql')]));
    expect(bad.errors.map((e) => e.stage)).toEqual(['parse']);
    const good = await session.replay(await readOperation([fixturePath('delete-cascade')]));
    expect(good.errors).toEqual([]);
  });
});
