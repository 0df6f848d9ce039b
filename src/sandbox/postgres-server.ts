import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, fchownSync, openSync, readSync, fstatSync } from 'node:fs';
import { chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';
import { trackLive } from '../lifecycle/signals.js';
import type { PostgresBinaries } from './find-binaries.js';
import { freePort } from './free-port.js';
import { restoreTemplate, saveTemplate, templateKey } from './initdb-cache.js';
import { serverUser, type ServerUser } from './server-user.js';

const execFileAsync = promisify(execFile);
const superuser = 'sandbox';
// 1 MB WAL segments instead of 16: a sandbox writes little WAL, and a smaller cluster copies faster from the cache
const initdbArgs = ['--auth=scram-sha-256', '--no-sync', '--encoding=UTF8', '--no-locale', '--no-instructions', '--wal-segsize=1'];

export interface ServerSpec {
  binaries: PostgresBinaries;
  /** Where fresh clusters are cached to skip initdb next time (see initdb-cache.ts); none: always initdb */
  cacheDir?: string;
  /** Recorded in owner.json: `sandbox gc` removes the server once this process is gone (default: this process) */
  ownerPid?: number | null;
  /** Names the temp directory, so `ls` shows what each one is (`sandbox`, `demo-production`). */
  label: string;
  startTimeoutMs: number;
  progress?: (line: string) => void;
  /**
   * Run a logging collector that also writes the server's log as JSON lines (PostgreSQL 15+), so that the statements
   * a command sends can be read back from the server's own log (see replay/statement-log.ts).
   */
  statementLog?: boolean;
}

/** A PostgreSQL cluster this process started; it owns a temp directory and a server process until disposed. */
export interface RunningServer extends AsyncDisposable {
  readonly id: string;
  readonly dir: string;
  readonly port: number;
  readonly version: string;
  /** Connection URL for `database`, with the superuser password in it: pass through redactUrl() before printing. */
  url(database: string): string;
  /** The last lines the server logged, for error messages. */
  logTail(): string;
  /** True once the server process has exited, expectedly or not. */
  readonly exited: boolean;
  /** The postmaster's pid (also its process group: the server runs in a session of its own) */
  readonly pid: number;
  /** The server's JSON log file, when it was started with `statementLog` on a server that writes one; else null */
  readonly jsonLog: string | null;
  /**
   * Hands the server over to outlive this process (`sandbox up --detach`): no longer torn down on dispose, exit or
   * signal. `sandbox down` and `sandbox gc` stop it later, by its pid and directory.
   */
  detach(): void;
}

/** Root of every temp directory this tool creates for servers; `sandbox gc` looks here. */
export function serverRoot(): string {
  return join(tmpdir(), 'sandbox-pg');
}

/**
 * initdb in a fresh temp directory, then a postgres on a free loopback port with fsync off. The directory and the
 * process are tracked from the first moment, so an error, SIGINT or SIGTERM at any step removes both.
 * @example await using server = await startPostgresServer({ binaries: findBinaries(), label: 'sandbox', startTimeoutMs: 60_000 });
 */
export async function startPostgresServer(spec: ServerSpec): Promise<RunningServer> {
  const id = `${spec.label}-${randomBytes(4).toString('hex')}`;
  const dir = join(serverRoot(), id);
  const handle = new ServerHandle(id, dir, spec.binaries.version);
  try {
    await handle.initialise(spec);
    await handle.start(spec);
    return handle;
  } catch (error) {
    await handle[Symbol.asyncDispose]();
    throw error;
  }
}

class ServerHandle implements RunningServer {
  port = 0;
  /** The password this sandbox will have; until start() sets it, a cluster copied from the cache has the template's */
  readonly #password = randomBytes(18).toString('base64url');
  #clusterPassword = this.#password;
  readonly #user: ServerUser | undefined = serverUser();
  readonly #untrack: () => void;
  #process: ChildProcess | undefined;
  #exit: Promise<void> = Promise.resolve();
  #exited = false;
  #log: string[] = [];
  #disposed = false;
  #detached = false;

  constructor(
    readonly id: string,
    readonly dir: string,
    readonly version: string,
  ) {
    this.#untrack = trackLive(() => this[Symbol.asyncDispose]());
  }

  get exited(): boolean {
    return this.#exited;
  }

  url(database: string): string {
    return `postgres://${superuser}:${encodeURIComponent(this.#clusterPassword)}@127.0.0.1:${this.port}/${encodeURIComponent(database)}`;
  }

  get pid(): number {
    return this.#process?.pid ?? 0;
  }

  jsonLog: string | null = null;

  logTail(): string {
    return [...this.#log, ...readTail(join(this.dir, 'server.log'))].slice(-15).join('\n');
  }

  detach(): void {
    this.#detached = true;
    this.#untrack();
    this.#process?.unref();
  }

  async initialise(spec: ServerSpec): Promise<void> {
    // the shared root must be traversable by the server account; each server's own directory is private to it
    await mkdir(serverRoot(), { recursive: true, mode: 0o755 });
    await mkdir(this.dir, { mode: 0o700 });
    const owner = spec.ownerPid === undefined ? process.pid : spec.ownerPid;
    await writeFile(join(this.dir, 'owner.json'), JSON.stringify({ pid: owner, label: spec.label, createdAt: new Date().toISOString() }));
    if (this.#user) await chown(this.dir, this.#user.uid, this.#user.gid);
    const dataDir = join(this.dir, 'data');
    const key = templateKey(spec.binaries, initdbArgs, this.#user?.uid);
    const cached = spec.cacheDir ? await restoreTemplate(spec.cacheDir, key, dataDir) : undefined;
    if (cached) {
      this.#clusterPassword = cached;
      return;
    }
    spec.progress?.(`initdb (PostgreSQL ${this.version})`);
    await this.#initdb(spec, dataDir);
    if (spec.cacheDir) await saveTemplate(spec.cacheDir, key, dataDir, this.#password);
  }

  async #initdb(spec: ServerSpec, dataDir: string): Promise<void> {
    const pwfile = join(this.dir, 'pwfile');
    await writeFile(pwfile, `${this.#password}\n`, { mode: 0o600 });
    if (this.#user) await chown(pwfile, this.#user.uid, this.#user.gid);
    try {
      await execFileAsync(spec.binaries.initdb, ['-D', dataDir, '-U', superuser, `--pwfile=${pwfile}`, ...initdbArgs], { env: { ...process.env, LC_ALL: 'C' }, ...this.#ids() });
    } catch (cause) {
      const stderr = (cause as { stderr?: string }).stderr ?? String(cause);
      const denied = this.#user && /Permission denied/i.test(stderr);
      throw new SandboxError('SANDBOX_START_FAILED', `initdb failed: ${stderr.trim()}`, {
        stage: 'provision',
        cause,
        ...(denied
          ? { hint: `Running as root, PostgreSQL runs as the "${this.#user!.name}" account, which cannot reach ${this.dir}: make every directory above it traversable (chmod 755), or point TMPDIR elsewhere.` }
          : {}),
      });
    } finally {
      await rm(pwfile, { force: true });
    }
  }

  async start(spec: ServerSpec): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      this.port = await freePort();
      this.#spawn(spec);
      const ready = await this.#waitReady(spec.startTimeoutMs);
      if (ready === 'ready') return this.#ownPassword();
      // another process may have taken the port between freePort() and bind(): try a new one
      if (ready === 'port-taken' && attempt < 3) continue;
      throw new SandboxError('SANDBOX_START_FAILED', `PostgreSQL did not start (${ready}). Its log:\n${this.logTail()}`, { stage: 'provision' });
    }
  }

  /** A cluster copied from the cache still has the template's password: give this sandbox its own. */
  async #ownPassword(): Promise<void> {
    if (this.#clusterPassword === this.#password) return;
    const client = new pg.Client({ connectionString: this.url('postgres') });
    client.on('error', () => undefined);
    await client.connect();
    try {
      await client.query(`ALTER ROLE ${superuser} PASSWORD ${pg.escapeLiteral(this.#password)}`);
      this.#clusterPassword = this.#password;
    } finally {
      await client.end();
    }
  }

  /**
   * The collector writes the plain log to the same server.log as before (logTail() keeps working) and the JSON one
   * beside it as server.json; never rotated, since a replay reads it from an offset.
   */
  #logSettings(spec: ServerSpec): Record<string, string> {
    if (!spec.statementLog || Number.parseInt(this.version, 10) < 15) return {};
    this.jsonLog = join(this.dir, 'server.json');
    return {
      logging_collector: 'on',
      log_destination: 'stderr,jsonlog',
      log_directory: this.dir,
      log_filename: 'server.log',
      log_rotation_age: '0',
      log_rotation_size: '0',
      log_file_mode: '0644',
    };
  }

  #ids(): { uid?: number; gid?: number } {
    return this.#user ? { uid: this.#user.uid, gid: this.#user.gid } : {};
  }

  #spawn(spec: ServerSpec): void {
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: this.dir,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '40',
      // the sandbox is thrown away, so crash safety buys nothing and costs time on every checkpoint
      checkpoint_timeout: '1h',
      max_wal_size: '4GB',
      ...this.#logSettings(spec),
    };
    const args = ['-D', join(this.dir, 'data'), '-p', String(this.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
    // the log goes straight to a file, not through pipes: a detached server must not depend on this process
    const logFd = openSync(join(this.dir, 'server.log'), 'a', 0o644);
    // the logging collector reopens the file as the server's account (root runs the server as another one)
    if (this.#user) fchownSync(logFd, this.#user.uid, this.#user.gid);
    const child = spawn(spec.binaries.postgres, args, {
      // own session and process group: a Ctrl-C in the terminal reaches us, and we stop the server in order
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_ALL: 'C' },
      ...this.#ids(),
    });
    closeSync(logFd);
    this.#process = child;
    this.#exited = false;
    this.#exit = new Promise((resolve) => {
      child.on('exit', () => {
        this.#exited = true;
        resolve();
      });
      child.on('error', (error) => {
        this.#log.push(`spawn failed: ${error.message}`);
        this.#exited = true;
        resolve();
      });
    });
  }

  async #waitReady(timeoutMs: number): Promise<'ready' | 'port-taken' | string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#exited) return this.logTail().includes('could not bind') || this.logTail().includes('Address already in use') ? 'port-taken' : 'the server process exited';
      const client = new pg.Client({ connectionString: this.url('postgres'), connectionTimeoutMillis: 2000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.end();
        return 'ready';
      } catch {
        await client.end().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    return `not ready after ${Math.round(timeoutMs / 1000)} s`;
  }

  async #teardown(): Promise<void> {
    const child = this.#process;
    if (child?.pid && !this.#exited) {
      // immediate shutdown: the data is thrown away, so a shutdown checkpoint would only cost time
      child.kill('SIGQUIT');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.#exit, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      // a pending timer would keep the process alive for its full length after the server is gone
      clearTimeout(timer);
    }
    if (child?.pid) {
      // the server runs in its own process group: this also reaps backends orphaned by a crashed or killed postmaster
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is already empty
      }
      await this.#exit;
    }
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.#disposed || this.#detached) return;
    this.#disposed = true;
    this.#untrack();
    await this.#teardown();
  }
}

/** The last few KiB of a log file: enough for an error message, whatever the file's size. */
function readTail(path: string, bytes = 8192): string[] {
  try {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.min(bytes, size));
      readSync(fd, buffer, 0, buffer.length, size - buffer.length);
      return buffer.toString('utf8').split('\n').filter(Boolean);
    } finally {
      closeSync(fd);
    }
  } catch {
    return [];
  }
}
