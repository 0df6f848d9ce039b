import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testBinDir } from './bin-dir.js';

/** The built CLI; `npm test` builds it first (run `npx tsc -p tsconfig.json` when running vitest alone). */
export const cliBin = fileURLToPath(new URL('../../dist/src/cli/bin.js', import.meta.url));

export interface CliResult {
  /** null when the process was killed by a signal */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Working directory of the CLI: a temp directory, so the repository's sandbox.config.ts is not picked up. */
  cwd: string;
  /** TMPDIR of the CLI: sandbox servers put their data directories under `$TMPDIR/sandbox-pg/<id>`. */
  tmpdir: string;
  /** Extra environment; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** The CLI is killed (SIGKILL) and the result rejected after this long. Default 90 s. */
  timeoutMs?: number;
  /**
   * Pass --progress (the default): stderr is a pipe here, where the CLI shows no progress unless asked, and the tests
   * read the progress lines to see how far a run got. false runs the CLI as a CI job without the flag would.
   */
  progress?: boolean;
}

/** A CLI process started without waiting for it. */
export interface CliProcess {
  readonly pid: number;
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Sends a signal to the CLI process only (not to its process group), as `kill -INT <pid>` does. */
  kill(signal: NodeJS.Signals): void;
  /** Resolves once `pattern` appears on the stream; rejects if the process exits first or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, options?: { stream?: 'stdout' | 'stderr'; timeoutMs?: number }): Promise<void>;
  /** Resolves when the process has exited and its output is read; rejects on timeout (after killing it). */
  readonly result: Promise<CliResult>;
}

export class CliTimeoutError extends Error {
  constructor(args: readonly string[], timeoutMs: number, stdout: string, stderr: string) {
    super(`sandbox ${args.join(' ')} did not exit within ${timeoutMs} ms (killed).\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`);
    this.name = 'CliTimeoutError';
  }
}

/** Environment of the parent without anything that would change what the CLI does (a source URL, a signing key). */
function childEnv(options: CliOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key === 'DATABASE_URL' || key === 'GITHUB_STEP_SUMMARY' || key.startsWith('SANDBOX_') || key.startsWith('PG') || key === 'NODE_OPTIONS') delete env[key];
  }
  env.TMPDIR = options.tmpdir;
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Starts `sandbox <args>` with node, in `options.cwd`, without waiting for it. */
export function startCli(args: readonly string[], options: CliOptions): CliProcess {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const flags = options.progress === false ? [] : ['--progress'];
  const child = spawn(process.execPath, [cliBin, ...flags, ...args], { cwd: options.cwd, env: childEnv(options), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    notify();
  });
  let exited = false;
  const result = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new CliTimeoutError(args, timeoutMs, stdout, stderr));
    }, timeoutMs);
    let finished = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    };
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exited = true;
      notify();
      // 'close' follows once stdout and stderr are drained; a grandchild holding a pipe must not hang the test
      const grace = setTimeout(() => finish(code, signal), 2_000);
      child.once('close', () => {
        clearTimeout(grace);
        finish(code, signal);
      });
    });
  });
  // the caller may only look at waitForOutput; an unobserved rejection must not crash the worker
  result.catch(() => undefined);

  return {
    pid: child.pid!,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    kill: (signal) => {
      child.kill(signal);
    },
    result,
    waitForOutput(pattern, { stream = 'stderr', timeoutMs: wait = 60_000 } = {}) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stream === 'stderr' ? stderr : stdout)) done(() => resolve());
          else if (exited) done(() => reject(new Error(`sandbox exited (code ${String(child.exitCode)}) before ${stream} matched ${String(pattern)}.\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${stream} did not match ${String(pattern)} within ${wait} ms.\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`))), wait);
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs `sandbox <args>` to completion: `{ code, stdout, stderr }`; rejects if it takes longer than `timeoutMs`. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  return startCli(args, options).result;
}

