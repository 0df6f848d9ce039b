/** A place in an operation file, for messages like `op.sql:3:14` with the line and a caret under it. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Converts a 0-based character offset into a 1-based line and column. */
export function positionAt(file: string, text: string, offset: number): SourcePosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { file, line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

/** `file:line:col: message`, then the line itself and a caret under the column. */
export function renderAtPosition(text: string, pos: SourcePosition, message: string): string {
  const lineText = text.split('\n')[pos.line - 1] ?? '';
  return `${pos.file}:${pos.line}:${pos.column}: ${message}\n  ${lineText}\n  ${' '.repeat(Math.max(0, pos.column - 1))}^`;
}
