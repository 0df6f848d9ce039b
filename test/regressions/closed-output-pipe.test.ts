import { describe, expect, it } from 'vitest';
import { cliWorkspace, eventually, replayArgs } from '../helpers/cli.js';
import { createTestDb } from '../helpers/test-db.js';

// `sandbox replay … | head -3` closed the CLI's stderr early; the next progress line died on EPIPE before any
// cleanup ran, and the sandbox server and its data directory were left behind.
describe('a CLI whose output pipes close early', () => {
  it('still finishes its run and removes its sandbox', async () => {
    await using db = await createTestDb('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 1000);');
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT pg_sleep(1);\nDELETE FROM t WHERE id < 10;\n');
    const cli = ws.start(replayArgs(db.url));
    await cli.waitForOutput(/starting an embedded sandbox/, { stream: 'stderr' });
    // what `head` does once it has read enough
    cli.child.stdout?.destroy();
    cli.child.stderr?.destroy();
    const result = await cli.result;
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(await eventually(() => ws.sandboxDirs().length === 0 && ws.postgresProcesses().length === 0)).toBe(true);
  });
});
