import pg from 'pg';
import { redactText, secretsOf } from '../errors/redact.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { StatementResult } from '../replay/run-statements.js';
import type { RelationRef } from '../replay/walk-ast.js';
import type { CommandOutcome } from '../report/report-schema.js';
import type { RunningSandbox } from '../sandbox/provider.js';
import { commandEnv } from './command-env.js';
import { loggedResults } from './logged-results.js';
import { operationRole, prepareOperationRole } from './operation-role.js';
import { runCommand } from './run-command.js';
import { logOffset, readLoggedStatements } from './statement-log.js';

export interface CommandRunOptions {
  timeLimitMs: number;
  resolve: (ref: RelationRef) => string;
  progress: (line: string) => void;
  /** Secrets that must not reach the report or the terminal besides the sandbox's own (e.g. the source URL's) */
  secrets: readonly string[];
}

/**
 * Replays a command: runs it with DATABASE_URL and PG* pointing at the sandbox as its own role, then reads the
 * statements that role ran back from the server's JSON log, classified like SQL files. Its output is kept with every
 * password masked. A command that exits non-zero is a finding (the report shows it); one that cannot start, or outlives
 * the time limit, leaves the gate unable to judge.
 */
export async function runCommandOperation(sandbox: RunningSandbox, argv: readonly string[], options: CommandRunOptions): Promise<{ statements: StatementResult[]; command: CommandOutcome }> {
  const log = sandbox.jsonLog;
  if (!log) {
    throw new SandboxError('COMMAND_LOG_UNREADABLE', `The sandbox runs PostgreSQL ${sandbox.serverVersion}, which writes no JSON log; command replay needs PostgreSQL 15 or later in the sandbox.`, { stage: 'replay' });
  }
  const url = await prepareOperationRole(sandbox.url);
  const secrets = [...secretsOf(url), ...secretsOf(sandbox.url), ...options.secrets];
  const mask = (text: string) => redactText(text, secrets);
  const offset = await logOffset(log);
  options.progress(`running ${mask(argv.join(' '))}`);
  const result = await runCommand({ argv, env: commandEnv(process.env, url), timeLimitMs: options.timeLimitMs, onLine: (line) => options.progress(`  │ ${mask(line)}`) });
  await endLeftoverSessions(sandbox.url);
  if (result.timedOut) {
    throw new SandboxError('OPERATION_TIMEOUT', `The command ${mask(argv.join(' '))} was still running after ${Math.round(options.timeLimitMs / 1000)} s and was stopped.`, { stage: 'replay' });
  }
  const logged = await readLoggedStatements(log, offset, operationRole, url);
  const command: CommandOutcome = {
    argv: argv.map(mask),
    exitCode: result.exitCode,
    signal: result.signal,
    output: mask(result.output),
    truncated: result.truncated,
    durationMs: result.durationMs,
  };
  return { statements: await loggedResults(logged, options.resolve), command };
}

/** A session the command left open (a background worker, a pool not closed) is ended: its work must not continue into the diff. */
async function endLeftoverSessions(sandboxUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: sandboxUrl, application_name: 'sandbox-replay' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [operationRole]);
    // termination is asynchronous: wait until their transactions are rolled back
    for (let i = 0; i < 250; i++) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_stat_activity WHERE usename = $1', [operationRole]);
      if (rowCount === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
