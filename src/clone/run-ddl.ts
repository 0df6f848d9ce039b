import type pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';
import { pgErrorInfo } from '../errors/pg-error.js';

export interface DdlStatement {
  label: string;
  sql: string;
}

// The object a statement needs may come later in catalog order (a function returning a table's row type,
// a view on a view): such statements wait for the next pass instead of failing the clone.
const missingDependency = new Set(['42P01', '42704', '42883', '3F000', '42P07']);

/**
 * Runs DDL in order. First all of it as one script in one round trip and one transaction (the common case, and
 * most of the cost of a large schema is round trips); if that fails, nothing of it stays, and the statements run
 * one by one, retrying those that failed only because something they depend on was not created yet, until a pass
 * makes no progress. Then the first remaining error fails the clone with its statement.
 */
export async function runDdl(client: pg.Client, statements: readonly DdlStatement[]): Promise<void> {
  if (statements.length === 0) return;
  try {
    // a line break before each ';' so that a statement ending in a -- comment cannot swallow it
    await client.query(`BEGIN;\n${statements.map((s) => `${s.sql}\n;`).join('\n')}\nCOMMIT;`);
    return;
  } catch {
    await client.query('ROLLBACK').catch(() => undefined);
  }
  await runOneByOne(client, statements);
}

async function runOneByOne(client: pg.Client, statements: readonly DdlStatement[]): Promise<void> {
  let pending = [...statements];
  for (;;) {
    const failed: { statement: DdlStatement; error: unknown }[] = [];
    for (const statement of pending) {
      try {
        await client.query(statement.sql);
      } catch (error) {
        const { sqlstate } = pgErrorInfo(error);
        if (!sqlstate || !missingDependency.has(sqlstate)) throw cloneError(statement, error);
        failed.push({ statement, error });
      }
    }
    if (failed.length === 0) return;
    if (failed.length === pending.length) throw cloneError(failed[0]!.statement, failed[0]!.error);
    pending = failed.map((f) => f.statement);
  }
}

function cloneError(statement: DdlStatement, error: unknown): SandboxError {
  const info = pgErrorInfo(error);
  return new SandboxError('CLONE_FAILED', `Could not recreate ${statement.label} in the sandbox: ${info.message}\n  ${statement.sql.split('\n').join('\n  ')}`, {
    stage: 'clone',
    cause: error,
  });
}
