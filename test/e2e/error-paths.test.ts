import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCatalog, type ErrorCode } from '../../src/errors/error-catalog.js';
import { binDirArgs, closedPort, cliWorkspace, replayArgs, type CliResult, type CliWorkspace } from '../helpers/cli.js';
import { createReadOnlyRole, createTestDb, type TestDb } from '../helpers/test-db.js';

// Every way the CLI can end short of a verdict, one row each: the exit code is the catalog's, never 0, the message
// names the code, and nothing is left running. A new error code fails the completeness check until it gets a row
// here or names the test that drives it.

const shop = `
  CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL, email text);
  CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users (id), total numeric NOT NULL);
  INSERT INTO users SELECT g, 'user ' || g, 'user' || g || '@example.com' FROM generate_series(1, 10) g;
  INSERT INTO orders SELECT g, g, 10 FROM generate_series(1, 5) g;
`;

// each key is the first column of both tables; a synthetic generator has no first value to start from
const keyCycle = `
  CREATE TABLE a (id int PRIMARY KEY);
  CREATE TABLE b (id int PRIMARY KEY REFERENCES a (id) DEFERRABLE INITIALLY DEFERRED);
  ALTER TABLE a ADD FOREIGN KEY (id) REFERENCES b (id) DEFERRABLE INITIALLY DEFERRED;
  BEGIN; INSERT INTO a VALUES (1), (2); INSERT INTO b VALUES (1), (2); COMMIT;
`;

interface Sources {
  shop: TestDb;
  /** shop, read by a role that may not read one of its tables */
  unreadable: string;
  keyCycle: TestDb;
}

interface Row {
  code: ErrorCode | 'GATE_FAILED';
  how: string;
  run(ws: CliWorkspace, sources: Sources): Promise<CliResult>;
}

const config = (body: string) => `import { defineConfig } from 'sandbox';\nexport default defineConfig(${body});\n`;

const rows: Row[] = [
  {
    code: 'CONFIG_INVALID',
    how: 'a limit that is not a number',
    async run(ws, s) {
      await ws.write('sandbox.config.ts', config("{ policy: { maxRowsDeleted: { default: 'lots' } } }"));
      return ws.run(replayArgs(s.shop.url));
    },
  },
  { code: 'CONFIG_NOT_FOUND', how: '--config names a missing file', run: (ws, s) => ws.run(replayArgs(s.shop.url, '--config', 'missing.config.ts')) },
  { code: 'SOURCE_MISSING', how: 'neither --source nor a snapshot', run: (ws) => ws.run(['replay', 'op.sql', '--data', 'copy', '--report-dir', 'reports', ...binDirArgs()]) },
  { code: 'SOURCE_UNREACHABLE', how: 'a closed port', run: async (ws) => ws.run(replayArgs(`postgres://reader:secret@127.0.0.1:${await closedPort()}/prod`)) },
  { code: 'SOURCE_READ_FAILED', how: 'the role may not read one table', run: (ws, s) => ws.run(replayArgs(s.unreadable)) },
  {
    code: 'SANDBOX_START_FAILED',
    how: '--bin-dir without PostgreSQL in it',
    run: (ws, s) => ws.run(['replay', 'op.sql', '--source', s.shop.url, '--data', 'copy', '--report-dir', 'reports', '--bin-dir', ws.cwd]),
  },
  { code: 'OPERATION_UNREADABLE', how: 'an operation file that does not exist', run: (ws, s) => ws.run(['replay', 'missing.sql', '--source', s.shop.url, '--data', 'copy', ...binDirArgs()]) },
  {
    code: 'SQL_SYNTAX',
    how: 'a misspelt keyword',
    async run(ws, s) {
      await ws.write('op.sql', 'SELEC 1;\n');
      return ws.run(replayArgs(s.shop.url));
    },
  },
  {
    code: 'OPERATION_EMPTY',
    how: 'a file of comments only',
    async run(ws, s) {
      await ws.write('op.sql', '-- nothing to do\n');
      return ws.run(replayArgs(s.shop.url));
    },
  },
  {
    code: 'OPERATION_TIMEOUT',
    how: 'a statement that outlives timeLimitSeconds',
    async run(ws, s) {
      await ws.write('sandbox.config.ts', config('{ policy: { timeLimitSeconds: 1 } }'));
      await ws.write('op.sql', 'SELECT pg_sleep(600);\n');
      return ws.run(replayArgs(s.shop.url));
    },
  },
  {
    code: 'COMMAND_NOT_FOUND',
    how: 'a program that is not on PATH',
    run: (ws, s) => ws.run(['replay', '--source', s.shop.url, '--data', 'copy', '--report-dir', 'reports', ...binDirArgs(), '--', 'no-such-program-anywhere']),
  },
  {
    code: 'DIFF_FAILED',
    how: 'an operation that removes the baseline the diff compares with',
    async run(ws, s) {
      await ws.write('op.sql', 'DROP SCHEMA sandbox_baseline CASCADE;\n');
      return ws.run(replayArgs(s.shop.url));
    },
  },
  {
    code: 'INVARIANT_FAILED',
    how: 'an invariant query of two columns',
    async run(ws, s) {
      await ws.write('sandbox.config.ts', config("{ invariants: [{ name: 'two columns', sql: 'SELECT 1, 2' }] }"));
      return ws.run(replayArgs(s.shop.url));
    },
  },
  {
    code: 'SNAPSHOT_EXISTS',
    how: 'snapshot --out a directory that holds a file',
    async run(ws, s) {
      await mkdir(`${ws.cwd}/snap`);
      await ws.write('snap/keep.txt', 'mine\n');
      return ws.run(['snapshot', '--source', s.shop.url, '--data', 'copy', '--out', 'snap']);
    },
  },
  {
    code: 'SNAPSHOT_INVALID',
    how: '--snapshot an empty directory',
    async run(ws) {
      await mkdir(`${ws.cwd}/snap`);
      return ws.run(['replay', 'op.sql', '--snapshot', 'snap', '--report-dir', 'reports', ...binDirArgs()]);
    },
  },
  { code: 'SANDBOX_NOT_FOUND', how: 'down an id nobody started', run: (ws) => ws.run(['down', 'sandbox-nope'], { env: { SANDBOX_STATE_DIR: `${ws.root}/state` } }) },
  { code: 'ANONYMIZE_KEY_MISSING', how: 'anonymized data without a masking key', run: (ws, s) => ws.run([...replayArgs(s.shop.url), '--data', 'anonymized']) },
  {
    code: 'PII_UNRULED',
    how: 'anonymized data, an email column without a rule',
    run: (ws, s) => ws.run([...replayArgs(s.shop.url), '--data', 'anonymized'], { env: { SANDBOX_ANONYMIZE_KEY: 'a-test-key-of-enough-length-0123' } }),
  },
  { code: 'SYNTHETIC_FAILED', how: 'synthetic data for keys that reference each other', run: (ws, s) => ws.run([...replayArgs(s.keyCycle.url), '--data', 'synthetic']) },
  { code: 'USAGE', how: 'operation files and a command together', run: (ws, s) => ws.run([...replayArgs(s.shop.url), '--', 'psql']) },
  {
    code: 'GATE_FAILED',
    how: 'an operation that fails in the sandbox (a finding, exit 1)',
    async run(ws, s) {
      await ws.write('op.sql', 'DELETE FROM users WHERE id = 1;\n');
      return ws.run(replayArgs(s.shop.url));
    },
  },
];

