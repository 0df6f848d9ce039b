import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOperation } from '../../src/pipeline/operation.js';
import { replay } from '../../src/pipeline/replay.js';
import { takeSnapshot } from '../../src/pipeline/take-snapshot.js';
import type { Report } from '../../src/report/report-schema.js';
import { serverRoot } from '../../src/sandbox/postgres-server.js';
import { groundTruth } from '../helpers/ground-truth.js';
import { adminUrl, createReadOnlyRole, withClient } from '../helpers/test-db.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createSnapshotSource, liveReplayConfig, snapshotConfig, snapshotReplayConfig } from './snapshot-helpers.js';

// A cascade, a partitioned update, and inserts that need the serial and identity sequences to continue where
// production left them: everything a snapshot has to carry for a replay to count the same as one from the source.
const op = `DELETE FROM users WHERE id <= 5;
UPDATE events SET payload = NULL WHERE id % 10 = 0;
INSERT INTO users (email, name) VALUES ('new@example.com', 'new');
INSERT INTO orders (user_id, total) VALUES (40, 7);
`;

/** What a reader compares across replays: per table, the counts and the production size they are scaled to. */
function tableFacts(report: Report) {
  return report.tables
    .map(({ name, rowsBefore, rowsAfter, inserted, updated, deleted, productionRows, estimatedProductionAffected, collateral }) => ({
      name,
      rowsBefore,
      rowsAfter,
      inserted,
      updated,
      deleted,
      productionRows,
      estimatedProductionAffected,
      collateral,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function statementFacts(report: Report) {
  return report.operation.statements.map(({ kind, tables, status, rowCount }) => ({ kind, tables, status, rowCount }));
}

describe('a replay from a snapshot', () => {
  it('counts every table as a replay from the live source does, and as psql on a copy of the source does', async () => {
    await using db = await createSnapshotSource();
    await using dir = await tempDir('replay-snapshot');
    const opFile = join(dir.path, 'op.sql');
    await writeFile(opFile, op);
    const snapshotDir = join(dir.path, 'snap');
    await takeSnapshot(snapshotConfig(await createReadOnlyRole(db)), { outDir: snapshotDir });
    const truth = await groundTruth(db, [opFile]);

    const live = await replay(await readOperation([opFile]), liveReplayConfig(db.url));
    const fromSnapshot = await replay(await readOperation([opFile]), snapshotReplayConfig(snapshotDir));

    expect(live.errors).toEqual([]);
    expect(fromSnapshot.errors).toEqual([]);
    expect(truth.opFailed, truth.psqlStderr).toBe(false);
    expect(fromSnapshot.tables.map((t) => t.name).sort()).toEqual(['public.events', 'public.events_2024', 'public.events_2025', 'public.orders', 'public.users']);
    expect(tableFacts(fromSnapshot)).toEqual(tableFacts(live));
    expect(
      tableFacts(fromSnapshot).map(({ name, rowsBefore, rowsAfter, inserted, updated, deleted }) => ({ name, rowsBefore, rowsAfter, inserted, updated, deleted })),
    ).toEqual(truth.tables);
    expect(statementFacts(fromSnapshot)).toEqual(statementFacts(live));
    expect(fromSnapshot.schemaChanges).toEqual(live.schemaChanges);
    expect(fromSnapshot.verdict).toBe(live.verdict);
    for (const report of [live, fromSnapshot]) expect(existsSync(join(serverRoot(), report.sandbox!.id)), `${report.sandbox!.id} was removed`).toBe(false);
  });

  it('works after the source database was dropped, and the report names the snapshot by its manifest id', async () => {
    await using dir = await tempDir('replay-snapshot-dropped');
    const opFile = join(dir.path, 'op.sql');
    await writeFile(opFile, op);
    const snapshotDir = join(dir.path, 'snap');
    let database: string;
    let manifest: Awaited<ReturnType<typeof takeSnapshot>>;
    {
      await using db = await createSnapshotSource();
      database = db.name;
      manifest = await takeSnapshot(snapshotConfig(db.url), { outDir: snapshotDir });
    }
    // production is gone: a replay that tried to reach it could not clone anything
    const [gone] = await withClient(adminUrl(), async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_database WHERE datname = $1', [database])).rows);
    expect(gone!.n).toBe(0);

    const report = await replay(await readOperation([opFile]), snapshotReplayConfig(snapshotDir));

    expect(report.errors).toEqual([]);
    expect(report.verdict).not.toBe('fail');
    expect(report.snapshot).toMatchObject({ id: manifest.id, createdAt: manifest.createdAt, dataMode: 'copy', source: { database, serverVersion: manifest.source.serverVersion } });
    expect(report.tables.find((t) => t.name === 'public.users')).toMatchObject({ rowsBefore: 40, rowsAfter: 36, deleted: 5, inserted: 1, productionRows: 40 });
    expect(report.tables.find((t) => t.name === 'public.orders')).toMatchObject({ collateral: false, productionRows: 100 });
    expect(report.operation.statements.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(existsSync(join(serverRoot(), report.sandbox!.id)), `${report.sandbox!.id} was removed`).toBe(false);
  });
});
