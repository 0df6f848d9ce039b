import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { SandboxError } from '../errors/sandbox-error.js';
import { trackLive } from '../lifecycle/signals.js';
import { BoundedOutput } from './bounded-output.js';

export interface CommandSpec {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Stopped (SIGTERM to its process group, SIGKILL 5 s later) once this has passed */
  timeLimitMs: number;
  /** Each line the command prints, as it prints it */
  onLine?: (line: string) => void;
}

export interface CommandResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved as they came, the middle cut out past the size limit */
  output: string;
  truncated: boolean;
  durationMs: number;
  timedOut: boolean;
}

/**
 * Runs a program (no shell: the arguments are passed as they are) in a process group of its own, so that a time limit
 * or Ctrl-C stops it together with whatever it started. A program that cannot be started is an error of the gate
 * (`COMMAND_NOT_FOUND`), not a finding: nothing ran.
 */
export async function runCommand(spec: CommandSpec): Promise<CommandResult> {
  const [program, ...args] = spec.argv;
  if (!program) throw new SandboxError('USAGE', 'No command was given after --.', { stage: 'replay' });
  const started = performance.now();
  const output = new BoundedOutput(spec.onLine);
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    child = spawn(program, args, { env: spec.env, cwd: spec.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (cause) {
    // some failures (an argument list too long, a NUL in an argument) throw at once instead of emitting 'error'
    throw startError(program, cause);
  }
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  };
  // a run interrupted by SIGINT/SIGTERM must not leave the command running against a sandbox that is being removed
  const untrack = trackLive(() => killGroup('SIGKILL'));
  let timedOut = false;
  let killTimer: NodeJS.Timeout | undefined;
  const limit = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    killTimer = setTimeout(() => killGroup('SIGKILL'), 5000);
  }, spec.timeLimitMs);
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  try {
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    // anything the command left behind in its group goes with it
    killGroup('SIGKILL');
    return { exitCode: code, signal, ...output.finish(), durationMs: Math.round(performance.now() - started), timedOut };
  } catch (cause) {
    throw startError(program, cause);
  } finally {
    clearTimeout(limit);
    clearTimeout(killTimer);
    untrack();
  }
}

function startError(program: string, cause: unknown): SandboxError {
  const code = (cause as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES') {
    return new SandboxError('COMMAND_NOT_FOUND', `Cannot run "${program}": ${code === 'ENOENT' ? 'no such program (not on PATH, or the path is wrong)' : 'permission denied (not executable)'}.`, { stage: 'replay', cause });
  }
  return new SandboxError('COMMAND_FAILED_TO_START', `Cannot run "${program}": ${(cause as Error).message}`, { stage: 'replay', cause });
}
