import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort, cliWorkspace, replayArgs, type CliResult, type CliWorkspace } from '../helpers/cli.js';
import { createReadOnlyRole, createTestDb } from '../helpers/test-db.js';

const source = `
  CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
  INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 10) g;
`;

/** stdout, stderr and every report file, by name, so a failure says where the password leaked. */
async function everything(ws: CliWorkspace, result: CliResult): Promise<Record<string, string>> {
  const texts: Record<string, string> = { stdout: result.stdout, stderr: result.stderr };
  const files = await readdir(ws.reportDir);
  expect(files).toEqual(expect.arrayContaining(['report.json', 'report.md']));
  for (const file of files) texts[file] = await readFile(join(ws.reportDir, file), 'utf8');
  return texts;
}

function leaks(texts: Record<string, string>, password: string): string[] {
  return Object.entries(texts)
    .filter(([, text]) => text.includes(password) || text.includes(encodeURIComponent(password)))
    .map(([where, text]) => `${where}: ${text.split('\n').find((line) => line.includes(password)) ?? ''}`);
}

describe('the source password never appears in output or reports', () => {
  it('keeps it out of a passing run', async () => {
    await using db = await createTestDb(source);
    const url = await createReadOnlyRole(db);
    const password = new URL(url).password;
    await using ws = await cliWorkspace();
    await ws.write('op.sql', "UPDATE users SET name = 'renamed' WHERE id = 3;\n");

    const result = await ws.run(replayArgs(url));

    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(leaks(await everything(ws, result), password)).toEqual([]);
  });

  it('keeps it out of a run whose gate fails', async () => {
    await using db = await createTestDb(source);
    const url = await createReadOnlyRole(db);
    const password = new URL(url).password;
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'DELETE FROM users;\n');

    const result = await ws.run(replayArgs(url));

    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('FAIL require-where');
    expect(leaks(await everything(ws, result), password)).toEqual([]);
  });

  it('keeps it out of a connection error, where the URL is shown redacted', async () => {
    await using db = await createTestDb(source);
    const url = new URL(await createReadOnlyRole(db));
    const password = url.password;
    url.port = String(await closedPort());
    await using ws = await cliWorkspace();
    await ws.write('op.sql', "UPDATE users SET name = 'renamed' WHERE id = 3;\n");

    const result = await ws.run(replayArgs(url.toString()));

    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout + result.stderr).toContain(`postgres://${url.username}:***@127.0.0.1:${url.port}/${db.name}`);
    expect(leaks(await everything(ws, result), password)).toEqual([]);
  });

  it('keeps a password given as a ?password= query parameter out of a passing run', async () => {
    await using db = await createTestDb(source);
    const url = new URL(await createReadOnlyRole(db));
    const password = url.password;
    url.password = '';
    url.searchParams.set('password', password);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', "UPDATE users SET name = 'renamed' WHERE id = 3;\n");

    const result = await ws.run(replayArgs(url.toString()));

    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(leaks(await everything(ws, result), password)).toEqual([]);
  });
});
