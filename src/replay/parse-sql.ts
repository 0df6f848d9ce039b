import { parse } from 'libpg-query';
import { SandboxError } from '../errors/sandbox-error.js';
import { positionAt, renderAtPosition } from '../errors/source-position.js';

export interface OperationFile {
  path: string;
  text: string;
}

export interface ParsedStatement {
  file: string;
  /** 1-based line where the statement starts (after leading comments) */
  line: number;
  /** The statement as written, without leading comments and the trailing semicolon */
  sql: string;
  /** The statement node of libpg-query's tree, e.g. { DeleteStmt: {...} } */
  ast: Record<string, unknown>;
}

/**
 * Splits operation files into statements with the real PostgreSQL parser. A syntax error anywhere means nothing
 * runs: it is reported as `file:line:col` with the line and a caret.
 */
export async function parseOperation(files: readonly OperationFile[]): Promise<ParsedStatement[]> {
  const statements: ParsedStatement[] = [];
  for (const file of files) statements.push(...(await parseFile(file)));
  if (statements.length === 0) {
    throw new SandboxError('OPERATION_EMPTY', `No SQL statement found in ${files.map((f) => f.path).join(', ') || 'the operation'}.`, { stage: 'parse' });
  }
  return statements;
}

interface RawStmt {
  stmt: Record<string, unknown>;
  stmt_location?: number;
  stmt_len?: number;
}

async function parseFile(file: OperationFile): Promise<ParsedStatement[]> {
  let tree: { stmts?: RawStmt[] };
  try {
    tree = await parse(file.text);
  } catch (error) {
    throw syntaxError(file, error);
  }
  // libpg-query reports byte offsets into the UTF-8 text
  const bytes = Buffer.from(file.text, 'utf8');
  return (tree.stmts ?? []).map((raw) => {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len ? start + raw.stmt_len : bytes.length;
    const prefix = bytes.subarray(0, start).toString('utf8');
    const full = bytes.subarray(start, end).toString('utf8');
    const lead = /^(\s|--[^\n]*\n?)*/.exec(full)?.[0] ?? '';
    const sql = full.slice(lead.length).trim().replace(/;\s*$/, '');
    return { file: file.path, line: positionAt(file.path, file.text, prefix.length + lead.length).line, sql, ast: raw.stmt };
  });
}

function syntaxError(file: OperationFile, error: unknown): SandboxError {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  const message = error instanceof Error ? error.message : String(error);
  if (details?.cursorPosition === undefined) {
    return new SandboxError('SQL_SYNTAX', `${file.path}: ${message}`, { stage: 'parse', cause: error });
  }
  const charOffset = Buffer.from(file.text, 'utf8').subarray(0, details.cursorPosition).toString('utf8').length;
  const pos = positionAt(file.path, file.text, charOffset);
  return new SandboxError('SQL_SYNTAX', renderAtPosition(file.text, pos, message), { stage: 'parse', cause: error });
}
