import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliWorkspace, eventually, replayArgs, type CliProcess, type CliWorkspace } from '../helpers/cli.js';
import { createTestDb } from '../helpers/test-db.js';

const source = `
  CREATE TABLE jobs (id int PRIMARY KEY, state text NOT NULL);
  INSERT INTO jobs SELECT g, 'queued' FROM generate_series(1, 100) g;
`;

/** After the CLI has exited: within a few seconds, no server process and no data directory of this run remain. */
async function expectTornDown(ws: CliWorkspace): Promise<void> {
  const noProcess = await eventually(() => ws.postgresProcesses().length === 0, 5_000);
  expect(noProcess, `postgres processes left: ${JSON.stringify(ws.postgresProcesses())}`).toBe(true);
  expect(ws.sandboxDirs()).toEqual([]);
}

/** Waits until the sandbox server is up and the slow statement runs in it. */
async function waitUntilReplaying(cli: CliProcess, ws: CliWorkspace): Promise<void> {
  await cli.waitForOutput(/replaying \d+ statement/, { timeoutMs: 60_000 });
  // preconditions: otherwise the assertions after the signal would prove nothing
  expect(ws.sandboxDirs()).toHaveLength(1);
  expect(ws.postgresProcesses().length).toBeGreaterThan(0);
}

describe('sandbox replay interrupted by a signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`removes the sandbox server and its data directory on ${signal} during the replay, and exits 2`, async () => {
      await using db = await createTestDb(source);
      await using ws = await cliWorkspace();
      await ws.write('op.sql', "UPDATE jobs SET state = 'done' WHERE id = 1;\nSELECT pg_sleep(30);\n");
      const cli = ws.start(replayArgs(db.url), { timeoutMs: 60_000 });
      await waitUntilReplaying(cli, ws);

      const sent = Date.now();
      cli.kill(signal);
      const result = await cli.result;

      expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(2);
      expect(result.signal).toBeNull();
      // the statement sleeps 30 s: the CLI did not wait for it
      expect(Date.now() - sent).toBeLessThan(15_000);
      expect(result.stderr).toContain(`${signal}: removing`);
      expect(result.stderr).toContain('interrupted');
      await expectTornDown(ws);
    });
  }

  it('removes a sandbox that is still starting when SIGINT arrives, and exits 2', async () => {
    await using db = await createTestDb(source);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT pg_sleep(30);\n');
    // an empty cache: this run has to initdb, which is the moment to interrupt
    const cli = ws.start(replayArgs(db.url), { timeoutMs: 60_000, env: { XDG_CACHE_HOME: join(ws.root, 'cache') } });
    await cli.waitForOutput(/initdb/, { timeoutMs: 60_000 });

    cli.kill('SIGINT');
    const result = await cli.result;

    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(2);
    expect(result.stderr).toContain('interrupted');
    // a late initdb or postgres must not recreate what the teardown removed
    await new Promise((r) => setTimeout(r, 2_000));
    await expectTornDown(ws);
  });

  it('removes the sandbox on SIGTERM right after the server accepted connections', async () => {
    await using db = await createTestDb(source);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT pg_sleep(30);\n');
    const cli = ws.start(replayArgs(db.url), { timeoutMs: 60_000 });
    await cli.waitForOutput(/schema: \d+ tables/, { timeoutMs: 60_000 });

    cli.kill('SIGTERM');
    const result = await cli.result;

    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(2);
    await expectTornDown(ws);
  });
});
