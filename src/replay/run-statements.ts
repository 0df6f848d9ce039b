import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { isConnectionLoss, pgErrorInfo } from '../errors/pg-error.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { StatementClass } from './classify-statement.js';
import type { ParsedStatement } from './parse-sql.js';

export interface StatementError {
  message: string;
  sqlstate?: string;
  detail?: string;
  hint?: string;
  constraint?: string;
  /** `op.sql:3:14` when the server gave a position */
  at?: string;
}

export interface StatementResult extends StatementClass {
  sql: string;
  file: string;
  line: number;
  status: 'ok' | 'error' | 'skipped';
  rowCount: number | null;
  durationMs: number | null;
  error: StatementError | null;
}

export type ClassifiedStatement = ParsedStatement & StatementClass;

/**
 * Runs the statements one by one on one session, as `psql -v ON_ERROR_STOP=1 -f` would: the file's own
 * BEGIN/COMMIT/ROLLBACK take effect, the first error stops the run, and a transaction left open at the end (or by
 * the error) is rolled back. A lost connection is not a finding but a crash: it throws, and the gate fails closed.
 */
export async function runStatements(client: pg.Client, statements: readonly ClassifiedStatement[]): Promise<StatementResult[]> {
  const results: StatementResult[] = [];
  let stopped = false;
  for (const statement of statements) {
    const { ast: _ast, ...described } = statement;
    if (stopped) {
      results.push({ ...described, status: 'skipped', rowCount: null, durationMs: null, error: null });
      continue;
    }
    const started = performance.now();
    try {
      const result = await client.query(statement.sql);
      results.push({ ...described, status: 'ok', rowCount: result.rowCount ?? null, durationMs: elapsed(started), error: null });
    } catch (error) {
      if (isConnectionLoss(error)) {
        throw new SandboxError('SANDBOX_CRASHED', `The sandbox connection was lost while running ${statement.file}:${statement.line}: ${pgErrorInfo(error).message}`, { stage: 'replay', cause: error });
      }
      results.push({ ...described, status: 'error', rowCount: null, durationMs: elapsed(started), error: statementError(statement, error) });
      stopped = true;
    }
  }
  // like psql at the end of the file: whatever transaction is still open is not committed
  await client.query('ROLLBACK').catch((error: unknown) => {
    if (isConnectionLoss(error)) throw new SandboxError('SANDBOX_CRASHED', 'The sandbox connection was lost after the operation.', { stage: 'replay', cause: error });
  });
  return results;
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

function statementError(statement: ParsedStatement, error: unknown): StatementError {
  const info = pgErrorInfo(error);
  const out: StatementError = { message: info.message };
  if (info.sqlstate) out.sqlstate = info.sqlstate;
  if (info.detail) out.detail = info.detail;
  if (info.hint) out.hint = info.hint;
  if (info.constraint) out.constraint = info.constraint;
  if (info.position) {
    const before = statement.sql.slice(0, info.position - 1).split('\n');
    const line = statement.line + before.length - 1;
    out.at = `${statement.file}:${line}:${(before.at(-1)?.length ?? 0) + 1}`;
  }
  return out;
}
