import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../src/config/resolve-config.js';
import { readOperation } from '../../src/pipeline/operation.js';
import { replay } from '../../src/pipeline/replay.js';
import { serverRoot } from '../../src/sandbox/postgres-server.js';
import { testBinDir } from '../helpers/bin-dir.js';
import { createTestDb } from '../helpers/test-db.js';
import { tempDir } from '../helpers/temp-dir.js';

const binDir = testBinDir();

/** Live processes whose command line or working directory mentions `needle` (a sandbox id is in its data path;
 * backends run in the data directory, so orphaned ones are found by their cwd). */
async function processesMentioning(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const pid of (await readdir('/proc')).filter((p) => /^\d+$/.test(p))) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => '');
    if (cmdline.includes(needle) || cwd.includes(needle)) found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')} (cwd ${cwd})`);
  }
  return found;
}

async function sandboxDirs(): Promise<string[]> {
  return (await readdir(serverRoot()).catch(() => [] as string[])).filter((d) => d.startsWith('sandbox-'));
}

describe('a sandbox server that dies during the replay', () => {
  it.each([
    ['shut down in immediate mode (SIGQUIT)', 'QUIT'],
    ['killed outright, orphaning its backends (SIGKILL)', 'KILL'],
  ])('fails closed when %s, and leaves no process or directory behind', async (_title, signal) => {
    await using db = await createTestDb('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 10);');
    await using dir = await tempDir('sandbox-crash');
    const op = join(dir.path, 'op.sql');
    // the backend's working directory is the data directory: the operation shuts its own server down (immediate mode)
    await writeFile(op, `DELETE FROM t WHERE id = 1;\nCOPY (SELECT 1) TO PROGRAM 'kill -${signal} $(head -1 postmaster.pid)';\nDELETE FROM t WHERE id = 2;\n`);
    const config = configFromObject({ data: { mode: 'copy' }, ...(binDir ? { sandbox: { binDir } } : {}) }, { sourceUrl: db.url });

    const report = await replay(await readOperation([op]), config);

    expect(report.verdict).toBe('fail');
    expect(report.errors).toHaveLength(1);
    // orphaned backends may answer a little longer, so the loss can surface while diffing
    expect(['replay', 'diff']).toContain(report.errors[0]!.stage);
    expect(report.errors[0]!.message).toMatch(/stopped unexpectedly|connection was lost|exited during the run/);
    expect(report.rules).toEqual([]);
    // only this run's sandbox: other test files start theirs in parallel
    expect(report.sandbox?.id).toMatch(/^sandbox-/);
    expect(await sandboxDirs()).not.toContain(report.sandbox!.id);
    expect(await processesMentioning(report.sandbox!.id)).toEqual([]);
  });
});
