import type { ParsedStatement } from './parse-sql.js';
import { referencedRelations, type RelationRef } from './walk-ast.js';

export interface StatementClass {
  /** Command tag style: `DELETE`, `DROP TABLE`, `ALTER TABLE`, `BEGIN` … (what `policy.forbid` matches) */
  kind: string;
  /** Qualified display names of the relations the statement names */
  tables: string[];
  /** True when the statement destroys data or schema that only a backup could bring back */
  irreversible: boolean;
  /** For UPDATE and DELETE: whether there is a WHERE clause; null for other kinds */
  hasWhere: boolean | null;
  /** The table lock PostgreSQL takes for this kind of statement, null when none */
  lockMode: string | null;
}

type Node = Record<string, unknown>;

const transactionKinds: Record<string, string> = {
  TRANS_STMT_BEGIN: 'BEGIN',
  TRANS_STMT_START: 'BEGIN',
  TRANS_STMT_COMMIT: 'COMMIT',
  TRANS_STMT_ROLLBACK: 'ROLLBACK',
  TRANS_STMT_SAVEPOINT: 'SAVEPOINT',
  TRANS_STMT_RELEASE: 'RELEASE',
  TRANS_STMT_ROLLBACK_TO: 'ROLLBACK TO SAVEPOINT',
  TRANS_STMT_PREPARE: 'PREPARE TRANSACTION',
  TRANS_STMT_COMMIT_PREPARED: 'COMMIT PREPARED',
  TRANS_STMT_ROLLBACK_PREPARED: 'ROLLBACK PREPARED',
};

const fixedKinds: Record<string, string> = {
  SelectStmt: 'SELECT',
  InsertStmt: 'INSERT',
  UpdateStmt: 'UPDATE',
  DeleteStmt: 'DELETE',
  MergeStmt: 'MERGE',
  TruncateStmt: 'TRUNCATE',
  CreateStmt: 'CREATE TABLE',
  IndexStmt: 'CREATE INDEX',
  ViewStmt: 'CREATE VIEW',
  CreateSeqStmt: 'CREATE SEQUENCE',
  CreateTrigStmt: 'CREATE TRIGGER',
  CreateSchemaStmt: 'CREATE SCHEMA',
  CreateExtensionStmt: 'CREATE EXTENSION',
  VariableSetStmt: 'SET',
  DoStmt: 'DO',
  CallStmt: 'CALL',
  CopyStmt: 'COPY',
  ExplainStmt: 'EXPLAIN',
  LockStmt: 'LOCK',
  RefreshMatViewStmt: 'REFRESH MATERIALIZED VIEW',
};

// What PostgreSQL locks on the target table for each kind (documented in "Explicit Locking").
const lockModes: Record<string, string> = {
  SELECT: 'ACCESS SHARE',
  INSERT: 'ROW EXCLUSIVE',
  UPDATE: 'ROW EXCLUSIVE',
  DELETE: 'ROW EXCLUSIVE',
  MERGE: 'ROW EXCLUSIVE',
  COPY: 'ROW EXCLUSIVE',
  TRUNCATE: 'ACCESS EXCLUSIVE',
  'ALTER TABLE': 'ACCESS EXCLUSIVE',
  'CREATE INDEX': 'SHARE',
  'CREATE INDEX CONCURRENTLY': 'SHARE UPDATE EXCLUSIVE',
  'CREATE TRIGGER': 'SHARE ROW EXCLUSIVE',
  'REFRESH MATERIALIZED VIEW': 'ACCESS EXCLUSIVE',
  LOCK: 'ACCESS EXCLUSIVE',
};

/**
 * Classifies one parsed statement. `resolve` turns a parser relation into a qualified table name the way the
 * sandbox's search_path would.
 * @example classify(stmt, resolve) // { kind: 'DELETE', tables: ['public.users'], irreversible: true, hasWhere: true, lockMode: 'ROW EXCLUSIVE' }
 */
export function classifyStatement(statement: ParsedStatement, resolve: (ref: RelationRef) => string): StatementClass {
  const [nodeType, node] = Object.entries(statement.ast)[0] as [string, Node];
  const kind = kindOf(nodeType, node);
  const tables = [...new Set(referencedRelations(statement.ast).map(resolve))];
  const hasWhere = nodeType === 'UpdateStmt' || nodeType === 'DeleteStmt' ? node.whereClause !== undefined : null;
  return { kind, tables, irreversible: isIrreversible(kind, node, hasWhere), hasWhere, lockMode: lockFor(kind) };
}

function kindOf(nodeType: string, node: Node): string {
  if (nodeType === 'TransactionStmt') return transactionKinds[String(node.kind)] ?? 'TRANSACTION';
  if (nodeType === 'SelectStmt' && node.intoClause) return 'SELECT INTO';
  if (nodeType === 'IndexStmt' && node.concurrent) return 'CREATE INDEX CONCURRENTLY';
  if (nodeType === 'DropStmt') return `DROP ${objectWord(node.removeType)}`;
  if (nodeType === 'AlterTableStmt') return `ALTER ${objectWord(node.objtype)}`;
  if (nodeType === 'RenameStmt') return `ALTER ${objectWord(node.renameType)}`;
  if (nodeType === 'CreateTableAsStmt') return node.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
  if (nodeType === 'CreateFunctionStmt') return node.is_procedure ? 'CREATE PROCEDURE' : 'CREATE FUNCTION';
  if (nodeType === 'GrantStmt') return node.is_grant ? 'GRANT' : 'REVOKE';
  if (nodeType === 'VacuumStmt') return node.is_vacuumcmd ? 'VACUUM' : 'ANALYZE';
  return fixedKinds[nodeType] ?? nodeType.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** OBJECT_MATVIEW → MATERIALIZED VIEW, OBJECT_FOREIGN_TABLE → FOREIGN TABLE */
function objectWord(objectType: unknown): string {
  const word = String(objectType ?? 'OBJECT_UNKNOWN').replace(/^OBJECT_/, '');
  return word === 'MATVIEW' ? 'MATERIALIZED VIEW' : word.replace(/_/g, ' ');
}

function isIrreversible(kind: string, node: Node, hasWhere: boolean | null): boolean {
  if (kind === 'DELETE' || kind === 'TRUNCATE' || kind.startsWith('DROP ')) return true;
  if (kind === 'UPDATE') return hasWhere === false;
  if (kind === 'ALTER TABLE') {
    const cmds = ((node.cmds as Node[] | undefined) ?? []).map((c) => String((c.AlterTableCmd as Node | undefined)?.subtype));
    return cmds.some((subtype) => subtype === 'AT_DropColumn' || subtype === 'AT_AlterColumnType');
  }
  return false;
}

function lockFor(kind: string): string | null {
  if (kind.startsWith('DROP ')) return 'ACCESS EXCLUSIVE';
  return lockModes[kind] ?? null;
}
