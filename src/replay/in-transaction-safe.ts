import type { ParsedStatement } from './parse-sql.js';

// Statements that behave alike alone and inside BEGIN … COMMIT, so that an autocommit one can be run in a
// transaction of its own and its locks read before they are released. Left out on purpose: what refuses a transaction
// block (VACUUM, … CONCURRENTLY, CREATE DATABASE, ALTER SYSTEM), what ends transactions itself (CALL and DO may
// COMMIT), LOCK (an error outside a transaction, which wrapping would hide), SET (SET LOCAL would change meaning) and
// the transaction statements themselves.
const safeNodes = new Set([
  'SelectStmt',
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
  'TruncateStmt',
  'CreateStmt',
  'CreateTableAsStmt',
  'IndexStmt',
  'ViewStmt',
  'CreateSeqStmt',
  'AlterSeqStmt',
  'CreateTrigStmt',
  'AlterTableStmt',
  'RenameStmt',
  'DropStmt',
  'RefreshMatViewStmt',
  'CommentStmt',
  'CreateFunctionStmt',
  'CreateSchemaStmt',
  'CreateDomainStmt',
  'AlterDomainStmt',
  'CreateEnumStmt',
  'CompositeTypeStmt',
  'RuleStmt',
  'CreatePolicyStmt',
  'AlterPolicyStmt',
  'GrantStmt',
  'CreateStatsStmt',
]);

/** Whether this statement may run in a transaction of its own without changing what it does. */
export function safeInTransaction(statement: ParsedStatement): boolean {
  const [nodeType, node] = Object.entries(statement.ast)[0] as [string, Record<string, unknown>];
  if (!safeNodes.has(nodeType)) return false;
  // CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY and REFRESH … CONCURRENTLY (the last is allowed, but stays alike)
  return !(node.concurrent && nodeType !== 'RefreshMatViewStmt');
}
