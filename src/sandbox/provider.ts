import type { ResolvedConfig } from '../config/config-schema.js';

/** What a provider needs to know to make a sandbox; nothing runs yet. */
export interface SandboxSpec {
  /** Database name inside the sandbox server. */
  database: string;
  binDir?: string;
  startTimeoutMs: number;
  progress?: (line: string) => void;
}

/** A provisioned sandbox database: it has a URL and must be disposed. */
export interface RunningSandbox extends AsyncDisposable {
  readonly id: string;
  readonly provider: string;
  /** Has the password in it: pass it through redactUrl() before any printer sees it. */
  readonly url: string;
  readonly serverVersion: string;
  /** True when the sandbox server has died; every stage that sees a connection error checks it. */
  readonly crashed: boolean;
  /** The server's last log lines, for the error shown when it crashed. */
  logTail(): string;
}

export interface SandboxProvider {
  readonly name: string;
  start(spec: SandboxSpec): Promise<RunningSandbox>;
}

export function specFrom(config: ResolvedConfig, progress?: (line: string) => void): SandboxSpec {
  return {
    database: 'sandbox',
    ...(config.sandbox.binDir ? { binDir: config.sandbox.binDir } : {}),
    startTimeoutMs: config.sandbox.startTimeoutSeconds * 1000,
    ...(progress ? { progress } : {}),
  };
}
