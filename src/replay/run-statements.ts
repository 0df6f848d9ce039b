import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { isConnectionLoss, pgErrorInfo } from '../errors/pg-error.js';
import { SandboxError } from '../errors/sandbox-error.js';
import { heldLocks, newLocks, type TableLock } from './capture-locks.js';
import type { StatementClass } from './classify-statement.js';
import { safeInTransaction } from './in-transaction-safe.js';
import type { LockMode } from './lock-modes.js';
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
  /** The table locks the statement took, strongest first, read from pg_locks; null where they could not be seen */
  locks: TableLock[] | null;
}

export type ClassifiedStatement = ParsedStatement & StatementClass;

export interface RunOptions {
  /** Whether the operation's time limit has passed: then whatever failed or is left fails closed instead */
  timedOut?: () => boolean;
}

/**
 * Runs the statements one by one on one session, as `psql -v ON_ERROR_STOP=1 -f` would: the file's own
 * BEGIN/COMMIT/ROLLBACK take effect, the first error stops the run, and a transaction left open at the end (or by
 * the error) is rolled back. A lost connection is not a finding but a crash: it throws, and the gate fails closed.
 */

export async function runStatements(client: pg.Client, statements: readonly ClassifiedStatement[], options: RunOptions = {}): Promise<StatementResult[]> {
  const timedOut = options.timedOut ?? (() => false);
  const results: StatementResult[] = [];
  let stopped = false;
  // the locks the open transaction held before the statement: a statement in it is credited only with what it added
  let held: ReadonlyMap<string, LockMode> = new Map();
  for (const statement of statements) {
    const { ast: _ast, ...described } = statement;
    if (stopped) {
      results.push({ ...described, status: 'skipped', rowCount: null, durationMs: null, error: null, locks: null });
      continue;
    }
    if (timedOut()) throw new SandboxError('OPERATION_TIMEOUT', `The operation ran past its time limit before ${statement.file}:${statement.line} (${statement.kind}).`, { stage: 'replay' });
    const status = client.getTransactionStatus();
    const inTransaction = status === 'T';
    if (!inTransaction) held = new Map();
    // an autocommit statement releases its locks as it returns: run it in a transaction of its own to see them
    const wrapped = status === 'I' && safeInTransaction(statement);
    const started = performance.now();
    try {
      if (wrapped) await client.query('BEGIN');
      const result = await client.query(statement.sql);
      let locks: TableLock[] | null = null;
      if (wrapped || (inTransaction && client.getTransactionStatus() === 'T')) {
        const now = await heldLocks(client);
        locks = newLocks(held, now);
        held = now;
      }
      if (wrapped) await client.query('COMMIT');
      results.push({ ...described, ...observedLockMode(described, locks, wrapped), status: 'ok', rowCount: result.rowCount ?? null, durationMs: elapsed(started), error: null, locks });
    } catch (error) {
      // the statement was stopped by us, not by its own fault: that is no finding about the operation
      if (timedOut()) throw new SandboxError('OPERATION_TIMEOUT', `The operation was stopped at ${statement.file}:${statement.line} (${statement.kind}): it ran past its time limit.`, { stage: 'replay', cause: error });
      if (isConnectionLoss(error)) {
        throw new SandboxError('SANDBOX_CRASHED', `The sandbox connection was lost while running ${statement.file}:${statement.line}: ${pgErrorInfo(error).message}`, { stage: 'replay', cause: error });
      }
      // a statement that failed in its own transaction leaves nothing behind, as it would have alone
      if (wrapped) await rollback(client);
      results.push({ ...described, status: 'error', rowCount: null, durationMs: elapsed(started), error: statementError(statement, error), locks: null });
      stopped = true;
    }
  }
  // like psql at the end of the file: whatever transaction is still open is not committed
  await rollback(client);
  return results;
}

async function rollback(client: pg.Client): Promise<void> {
  await client.query('ROLLBACK').catch((error: unknown) => {
    if (isConnectionLoss(error)) throw new SandboxError('SANDBOX_CRASHED', 'The sandbox connection was lost after the operation.', { stage: 'replay', cause: error });
  });
}

/**
 * The strongest lock the statement took on a table it names, else on any table; none when it ran in a transaction of
 * its own and took none. Where no lock could be seen, or the open transaction already held every lock it needed, the
 * mode documented for its kind stands.
 */
function observedLockMode(statement: StatementClass, locks: TableLock[] | null, alone: boolean): Pick<StatementClass, 'lockMode'> {
  if (locks && locks.length === 0 && alone) return { lockMode: null };
  if (!locks || locks.length === 0) return { lockMode: statement.lockMode };
  // locks come strongest first (newLocks)
  return { lockMode: (locks.find((l) => statement.tables.includes(l.table)) ?? locks[0]!).mode };
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
