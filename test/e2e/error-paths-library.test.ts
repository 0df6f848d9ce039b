import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-code.js';
import { runDdl } from '../../src/clone/run-ddl.js';
import { readLoggedStatements } from '../../src/command/statement-log.js';
import { runCommand } from '../../src/command/run-command.js';
import { errorCatalog } from '../../src/errors/error-catalog.js';
import { readOperation } from '../../src/pipeline/operation.js';
import { ReplaySession } from '../../src/pipeline/replay-session.js';
import { baselineDatabase } from '../../src/sandbox/template-database.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createTestDb, withClient } from '../helpers/test-db.js';
import { replayConfig } from '../pipeline/fixture-cases.js';

// The error paths of test/e2e/error-paths.test.ts that no CLI input reaches on a healthy machine: each is driven
// through the library function that raises it, and must carry a catalog code whose exit is not 0.

async function thrownCode(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  throw new Error('expected an error');
}

describe('error paths below the CLI', () => {
  it('SANDBOX_RESET_FAILED: the checkpoint is gone when the next operation needs it, and its report fails closed', async () => {
    await using db = await createTestDb('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1), (2);');
    await using dir = await tempDir('reset-failed');
    const op = join(dir.path, 'op.sql');
    await writeFile(op, 'DELETE FROM t WHERE id = 1;\n');
    await using session = await ReplaySession.open(replayConfig(db.url), { reusable: true });
    expect((await session.replay(await readOperation([op]))).errors).toEqual([]);
    const maintenance = new URL(session.url!);
    const sandboxDb = decodeURIComponent(maintenance.pathname.slice(1));
    maintenance.pathname = '/postgres';
    await withClient(maintenance.toString(), async (admin) => {
      const template = admin.escapeIdentifier(baselineDatabase(sandboxDb));
      await admin.query(`ALTER DATABASE ${template} IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE ${template}`);
    });

    const report = await session.replay(await readOperation([op]));

    expect(report.verdict).toBe('fail');
    expect(report.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('[SANDBOX_RESET_FAILED]') })]);
    expect(exitCodeFor(report)).toBe(errorCatalog.SANDBOX_RESET_FAILED.exit);
  });

  it('CLONE_FAILED: a schema object that cannot be recreated names its statement', async () => {
    await using db = await createTestDb('SELECT 1;');
    const code = await thrownCode(() => withClient(db.url, (client) => runDdl(client, [{ label: 'table public.t', sql: 'CREATE TABLE t (a no_such_type)' }])));
    expect(code).toBe('CLONE_FAILED');
    expect(errorCatalog.CLONE_FAILED.exit).toBe(2);
  });

  it('COMMAND_FAILED_TO_START: an argument the kernel refuses (E2BIG) starts nothing', async () => {
    const code = await thrownCode(() => runCommand({ argv: [process.execPath, 'x'.repeat(256 * 1024)], env: {}, timeLimitMs: 10_000 }));
    expect(code).toBe('COMMAND_FAILED_TO_START');
    expect(errorCatalog.COMMAND_FAILED_TO_START.exit).toBe(2);
  });

  it('COMMAND_LOG_UNREADABLE: a server log that never shows the statements fails after its wait', async () => {
    await using db = await createTestDb('SELECT 1;');
    await using dir = await tempDir('log-unreadable');
    const log = join(dir.path, 'server.json');
    await writeFile(log, '');
    // the marker query is sent, but this log belongs to no server: it never shows up
    const code = await thrownCode(() => readLoggedStatements(log, 0, 'sandbox_op', db.url));
    expect(code).toBe('COMMAND_LOG_UNREADABLE');
    expect(errorCatalog.COMMAND_LOG_UNREADABLE.exit).toBe(2);
  }, 30_000);
});
