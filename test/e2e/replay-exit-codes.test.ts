import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binDirArgs, closedPort, cliWorkspace, replayArgs, type CliResult, type CliWorkspace } from '../helpers/cli.js';
import { createReadOnlyRole, createTestDb } from '../helpers/test-db.js';

const shop = `
  CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
  CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users (id), total numeric NOT NULL);
  INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 10) g;
  INSERT INTO orders SELECT g, g, 10 FROM generate_series(1, 5) g;
`;

/** Every run must leave neither a data directory under $TMPDIR/sandbox-pg nor a server process behind. */
function expectNothingLeft(ws: CliWorkspace): void {
  expect(ws.sandboxDirs()).toEqual([]);
  expect(ws.postgresProcesses()).toEqual([]);
}

function describeRun(result: CliResult): string {
  return `exit ${String(result.code)}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`;
}

function expectExit(result: CliResult, code: number): void {
  expect(result.code, describeRun(result)).toBe(code);
}

const packageVersion = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('sandbox replay exits 0 when the gate passes', () => {
  it('prints the terminal report and writes report.json and report.md with the fields of DESIGN.md', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    const op = "-- rename one user\nUPDATE users SET name = 'renamed' WHERE id = 7;\n";
    await ws.write('op.sql', op);

    const result = await ws.run(replayArgs(db.url));

    expectExit(result, 0);
    expect(result.stdout).toMatch(/^sandbox replay: PASS: all \d+ rules hold/);
    expect(result.stdout).toContain('public.users');
    expect(result.stdout).toContain('reports/report.json');
    expect(existsSync(join(ws.reportDir, 'report.md'))).toBe(true);
    expect(await readFile(join(ws.reportDir, 'report.md'), 'utf8')).toContain('public.users');

    const report = await ws.readReport();
    expect(report).toMatchObject({
      version: 1,
      verdict: 'pass',
      operation: { kind: 'sql', sha256: createHash('sha256').update(op).digest('hex') },
      snapshot: { source: { database: db.name } },
      schemaChanges: [],
      invariants: [],
      errors: [],
    });
    expect(typeof report.snapshot.id).toBe('string');
    expect(Number.isNaN(Date.parse(report.snapshot.createdAt))).toBe(false);
    expect(report.snapshot.source.serverVersion).toMatch(/^15\./);
    expect(typeof report.durationMs).toBe('number');

    expect(report.operation.statements).toHaveLength(1);
    const [statement] = report.operation.statements;
    expect(Object.keys(statement!)).toEqual(expect.arrayContaining(['sql', 'kind', 'tables', 'irreversible', 'hasWhere', 'lockMode', 'rowCount', 'durationMs', 'error']));
    expect(statement).toMatchObject({
      sql: "UPDATE users SET name = 'renamed' WHERE id = 7",
      kind: 'UPDATE',
      tables: ['public.users'],
      hasWhere: true,
      rowCount: 1,
      error: null,
    });
    expect(typeof statement!.irreversible).toBe('boolean');

    // the fields of DESIGN.md with their values; the report may carry more (additive changes keep version 1)
    expect(report.tables).toEqual([
      expect.objectContaining({ name: 'public.users', rowsBefore: 10, rowsAfter: 10, inserted: 0, updated: 1, deleted: 0, productionRows: 10, estimatedProductionAffected: 1, collateral: false }),
    ]);
    expect(report.rules.length).toBeGreaterThan(0);
    for (const rule of report.rules) {
      expect(rule).toEqual({ id: expect.any(String), ok: true, message: expect.any(String) });
    }
    // the sandbox server did live under this TMPDIR, and was removed
    expect(existsSync(join(ws.tmpdir, 'sandbox-pg'))).toBe(true);
    expectNothingLeft(ws);
  });
});