/** Codes another test drives end to end, and what in that file shows it. */
const drivenElsewhere: Partial<Record<ErrorCode, { file: string; shows: RegExp }>> = {
  SANDBOX_CRASHED: { file: 'test/sandbox/sandbox-crash.test.ts', shows: /stopped unexpectedly/ },
  INTERRUPTED: { file: 'test/e2e/signals.test.ts', shows: /toBe\(2\)/ },
  MASK_COLLISION: { file: 'test/data/mask-collision.test.ts', shows: /MASK_COLLISION/ },
  SANDBOX_RESET_FAILED: { file: 'test/e2e/error-paths-library.test.ts', shows: /SANDBOX_RESET_FAILED/ },
  CLONE_FAILED: { file: 'test/e2e/error-paths-library.test.ts', shows: /CLONE_FAILED/ },
  COMMAND_FAILED_TO_START: { file: 'test/e2e/error-paths-library.test.ts', shows: /COMMAND_FAILED_TO_START/ },
  COMMAND_LOG_UNREADABLE: { file: 'test/e2e/error-paths-library.test.ts', shows: /COMMAND_LOG_UNREADABLE/ },
};

/** Codes kept in the catalog (codes never change once shipped) that nothing throws any more. */
const retired: Partial<Record<ErrorCode, string>> = {
  DATA_MODE_UNAVAILABLE: 'every data mode has shipped',
};

describe('every error path exits with its catalog code, never 0, and leaves nothing running', () => {
  let sources: Sources;
  beforeAll(async () => {
    const db = await createTestDb(shop);
    const unreadable = await createReadOnlyRole(db);
    // created after the grants: the read-only role has no SELECT on it
    await db.query('CREATE TABLE payroll (id int PRIMARY KEY, salary numeric); INSERT INTO payroll VALUES (1, 100)');
    sources = { shop: db, unreadable, keyCycle: await createTestDb(keyCycle) };
  });
  afterAll(async () => {
    await sources?.shop[Symbol.asyncDispose]();
    await sources?.keyCycle[Symbol.asyncDispose]();
  });

  it.each(rows.map((row) => [row.code, row.how, row] as const))('%s: %s', async (code, _how, row) => {
    await using ws = await cliWorkspace();
    if (!existsSync(`${ws.cwd}/op.sql`)) await ws.write('op.sql', "UPDATE users SET name = 'x' WHERE id = 1;\n");

    const result = await row.run(ws, sources);

    const expected = code === 'GATE_FAILED' ? 1 : errorCatalog[code].exit;
    const output = result.stdout + result.stderr;
    expect(result.code, `exit ${String(result.code)}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`).toBe(expected);
    expect(result.code).not.toBe(0);
    if (code !== 'GATE_FAILED') expect(output).toContain(`[${code}]`);
    expect(output).not.toContain('unexpected error');
    expect(ws.sandboxDirs()).toEqual([]);
    expect(ws.postgresProcesses()).toEqual([]);
  });

  it('has a row, a test elsewhere or a retirement note for every code of the catalog', () => {
    const driven = new Set<string>(rows.map((r) => r.code));
    const missing = Object.keys(errorCatalog).filter((code) => !driven.has(code) && !(code in drivenElsewhere) && !(code in retired));
    expect(missing).toEqual([]);
    for (const [code, { file, shows }] of Object.entries(drivenElsewhere)) {
      const path = new URL(`../../${file}`, import.meta.url);
      expect(existsSync(path), `${code}: ${file}`).toBe(true);
      expect(readFileSync(path, 'utf8'), `${code}: ${file}`).toMatch(shows);
    }
  });
});
