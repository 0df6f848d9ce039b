import { parseOperation } from '../replay/parse-sql.js';
import { classifyStatement, type StatementClass } from '../replay/classify-statement.js';
import type { StatementResult } from '../replay/run-statements.js';
import type { RelationRef } from '../replay/walk-ast.js';
import type { LoggedStatement } from './statement-log.js';

/** What the report's statements say about statements read back from the server's log, where the source is `(command)`. */
export const commandSource = '(command)';

// a statement the server rejected before running it (a syntax error) names nothing and took no lock
const unparsed: StatementClass = { kind: 'UNPARSED', tables: [], irreversible: false, hasWhere: null, lockMode: null };

/**
 * Turns the logged statements into the report's statement results, classified by the same parser and rules as SQL
 * files. A query string holding several statements (`psql -c 'BEGIN; …; COMMIT'`) becomes one result each; its
 * duration, measured for the whole string, is then given to none of them. Row counts and locks are not in the log.
 */
export async function loggedResults(logged: readonly LoggedStatement[], resolve: (ref: RelationRef) => string): Promise<StatementResult[]> {
  const results: StatementResult[] = [];
  for (const [i, entry] of logged.entries()) {
    const line = i + 1;
    // the server ran it, so it parses; unless it was rejected as a syntax error, which then ran nothing
    const parts = await parseOperation([{ path: commandSource, text: entry.sql }]).catch(() => []);
    const base = { file: commandSource, line, status: entry.error ? ('error' as const) : ('ok' as const), rowCount: null, error: entry.error, locks: null };
    if (parts.length === 0) {
      results.push({ ...unparsed, ...base, sql: entry.sql, durationMs: entry.durationMs });
      continue;
    }
    for (const part of parts) {
      results.push({ ...classifyStatement(part, resolve), ...base, sql: part.sql, durationMs: parts.length === 1 ? entry.durationMs : null });
    }
  }
  return results;
}