describe('sandbox replay finds its source', () => {
  it('appends the Markdown report to $GITHUB_STEP_SUMMARY, after what other steps wrote there', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', "UPDATE users SET name = 'renamed' WHERE id = 7;\n");
    const summary = await ws.write('step-summary.md', '## tests: green\n');

    const result = await ws.run(replayArgs(db.url), { env: { GITHUB_STEP_SUMMARY: summary } });

    expectExit(result, 0);
    const text = await readFile(summary, 'utf8');
    expect(text.startsWith('## tests: green\n')).toBe(true);
    expect(text.slice('## tests: green\n'.length)).toBe(`${await readFile(join(ws.reportDir, 'report.md'), 'utf8')}\n`);
  });

  it('reads the source URL from DATABASE_URL when --source is omitted', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', "UPDATE users SET name = 'renamed' WHERE id = 2;\n");

    const result = await ws.run(['replay', 'op.sql', '--data', 'copy', '--report-dir', 'reports', ...binDirArgs()], { env: { DATABASE_URL: db.url } });

    expectExit(result, 0);
    expect((await ws.readReport()).snapshot.source.database).toBe(db.name);
    expectNothingLeft(ws);
  });

  it('exits 2 and says how to give a source when there is none', async () => {
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT 1;\n');

    const result = await ws.run(['replay', 'op.sql', '--data', 'copy', '--report-dir', 'reports', ...binDirArgs()]);

    expectExit(result, 2);
    const output = result.stdout + result.stderr;
    expect(output).toContain('[SOURCE_MISSING] No source database and no snapshot were given.');
    expect(output).toContain('--source');
    expectNothingLeft(ws);
  });
});

describe('sandbox replay returns promptly', () => {
  it('exits within 2 s of removing its sandbox, without idling on a teardown timer', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', "UPDATE users SET name = 'renamed' WHERE id = 7;\n");

    const cli = ws.start(replayArgs(db.url));
    let seen = false;
    let removedAt: number | undefined;
    const poll = setInterval(() => {
      const present = ws.sandboxDirs().length > 0;
      if (present) seen = true;
      else if (seen && removedAt === undefined) removedAt = Date.now();
    }, 20);
    const result = await cli.result.finally(() => clearInterval(poll));
    const exitedAt = Date.now();

    expectExit(result, 0);
    expect(seen, 'the sandbox data directory was never seen').toBe(true);
    expect(removedAt).toBeDefined();
    // report.json and report.md take milliseconds to write; nothing else is left to do once the sandbox is gone
    expect(exitedAt - removedAt!).toBeLessThan(2_000);
  });
});

describe('sandbox replay exits 1 when the gate fails', () => {
  it('fails an operation that deletes more rows than sandbox.config.ts allows', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('sandbox.config.ts', "import { defineConfig } from 'sandbox';\nexport default defineConfig({ policy: { maxRowsDeleted: { default: 2 } } });\n");
    await ws.write('op.sql', 'DELETE FROM users WHERE id > 5;\n');

    const result = await ws.run(replayArgs(db.url));

    expectExit(result, 1);
    expect(result.stdout).toMatch(/^sandbox replay: FAIL: 1 of \d+ rules broken/);
    expect(result.stdout).toContain('FAIL max-rows-deleted: 1 table over the limit: public.users: 5 deleted, limit 2');
    const report = await ws.readReport();
    expect(report.verdict).toBe('fail');
    expect(report.errors).toEqual([]);
    expect(report.rules).toContainEqual({ id: 'max-rows-deleted', ok: false, message: expect.stringContaining('public.users: 5 deleted, limit 2') });
    expect(report.tables).toEqual([expect.objectContaining({ name: 'public.users', deleted: 5, rowsBefore: 10, rowsAfter: 5, collateral: false })]);
    expectNothingLeft(ws);
  });

  it('fails an operation that violates a foreign key in the sandbox, and reports the constraint', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'DELETE FROM users WHERE id = 1;\n');

    const result = await ws.run(replayArgs(db.url));

    expectExit(result, 1);
    expect(result.stdout).toContain('the operation FAILS in the sandbox at op.sql:1');
    expect(result.stdout).toMatch(/FAIL operation-succeeded: DELETE at op\.sql:1(:\d+)? failed \[23503\]: update or delete on table "users" violates foreign key constraint "orders_user_id_fkey" on table "orders"/);
    const report = await ws.readReport();
    expect(report.verdict).toBe('fail');
    expect(report.errors).toEqual([]);
    expect(report.operation.statements[0]).toMatchObject({ status: 'error', error: { sqlstate: '23503', constraint: 'orders_user_id_fkey' } });
    // a failed statement changes nothing
    expect(report.tables).toEqual([]);
    expectNothingLeft(ws);
  });
});

