import type { ResolvedConfig } from '../config/config-schema.js';
import { isConnectionLoss } from '../errors/pg-error.js';
import { redactText, secretsOf } from '../errors/redact.js';
import { SandboxError, type Stage } from '../errors/sandbox-error.js';
import type { Report } from '../report/report-schema.js';
import type { RunningSandbox } from '../sandbox/provider.js';

/**
 * What the report says about an error of a stage: where it happened and what to do, passwords removed. A sandbox
 * that died explains any error after it, so its log is shown instead.
 */
export function stageError(error: unknown, current: Stage, sandbox: RunningSandbox | undefined, config: ResolvedConfig): Report['errors'][number] {
  return { stage: errorStage(error, current, sandbox), message: errorMessage(error, sandbox, config) };
}

/** The server may be gone before its exit is noticed: a lost connection to a started sandbox counts as a crash. */
function sandboxDied(error: unknown, sandbox: RunningSandbox | undefined): boolean {
  return sandbox !== undefined && (sandbox.crashed || isConnectionLoss(error));
}

function errorStage(error: unknown, current: Stage, sandbox: RunningSandbox | undefined): Stage {
  if (sandboxDied(error, sandbox)) return current;
  return error instanceof SandboxError && error.detail.stage ? error.detail.stage : current;
}

function errorMessage(error: unknown, sandbox: RunningSandbox | undefined, config: ResolvedConfig): string {
  const secrets = config.sourceUrl ? secretsOf(config.sourceUrl) : [];
  if (sandbox && sandboxDied(error, sandbox)) {
    return redactText(`The sandbox server stopped unexpectedly (${(error as Error).message}). Its last log lines:\n${sandbox.logTail()}`, secrets);
  }
  const base = error instanceof Error ? error.message : String(error);
  const code = error instanceof SandboxError ? `[${error.code}] ` : '';
  const hint = error instanceof SandboxError ? `\nhint: ${error.hint}` : '';
  return redactText(`${code}${base}${hint}`, secrets);
}
