import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binDirArgs, cliWorkspace, type CliResult, type CliWorkspace } from '../helpers/cli.js';
import { groundTruth } from '../helpers/ground-truth.js';
import { createTestDb } from '../helpers/test-db.js';

// `sandbox replay -- CMD`: the command runs against the sandbox, its statements are read back from the server's log,
// and the report's counts must be what the same command did to a plain copy of the source.

const shop = `
  CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
  CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users (id) ON DELETE CASCADE, total numeric NOT NULL);
  INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 10) g;
  INSERT INTO orders SELECT g, 1 + g % 10, 10 FROM generate_series(1, 30) g;
`;

const psqlOp = `BEGIN;
DELETE FROM users WHERE id <= 2;
UPDATE orders SET total = total * 2 WHERE id > 25;
COMMIT;
SELECT count(*) FROM users;
`;

const pgPath = createRequire(import.meta.url).resolve('pg');

const args = (sourceUrl: string, ...command: string[]) => ['replay', '--source', sourceUrl, '--data', 'copy', '--report-dir', 'reports', ...binDirArgs(), '--', ...command];

function expectExit(result: CliResult, code: number): void {
  expect(result.code, `exit ${String(result.code)}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`).toBe(code);
}

function expectNothingLeft(ws: CliWorkspace): void {
  expect(ws.sandboxDirs()).toEqual([]);
  expect(ws.postgresProcesses()).toEqual([]);
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const counts = (report: Json) =>
  (report.tables as Json[]).map(({ name, rowsBefore, rowsAfter, inserted, updated, deleted }) => ({ name, rowsBefore, rowsAfter, inserted, updated, deleted })).sort((a, b) => a.name.localeCompare(b.name));

describe('sandbox replay -- psql -f', () => {
  it('reports what psql did to a copy of the source, statement by statement from the server log', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    const op = await ws.write('op.sql', psqlOp);
    const truth = await groundTruth(db, [op]);

    const result = await ws.run(args(db.url, 'psql', '-X', '-v', 'ON_ERROR_STOP=1', '-f', 'op.sql'));

    expectExit(result, 0);
    const report = (await ws.readReport()) as Json;
    expect(report.errors).toEqual([]);
    expect(report.operation.kind).toBe('command');
    expect(counts(report)).toEqual(truth.tables);
    expect((report.operation.statements as Json[]).map((s) => [s.kind, s.tables, s.status, s.file])).toEqual([
      ['BEGIN', [], 'ok', '(command)'],
      ['DELETE', ['public.users'], 'ok', '(command)'],
      ['UPDATE', ['public.orders'], 'ok', '(command)'],
      ['COMMIT', [], 'ok', '(command)'],
      ['SELECT', ['public.users'], 'ok', '(command)'],
    ]);
    expect((report.operation.statements as Json[]).every((s) => typeof s.durationMs === 'number')).toBe(true);
    expect(report.operation.command).toMatchObject({ argv: ['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-f', 'op.sql'], exitCode: 0, signal: null, truncated: false });
    expect(report.operation.command.output).toContain('count');
    // the cascade reached orders, which the UPDATE names as well
    expect(report.tables.find((t: Json) => t.name === 'public.orders').collateral).toBe(false);
    expectNothingLeft(ws);
  });

  it('fails the gate (exit 1) when the command exits non-zero, naming the failed statement', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'UPDATE users SET name = NULL WHERE id = 1;\n');

    const result = await ws.run(args(db.url, 'psql', '-X', '-v', 'ON_ERROR_STOP=1', '-f', 'op.sql'));

    expectExit(result, 1);
    const report = (await ws.readReport()) as Json;
    expect(report.errors).toEqual([]);
    expect(report.operation.command.exitCode).toBe(3);
    expect(report.operation.statements).toEqual([expect.objectContaining({ kind: 'UPDATE', status: 'error', error: expect.objectContaining({ sqlstate: '23502' }) })]);
    expect(report.rules.find((r: Json) => r.id === 'operation-succeeded')).toMatchObject({ ok: false, message: expect.stringContaining('exited with status 3') });
    expect(report.tables).toEqual([]);
    // the terminal shows how it ended and the last lines it printed; the Markdown report holds its output, open
    expect(result.stdout).toMatch(/command {4}exited with status 3 after \d+\.\d s\n {2}│ .*null value in column "name"/);
    const markdown = await readFile(join(ws.reportDir, 'report.md'), 'utf8');
    expect(markdown).toMatch(/<details open><summary>The command exited with status 3 after [\d.]+ s; its output<\/summary>\n\n```text\n[^`]*null value in column "name"/);
  });
});

