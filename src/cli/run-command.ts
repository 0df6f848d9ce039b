import { CommanderError } from 'commander';
import { isSandboxError } from '../errors/sandbox-error.js';
import type { ExitCode } from './exit-code.js';
import type { Output } from './output.js';

/**
 * The only place that turns an outcome into an exit code: the command's own code, a SandboxError's code, 64 for
 * usage, and 2 for anything unexpected (fail closed; the stack only with --debug).
 */
export async function runCommand(action: () => Promise<ExitCode>, out: Output, debug: boolean): Promise<ExitCode> {
  try {
    return await action();
  } catch (error) {
    return exitCodeForError(error, out, debug);
  }
}

export function exitCodeForError(error: unknown, out: Output, debug: boolean): ExitCode {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? 0 : 64;
  }
  if (isSandboxError(error)) {
    out.error(`sandbox: error [${error.code}]: ${error.message}\nhint: ${error.hint}`);
    if (debug && error.cause) out.error(String((error.cause as Error).stack ?? error.cause));
    return error.exitCode;
  }
  out.error(`sandbox: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  out.error(debug && error instanceof Error ? String(error.stack) : 'hint: re-run with --debug for the stack trace; the gate fails closed (exit 2).');
  return 2;
}