describe('sandbox replay exits 2 when the gate cannot judge, and leaves nothing behind', () => {
  it('stops an operation that never ends at the time limit, exits 2 and names the statement', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('sandbox.config.ts', "import { defineConfig } from 'sandbox';\nexport default defineConfig({ policy: { timeLimitSeconds: 1 } });\n");
    // a DELETE that commits first, then a statement that would run for a day: the limit covers the whole operation
    await ws.write('op.sql', "DELETE FROM orders WHERE id = 5;\nSELECT pg_sleep(86400);\nDELETE FROM orders;\n");

    const started = Date.now();
    const result = await ws.run(replayArgs(db.url));

    expectExit(result, 2);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.stdout).toContain('[OPERATION_TIMEOUT] The operation was stopped at op.sql:2 (SELECT): it ran past its time limit.');
    expect(result.stdout).toContain('hint: Raise policy.timeLimitSeconds');
    const report = await ws.readReport();
    expect(report.verdict).toBe('fail');
    expect(report.errors).toEqual([{ stage: 'replay', message: expect.stringContaining('OPERATION_TIMEOUT') }]);
    expectNothingLeft(ws);
  });

  it('names the config path and the broken key of an invalid sandbox.config.ts', async () => {
    await using ws = await cliWorkspace();
    await ws.write('sandbox.config.ts', "import { defineConfig } from 'sandbox';\nexport default defineConfig({ policy: { maxRowsDeleted: { default: 'lots' } } });\n");
    await ws.write('op.sql', 'SELECT 1;\n');

    const result = await ws.run(replayArgs('postgres://nobody@127.0.0.1:1/none'));

    expectExit(result, 2);
    const stderr = ws.scrub(result.stderr);
    expect(stderr).toContain('[CONFIG_INVALID]');
    expect(stderr).toContain('<cwd>/sandbox.config.ts');
    expect(stderr).toContain('policy.maxRowsDeleted.default: expected a number, got "lots"');
    expect(stderr).toMatch(/hint: Fix the keys listed above/);
    expect(result.stdout).toBe('');
    expectNothingLeft(ws);
  });

  it('refuses a --config that names a missing file', async () => {
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT 1;\n');

    const result = await ws.run(replayArgs('postgres://nobody@127.0.0.1:1/none', '--config', 'missing.config.ts'));

    expectExit(result, 2);
    const stderr = ws.scrub(result.stderr);
    expect(stderr).toContain('[CONFIG_NOT_FOUND]');
    expect(stderr).toContain('Config file <cwd>/missing.config.ts does not exist.');
    expect(stderr).toContain('hint: Check the path given by --config');
    expectNothingLeft(ws);
  });

  it('reports an unreachable source (a closed port)', async () => {
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT 1;\n');
    const port = await closedPort();

    const result = await ws.run(replayArgs(`postgres://reader:not-a-real-secret@127.0.0.1:${port}/prod`));

    expectExit(result, 2);
    const output = result.stdout + result.stderr;
    expect(output).toContain('[SOURCE_UNREACHABLE]');
    expect(output).toContain(`Cannot connect to the source postgres://reader:***@127.0.0.1:${port}/prod`);
    expect(output).toContain('ECONNREFUSED');
    expect(result.stdout).toMatch(/^sandbox replay: ERROR: the gate could not judge \(fail closed\)/);
    const report = await ws.readReport();
    expect(report.verdict).toBe('fail');
    expect(report.errors).toEqual([{ stage: 'source', message: expect.stringContaining('[SOURCE_UNREACHABLE]') }]);
    expect(report.rules).toEqual([]);
    expectNothingLeft(ws);
  });

  it('reports a wrong password without printing it', async () => {
    await using db = await createTestDb(shop);
    const url = new URL(await createReadOnlyRole(db));
    url.password = 'wrong-password-123';
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT 1;\n');

    const result = await ws.run(replayArgs(url.toString()));

    expectExit(result, 2);
    const output = result.stdout + result.stderr;
    expect(output).toContain('[SOURCE_UNREACHABLE]');
    expect(output).toContain(`password authentication failed for user "${url.username}"`);
    expect(output).not.toContain('wrong-password-123');
    expect((await ws.readReport()).errors).toEqual([{ stage: 'source', message: expect.stringContaining('password authentication failed') }]);
    expectNothingLeft(ws);
  });

  it('points at line 3 of op.sql with a caret for a syntax error, and runs nothing', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', "-- rename one user, then remove another\nUPDATE users SET name = 'x' WHERE id = 1;\nDELETE FRM users WHERE id = 2;\n");

    const result = await ws.run(replayArgs(db.url));

    expectExit(result, 2);
    const output = result.stdout + result.stderr;
    expect(output).toContain('[SQL_SYNTAX]');
    expect(output).toContain('op.sql:3:8: syntax error at or near "FRM"');
    // the line itself, then a caret under the column
    expect(output).toMatch(/\n {2}DELETE FRM users WHERE id = 2;\n {2} {7}\^/);
    const report = await ws.readReport();
    expect(report.errors).toEqual([{ stage: 'parse', message: expect.stringContaining('op.sql:3:8:') }]);
    expect(report.errors[0]!.message).toMatch(/\n {2} {7}\^/);
    expect(report.operation.statements).toEqual([]);
    expect(await db.query('SELECT name FROM users WHERE id = 1')).toEqual([{ name: 'user 1' }]);
    expectNothingLeft(ws);
  });

  it('names an operation file that does not exist', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();

    const result = await ws.run(['replay', 'missing.sql', '--source', db.url, '--data', 'copy', '--report-dir', 'reports', ...binDirArgs()]);

    expectExit(result, 2);
    const output = result.stdout + result.stderr;
    expect(output).toContain('[OPERATION_UNREADABLE]');
    expect(output).toContain('Cannot read operation file missing.sql: ENOENT');
    expectNothingLeft(ws);
  });

  it('replays in synthetic mode: rows generated from the profile, the gate runs, and the report says the data was synthetic', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'DELETE FROM users WHERE id = 9;\n');

    const result = await ws.run(['replay', 'op.sql', '--source', db.url, '--data', 'synthetic', '--report-dir', 'reports', ...binDirArgs()]);

    expect([0, 1], describeRun(result)).toContain(result.code);
    expect(result.stderr).toMatch(/data: public\.users \d+ rows/);
    const report = await ws.readReport();
    expect(report.errors).toEqual([]);
    expect(report.snapshot.dataMode).toBe('synthetic');
    expect(report.operation.statements).toHaveLength(1);
    expectNothingLeft(ws);
  });

  it('exits 64 for a --scale that is not a positive number, before it connects to the source', async () => {
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT 1;\n');

    const result = await ws.run(['replay', 'op.sql', '--source', 'postgres://nobody@127.0.0.1:1/none', '--data', 'synthetic', '--scale', '-1', '--report-dir', 'reports']);

    expectExit(result, 64);
    expect(result.stderr).toContain('--scale must be a number above 0 and at most 100');
    expect(result.stderr).not.toMatch(/reading the source/);
  });
});

