import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { binDirArgs, cliWorkspace, eventually, type CliWorkspace } from '../helpers/cli.js';
import { createTestDb } from '../helpers/test-db.js';

const schema = 'CREATE TABLE t (id int PRIMARY KEY, note text); INSERT INTO t SELECT g, md5(g::text) FROM generate_series(1, 50) g;';

function stateEnv(ws: CliWorkspace) {
  return { env: { SANDBOX_STATE_DIR: join(ws.root, 'state') } };
}

async function rowCount(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM t')).rows[0]!.n);
  } finally {
    await client.end();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('sandbox up --detach, ls and down', () => {
  it('leaves a working sandbox after the CLI exits, lists it, and down removes it with its data', async () => {
    await using db = await createTestDb(schema);
    await using ws = await cliWorkspace();
    const up = await ws.run(['up', '--source', db.url, '--data', 'copy', '--detach', '--json', ...binDirArgs()], stateEnv(ws));
    expect(up.code).toBe(0);
    const info = JSON.parse(up.stdout) as { id: string; url: string; provider: string; pid: number; dataDir: string; detached: boolean };
    expect(info).toMatchObject({ provider: 'embedded', detached: true, notReproduced: [] });
    const { fidelity } = info as unknown as { fidelity: { reproduced: number; inSource: number } };
    expect(fidelity.inSource).toBeGreaterThanOrEqual(3); // at least the table, its primary key and the key's index
    expect(fidelity.reproduced).toBe(fidelity.inSource);
    expect(info.dataDir.startsWith(ws.tmpdir)).toBe(true);

    // the CLI has exited: the sandbox is still there and holds the source's rows
    expect(alive(info.pid)).toBe(true);
    expect(await rowCount(info.url)).toBe(50);

    const ls = await ws.run(['ls', '--json'], stateEnv(ws));
    expect(JSON.parse(ls.stdout)).toMatchObject([{ id: info.id, status: 'running', provider: 'embedded' }]);
    const table = await ws.run(['ls'], stateEnv(ws));
    expect(table.stdout).toMatch(new RegExp(`^ID\\s+PROVIDER\\s+STATUS\\s+AGE\\s+SIZE\\s+ORIGIN\\n${info.id}\\s+embedded\\s+running`));

    const down = await ws.run(['down', info.id], stateEnv(ws));
    expect(down.code).toBe(0);
    expect(await eventually(() => !alive(info.pid))).toBe(true);
    expect(ws.sandboxDirs()).toEqual([]);
    expect(JSON.parse((await ws.run(['ls', '--json'], stateEnv(ws))).stdout)).toEqual([]);
  });

  it('provisions from a snapshot without the source, which may be gone', async () => {
    await using ws = await cliWorkspace();
    {
      await using db = await createTestDb(schema);
      const snap = await ws.run(['snapshot', '--source', db.url, '--data', 'copy', '--out', 'snap'], stateEnv(ws));
      expect(snap.code, snap.stderr).toBe(0);
    } // the source database is dropped here
    const up = await ws.run(['up', '--snapshot', 'snap', '--detach', '--json', ...binDirArgs()], stateEnv(ws));
    expect(up.code, up.stderr).toBe(0);
    const info = JSON.parse(up.stdout) as { id: string; url: string; origin: string };
    expect(info.origin).toBe('snap');
    expect(await rowCount(info.url)).toBe(50);
    expect((await ws.run(['down', info.id], stateEnv(ws))).code).toBe(0);
    expect(ws.sandboxDirs()).toEqual([]);
  });

  it('keeps a foreground sandbox until Ctrl-C, then removes it and exits 0', async () => {
    await using db = await createTestDb(schema);
    await using ws = await cliWorkspace();
    const up = ws.start(['up', '--source', db.url, '--data', 'copy', ...binDirArgs()], stateEnv(ws));
    await up.waitForOutput(/press Ctrl-C to remove it/, { stream: 'stdout' });
    const url = /postgres:\/\/\S+/.exec(up.stdout())![0];
    expect(await rowCount(url)).toBe(50);
    up.kill('SIGINT');
    const result = await up.result;
    expect(result.code).toBe(0);
    expect(ws.sandboxDirs()).toEqual([]);
    expect(ws.postgresProcesses()).toEqual([]);
  });

  it('exits 2 naming the id when down is given an unknown sandbox', async () => {
    await using ws = await cliWorkspace();
    const down = await ws.run(['down', 'sandbox-nope'], stateEnv(ws));
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('[SANDBOX_NOT_FOUND]');
    expect(down.stderr).toContain('sandbox-nope');
  });
});

describe('sandbox gc', () => {
  it('removes a detached sandbox once its owner process was killed with SIGKILL, and keeps one whose owner lives', async () => {
    await using db = await createTestDb(schema);
    await using ws = await cliWorkspace();
    const owner = spawn('sleep', ['300'], { stdio: 'ignore' });
    const keeper = spawn('sleep', ['300'], { stdio: 'ignore' });
    try {
      const up = (ownerPid: number) => ws.run(['up', '--source', db.url, '--data', 'copy', '--detach', '--json', '--owner-pid', String(ownerPid), ...binDirArgs()], stateEnv(ws));
      const doomed = JSON.parse((await up(owner.pid!)).stdout) as { id: string; pid: number };
      const kept = JSON.parse((await up(keeper.pid!)).stdout) as { id: string; pid: number };

      owner.kill('SIGKILL');
      await eventually(() => owner.exitCode !== null || owner.signalCode !== null);
      const gc = await ws.run(['gc'], stateEnv(ws));
      expect(gc.code).toBe(0);
      expect(gc.stdout).toContain(`removed ${doomed.id}: owner process ${owner.pid} is gone`);
      expect(await eventually(() => !alive(doomed.pid))).toBe(true);
      expect(ws.sandboxDirs()).toEqual([kept.id]);
      expect(alive(kept.pid)).toBe(true);

      await ws.run(['down', kept.id], stateEnv(ws));
    } finally {
      owner.kill('SIGKILL');
      keeper.kill('SIGKILL');
    }
  });

  it('removes the server and data directory of a replay killed with SIGKILL', async () => {
    await using db = await createTestDb(schema);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT pg_sleep(60);\n');
    const replay = ws.start(['replay', 'op.sql', '--source', db.url, '--data', 'copy', '--report-dir', 'reports', ...binDirArgs()], stateEnv(ws));
    await replay.waitForOutput(/replaying/, { stream: 'stderr' });
    replay.kill('SIGKILL');
    await replay.result;
    // SIGKILL gives no chance to clean up: the server is still there
    expect(ws.sandboxDirs()).toHaveLength(1);
    expect(ws.postgresProcesses().length).toBeGreaterThan(0);

    const gc = await ws.run(['gc'], stateEnv(ws));
    expect(gc.stdout).toMatch(/removed sandbox-[0-9a-f]+: owner process \d+ is gone/);
    expect(await eventually(() => ws.postgresProcesses().length === 0)).toBe(true);
    expect(ws.sandboxDirs()).toEqual([]);
  });
});
