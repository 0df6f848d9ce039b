import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedConfig } from '../config/config-schema.js';

/** What a provider needs to know to make a sandbox; nothing runs yet. */
export interface SandboxSpec {
  /** Database name inside the sandbox server. */
  database: string;
  binDir?: string;
  /** Production's major version: the sandbox runs the same one whenever its binaries can be found */
  productionMajor?: number;
  startTimeoutMs: number;
  /** Cache of fresh clusters (initdb-cache.ts) */
  cacheDir?: string;
  /** Recorded for `sandbox gc`: the sandbox is garbage once this process ends (null: only `sandbox down` ends it) */
  ownerPid?: number | null;
  progress?: (line: string) => void;
  /** Keep a JSON log of the server from which a command's statements can be read back (command replay) */
  statementLog?: boolean;
}

/** A provisioned sandbox database: it has a URL and must be disposed. */
export interface RunningSandbox extends AsyncDisposable {
  readonly id: string;
  readonly provider: string;
  /** Has the password in it: pass it through redactUrl() before any printer sees it. */
  readonly url: string;
  readonly serverVersion: string;
  /** Why the sandbox is not an exact twin of production's server, e.g. another major version */
  readonly warnings: readonly string[];
  /** True when the sandbox server has died; every stage that sees a connection error checks it. */
  readonly crashed: boolean;
  /** The server's last log lines, for the error shown when it crashed. */
  logTail(): string;
  /** The server process, and the directory that holds its data and log */
  readonly pid: number;
  readonly dataDir: string;
  /** The server's JSON log when the spec asked for a statement log and the server can write one; else null */
  readonly jsonLog: string | null;
  /** Lets the sandbox outlive this process (`sandbox up --detach`); dispose no longer removes it */
  detach(): void;
}

export interface SandboxProvider {
  readonly name: string;
  start(spec: SandboxSpec): Promise<RunningSandbox>;
}

export function specFrom(config: ResolvedConfig, productionMajor: number | undefined, progress?: (line: string) => void): SandboxSpec {
  return {
    database: 'sandbox',
    ...(productionMajor ? { productionMajor } : {}),
    ...(config.sandbox.binDir ? { binDir: config.sandbox.binDir } : {}),
    startTimeoutMs: config.sandbox.startTimeoutSeconds * 1000,
    cacheDir: config.sandbox.cacheDir ?? join(homedir(), '.cache', 'sandbox'),
    ...(progress ? { progress } : {}),
  };
}