describe('sandbox exits 64 on usage errors and 0 for --help and --version', () => {
  it('exits 64 for an unknown option', async () => {
    await using ws = await cliWorkspace();

    const result = await ws.run(['replay', 'op.sql', '--frobnicate']);

    expectExit(result, 64);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
    expect(result.stdout).toBe('');
    expectNothingLeft(ws);
  });

  it('exits 64 for an unknown command', async () => {
    await using ws = await cliWorkspace();

    const result = await ws.run(['frobnicate']);

    expectExit(result, 64);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });

  it('exits 64 when replay is given no operation file', async () => {
    await using ws = await cliWorkspace();

    const result = await ws.run(['replay', '--source', 'postgres://nobody@127.0.0.1:1/none', '--data', 'copy']);

    expectExit(result, 64);
    expect(result.stderr).toContain('[USAGE]');
    expect(result.stderr).toContain('Give at least one SQL file to replay');
    expectNothingLeft(ws);
  });

  it('exits 64 for an unknown --data mode', async () => {
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT 1;\n');

    const result = await ws.run(['replay', 'op.sql', '--source', 'postgres://nobody@127.0.0.1:1/none', '--data', 'everything']);

    expectExit(result, 64);
    expect(result.stderr).toContain('[USAGE]');
    expect(result.stderr).toContain('--data must be one of synthetic, anonymized, copy; got "everything".');
    expectNothingLeft(ws);
  });

  it('exits 0 for --help and prints the commands', async () => {
    await using ws = await cliWorkspace();

    const result = await ws.run(['--help']);

    expectExit(result, 0);
    expect(result.stdout).toContain('Usage: sandbox');
    expect(result.stdout).toMatch(/\breplay\b/);
    expect(result.stdout).toMatch(/\bdemo\b/);
  });

  it('exits 0 for replay --help and lists its options', async () => {
    await using ws = await cliWorkspace();

    const result = await ws.run(['replay', '--help']);

    expectExit(result, 0);
    expect(result.stdout).toContain('Usage: sandbox replay');
    for (const option of ['--source', '--data', '--report-dir', '--config', '--bin-dir']) expect(result.stdout).toContain(option);
  });

  it('exits 0 for --version and prints the package version', async () => {
    await using ws = await cliWorkspace();

    const result = await ws.run(['--version']);

    expectExit(result, 0);
    expect(result.stdout.trim()).toBe(packageVersion);
  });
});
