import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binDirArgs, cliWorkspace } from '../helpers/cli.js';
import { createTestDb } from '../helpers/test-db.js';

const shop = `
  CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
  CREATE TABLE orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES users (id) ON DELETE CASCADE, total numeric NOT NULL);
  INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 10) g;
  INSERT INTO orders SELECT g, g, 10 FROM generate_series(1, 5) g;
`;

describe('sandbox replay --each', () => {
  it('replays every file from the same baseline, one report directory each, and exits with the worst verdict', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('wipe.sql', 'DELETE FROM users;\n');
    await ws.write('rename.sql', "UPDATE users SET name = 'renamed' WHERE id = 7;\n");
    await mkdir(join(ws.cwd, 'other'));
    await ws.write('other/rename.sql', 'DELETE FROM orders WHERE id = 1;\n');
    const result = await ws.run(['replay', '--each', 'wipe.sql', 'rename.sql', 'other/rename.sql', '--source', db.url, '--data', 'copy', '--report-dir', 'reports', ...binDirArgs()]);

    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain('resetting the sandbox to its baseline');
    const wipe = await ws.readReport(join(ws.reportDir, 'wipe'));
    const rename = await ws.readReport(join(ws.reportDir, 'rename'));
    const other = await ws.readReport(join(ws.reportDir, 'rename-2'));
    expect([wipe.verdict, rename.verdict, other.verdict]).toEqual(['fail', 'pass', 'pass']);
    // the rename ran after the wipe, yet found all ten users: each file starts from the baseline
    expect(rename.tables).toEqual([expect.objectContaining({ name: 'public.users', rowsBefore: 10, updated: 1 })]);
    expect(other.tables).toEqual([expect.objectContaining({ name: 'public.orders', rowsBefore: 5, deleted: 1 })]);
    const sandboxId = (r: object) => (r as { sandbox: { id: string } }).sandbox.id;
    expect(new Set([wipe, rename, other].map(sandboxId)).size).toBe(1);
    expect(ws.sandboxDirs()).toEqual([]);
    expect(ws.postgresProcesses()).toEqual([]);
  });

  it('exits 2 before provisioning anything when one of the files is missing', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('ok.sql', 'SELECT 1;\n');
    const result = await ws.run(['replay', '--each', 'ok.sql', 'missing.sql', '--source', db.url, '--data', 'copy', '--report-dir', 'reports', ...binDirArgs()]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain('missing.sql');
    expect(result.stderr).not.toContain('starting');
  });
});