/** `--bin-dir <PostgreSQL 15 bin>` when the machine has one (the production major version of the test server). */
export function binDirArgs(): string[] {
  const dir = testBinDir();
  return dir ? ['--bin-dir', dir] : [];
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface ProcessInfo {
  pid: number;
  cmdline: string;
}

/**
 * PostgreSQL processes that belong to servers started under `dir`: the postmaster names the data directory on its
 * command line; its children rename themselves ("postgres: checkpointer") but keep the data directory as their cwd.
 */
export function postgresProcessesUnder(dir: string): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (!cmdline) continue; // a zombie or a kernel thread
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        // not ours to read, or gone
      }
      const isPostgres = /(^|\/)postgres(\s|:|$)/.test(cmdline) || cmdline.startsWith('postgres:');
      if (isPostgres && (cmdline.includes(dir) || cwd.startsWith(dir))) found.push({ pid: Number(entry), cmdline });
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns the last answer. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A temp workspace for one CLI test: `cwd` (the CLI's working directory), `tmpdir` (its TMPDIR) and `reportDir`.
 * Disposing kills what a failed test may have left running (by pid, only under this tmpdir) and removes everything.
 */
export interface CliWorkspace extends AsyncDisposable {
  readonly root: string;
  readonly cwd: string;
  readonly tmpdir: string;
  /** `<cwd>/reports`, also given to the CLI as the relative path `reports` by `replayArgs`. */
  readonly reportDir: string;
  /** Writes a file into cwd and returns its absolute path. */
  write(name: string, text: string): Promise<string>;
  run(args: readonly string[], options?: Partial<CliOptions>): Promise<CliResult>;
  start(args: readonly string[], options?: Partial<CliOptions>): CliProcess;
  /** Entries under `$TMPDIR/sandbox-pg` (server data directories); [] when the root does not exist. */
  sandboxDirs(): string[];
  /** PostgreSQL processes whose command line or cwd lies under this workspace's TMPDIR. */
  postgresProcesses(): ProcessInfo[];
  /** Parsed `report.json` of `dir` (default reportDir). */
  readReport(dir?: string): Promise<ReportJson>;
  /** `text` with the workspace's paths replaced by `<cwd>`, `<tmpdir>`, `<root>`. */
  scrub(text: string): string;
}

/** report.json as DESIGN.md describes it; the tests check its fields, so it is typed loosely on purpose. */
export type ReportJson = Record<string, unknown> & {
  version: number;
  verdict: string;
  operation: { kind: string; sha256: string; files?: string[]; statements: Array<Record<string, unknown> & { error: null | Record<string, unknown> }> };
  snapshot: { id: string; createdAt: string; dataMode: string; source: { serverVersion: string; database: string } };
  tables: Array<Record<string, unknown> & { name: string }>;
  schemaChanges: Array<Record<string, unknown>>;
  invariants: Array<{ name: string; before: unknown; after: unknown; ok: boolean }>;
  rules: Array<{ id: string; ok: boolean; message: string }>;
  errors: Array<{ stage: string; message: string }>;
  durationMs: number;
};

export async function cliWorkspace(): Promise<CliWorkspace> {
  const root = await mkdtemp(join(tmpdir(), 'sandbox-e2e-'));
  // tests run as root, and PostgreSQL then runs as the postgres account: it must be able to reach its data directory
  await chmod(root, 0o755);
  const cwd = join(root, 'work');
  const tmp = join(root, 'tmp');
  await mkdir(cwd, { mode: 0o755 });
  await mkdir(tmp, { mode: 0o755 });
  await chmod(tmp, 0o755);
  const reportDir = join(cwd, 'reports');
  const started: CliProcess[] = [];
  const options = (extra: Partial<CliOptions> = {}): CliOptions => ({ cwd, tmpdir: tmp, ...extra });
  const sandboxRoot = join(tmp, 'sandbox-pg');

  return {
    root,
    cwd,
    tmpdir: tmp,
    reportDir,
    async write(name, text) {
      const path = join(cwd, name);
      await writeFile(path, text);
      return path;
    },
    run(args, extra) {
      const cli = startCli(args, options(extra));
      started.push(cli);
      return cli.result;
    },
    start(args, extra) {
      const cli = startCli(args, options(extra));
      started.push(cli);
      return cli;
    },
    sandboxDirs: () => (existsSync(sandboxRoot) ? readdirSync(sandboxRoot) : []),
    postgresProcesses: () => postgresProcessesUnder(tmp),
    async readReport(dir = reportDir) {
      return JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as ReportJson;
    },
    scrub: (text) => text.split(cwd).join('<cwd>').split(tmp).join('<tmpdir>').split(root).join('<root>'),
    async [Symbol.asyncDispose]() {
      for (const cli of started) {
        if (cli.child.exitCode === null && cli.child.signalCode === null) {
          cli.kill('SIGKILL');
          await cli.result.catch(() => undefined);
        }
      }
      // a test that failed may have left a server behind: stop it by pid, never by name
      for (const proc of postgresProcessesUnder(tmp)) {
        try {
          process.kill(proc.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Arguments of a replay of `op.sql` in the workspace against `sourceUrl`, with copy data and the test binaries. */
export function replayArgs(sourceUrl: string, ...extra: string[]): string[] {
  return ['replay', 'op.sql', '--source', sourceUrl, '--data', 'copy', '--report-dir', 'reports', ...binDirArgs(), ...extra];
}
