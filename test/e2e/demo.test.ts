import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binDirArgs, cliWorkspace } from '../helpers/cli.js';

describe('sandbox demo', () => {
  it('stops the unscoped clean-up (orders lost by cascade, service accounts deleted) and passes the scoped one', async () => {
    await using ws = await cliWorkspace();

    const result = await ws.run(['demo', '--report-dir', ws.reportDir, ...binDirArgs()], { timeoutMs: 120_000 });

    expect(result.code, `stdout:\n${result.stdout}\nstderr:\n${result.stderr}`).toBe(0);
    const scopedAt = result.stdout.indexOf('=== The same request, properly scoped');
    expect(scopedAt).toBeGreaterThan(0);
    const unscoped = result.stdout.slice(0, scopedAt);
    const scoped = result.stdout.slice(scopedAt);

    expect(unscoped).toContain('=== An agent was asked to "remove users who haven\'t logged in for 90 days"');
    expect(unscoped).toMatch(/sandbox replay: FAIL: \d+ of \d+ rules broken/);
    expect(unscoped).toMatch(/^ {2}public\.orders \(collateral\)\s/m);
    expect(unscoped).toMatch(/FAIL invariant:service accounts intact: broken: before 3, after \d+/);
    expect(unscoped).toContain('(sandbox replay would exit 1)');

    expect(scoped).toMatch(/sandbox replay: PASS: all \d+ rules hold/);
    expect(scoped).not.toContain('FAIL');
    expect(scoped).toContain('(sandbox replay would exit 0)');
    expect(scoped).toContain('The gate stopped the unscoped operation and let the scoped one through.');

    const unscopedReport = join(ws.reportDir, 'demo', 'unscoped', 'report.json');
    const scopedReport = join(ws.reportDir, 'demo', 'scoped', 'report.json');
    expect(existsSync(unscopedReport)).toBe(true);
    expect(existsSync(scopedReport)).toBe(true);
    const fail = await ws.readReport(join(ws.reportDir, 'demo', 'unscoped'));
    const pass = await ws.readReport(join(ws.reportDir, 'demo', 'scoped'));
    expect(fail.verdict).toBe('fail');
    expect(fail.errors).toEqual([]);
    expect(fail.tables).toContainEqual(expect.objectContaining({ name: 'public.orders', collateral: true }));
    expect(fail.invariants).toContainEqual(expect.objectContaining({ name: 'service accounts intact', ok: false }));
    expect(pass.verdict).toBe('pass');
    expect(pass.errors).toEqual([]);
    expect(existsSync(join(ws.reportDir, 'demo', 'unscoped', 'report.md'))).toBe(true);
    expect(existsSync(join(ws.reportDir, 'demo', 'scoped', 'report.md'))).toBe(true);

    // the demo's "production" server and both sandboxes are gone
    expect(ws.sandboxDirs()).toEqual([]);
    expect(ws.postgresProcesses()).toEqual([]);
  });
});
