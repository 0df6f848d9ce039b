import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { wantsColour } from '../../src/report/render/terminal-style.js';
import { cliBin, cliWorkspace, replayArgs, type CliWorkspace } from '../helpers/cli.js';
import { createTestDb } from '../helpers/test-db.js';

// Colour and progress are for a person at a terminal: a real pseudo-terminal (util-linux script) shows them, NO_COLOR
// and --quiet take them away, and a pipe (a CI log, a file) gets neither unless asked.

const shop = `CREATE TABLE users (id int PRIMARY KEY, name text NOT NULL);
  INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 10) g;`;

const ansi = /\u001b\[\d+m/;
const progressLine = /\[sandbox \d+\.\ds\] /;
const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** The CLI with stdout and stderr on a pseudo-terminal; script(1) merges them into its own stdout. */
function runOnTty(ws: CliWorkspace, args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm-256color', TMPDIR: ws.tmpdir, ...env };
  const child = spawn('script', ['-qec', [process.execPath, cliBin, ...args].map(quote).join(' '), '/dev/null'], { cwd: ws.cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the terminal report and progress', () => {
  it('colours the verdict and shows progress on a terminal', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'DELETE FROM users WHERE id = 1;\n');

    const { code, output } = await runOnTty(ws, replayArgs(db.url));

    expect(code, output).toBe(0);
    expect(output).toMatch(ansi);
    expect(output).toContain('\u001b[32m'); // green PASS
    expect(output).toMatch(progressLine);
  });

  it('has no colour under NO_COLOR and no progress with --quiet, on a terminal too', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'DELETE FROM users WHERE id = 1;\n');

    const { code, output } = await runOnTty(ws, [...replayArgs(db.url), '--quiet'], { NO_COLOR: '1' });

    expect(code, output).toBe(0);
    expect(output).not.toMatch(ansi);
    expect(output).not.toMatch(progressLine);
    expect(output).toContain('sandbox replay: PASS');
  });

  it('writes neither colour nor progress to pipes unless --progress asks for the progress', async () => {
    await using db = await createTestDb(shop);
    await using ws = await cliWorkspace();
    await ws.write('op.sql', 'DELETE FROM users WHERE id = 1;\n');

    const piped = await ws.run(replayArgs(db.url), { progress: false, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });

    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout + piped.stderr).not.toMatch(ansi);
    expect(piped.stderr).not.toMatch(progressLine);
    expect(piped.stdout).toContain('sandbox replay: PASS');

    const asked = await ws.run(replayArgs(db.url), { env: { NO_COLOR: undefined } });
    expect(asked.stderr).toMatch(progressLine);
    expect(asked.stdout).not.toMatch(ansi);
  });
});

describe('wantsColour', () => {
  const tty = { isTTY: true, hasColors: () => true } as unknown as NodeJS.WriteStream;
  const pipe = { isTTY: false } as unknown as NodeJS.WriteStream;

  it.each([
    ['a terminal', tty, {}, true],
    ['a pipe', pipe, {}, false],
    ['a terminal under NO_COLOR', tty, { NO_COLOR: '1' }, false],
    ['a terminal with an empty NO_COLOR (unset, per no-color.org)', tty, { NO_COLOR: '' }, true],
    ['a pipe with FORCE_COLOR', pipe, { FORCE_COLOR: '1' }, true],
    ['a terminal with FORCE_COLOR=0', tty, { FORCE_COLOR: '0' }, false],
    ['NO_COLOR over FORCE_COLOR', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ] as const)('%s', (_what, stream, env, expected) => {
    expect(wantsColour(stream, env)).toBe(expected);
  });
});