describe('sandbox replay -- node script.mjs (node-postgres, extended protocol)', () => {
  it('reads the parameterised statements and the transaction of a pg client, and masks every password in its output', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write(
      'script.mjs',
      `import pg from ${JSON.stringify(pgPath)};
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
console.log('connected to', process.env.DATABASE_URL, 'password', process.env.PGPASSWORD);
await client.query('BEGIN');
await client.query('DELETE FROM orders WHERE user_id = $1', [3]);
await client.query('INSERT INTO users (id, name) VALUES ($1, $2)', [11, 'eleven']);
await client.query('COMMIT');
await client.end();
`,
    );
    const truthDb = await ws.write('truth.sql', "BEGIN;\nDELETE FROM orders WHERE user_id = 3;\nINSERT INTO users (id, name) VALUES (11, 'eleven');\nCOMMIT;\n");
    const truth = await groundTruth(db, [truthDb]);

    const result = await ws.run(args(db.url, process.execPath, 'script.mjs'));

    expectExit(result, 0);
    const report = (await ws.readReport()) as Json;
    expect(counts(report)).toEqual(truth.tables);
    expect((report.operation.statements as Json[]).map((s) => [s.kind, s.sql])).toEqual([
      ['BEGIN', 'BEGIN'],
      ['DELETE', 'DELETE FROM orders WHERE user_id = $1'],
      ['INSERT', 'INSERT INTO users (id, name) VALUES ($1, $2)'],
      ['COMMIT', 'COMMIT'],
    ]);
    const output = report.operation.command.output as string;
    expect(output).toContain('connected to postgres://sandbox_op:***@127.0.0.1:');
    expect(output).toMatch(/password \*\*\*\n/);
    expect(result.stderr).not.toMatch(/sandbox_op:[^*]/);
    expectNothingLeft(ws);
  });
});

describe('sandbox replay -- CMD that cannot be judged exits 2 and leaves nothing behind', () => {
  it('a command that is not found', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    const result = await ws.run(args(db.url, 'no-such-program-anywhere', '--flag'));
    expectExit(result, 2);
    expect(result.stdout).toContain('[COMMAND_NOT_FOUND] Cannot run "no-such-program-anywhere"');
    expect(((await ws.readReport()) as Json).verdict).toBe('fail');
    expectNothingLeft(ws);
  });

  it('a command that never ends, stopped at the time limit with what it started', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('sandbox.config.ts', "import { defineConfig } from 'sandbox';\nexport default defineConfig({ policy: { timeLimitSeconds: 2 } });\n");
    await ws.write('op.sql', 'DELETE FROM orders WHERE id = 1;\nSELECT pg_sleep(86400);\n');
    const started = Date.now();
    const result = await ws.run(args(db.url, 'psql', '-X', '-f', join(ws.cwd, 'op.sql')));
    expectExit(result, 2);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.stdout).toContain('[OPERATION_TIMEOUT] The command psql -X -f');
    expectNothingLeft(ws);
  });

  it('SQL files and a command together are a usage error', async () => {
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'SELECT 1;\n');
    const result = await ws.run(['replay', 'op.sql', '--source', 'postgres://nobody@127.0.0.1:1/none', '--', 'psql']);
    expectExit(result, 64);
    expect(result.stderr).toContain('either SQL files or a command');
  });
});

describe('policy.smoke: the application\'s own checks after the operation', () => {
  it('runs each check against the sandbox the operation left, one rule each, failing the gate when one fails', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write(
      'has-users.mjs',
      `import pg from ${JSON.stringify(pgPath)};
const client = new pg.Client();
await client.connect();
const { rows } = await client.query('SELECT count(*)::int AS n FROM users');
await client.end();
console.log('users left:', rows[0].n);
process.exit(rows[0].n > 0 ? 0 : 1);
`,
    );
    const config = (min: number) =>
      `import { defineConfig } from 'sandbox';\nexport default defineConfig({ policy: { requireWhere: false, smoke: [{ name: 'users exist', command: [${JSON.stringify(process.execPath)}, 'has-users.mjs'] }, { name: 'at least ${min}', command: ['sh', '-c', 'test "$(psql -XAtc "SELECT count(*) FROM users")" -ge ${min}'] }] } });\n`;
    await ws.write('sandbox.config.ts', config(5));
    await ws.write('op.sql', 'DELETE FROM users WHERE id > 3;\n');

    const result = await ws.run(['replay', 'op.sql', '--source', db.url, '--data', 'copy', '--report-dir', 'reports', ...binDirArgs()]);

    expectExit(result, 1);
    const report = (await ws.readReport()) as Json;
    expect(report.rules.filter((r: Json) => r.id.startsWith('smoke:')).map((r: Json) => [r.id, r.ok])).toEqual([
      ['smoke:users exist', true],
      ['smoke:at least 5', false],
    ]);
    expect(report.smoke[0]).toMatchObject({ name: 'users exist', ok: true, exitCode: 0, output: 'users left: 3\n' });
    // the checks ran after the diff: they changed nothing the report counts
    expect(counts(report).find((t) => t.name === 'public.users')).toMatchObject({ rowsAfter: 3, deleted: 7, inserted: 0 });
    expectNothingLeft(ws);
  });
});
