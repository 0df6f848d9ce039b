import type { Rule } from '../rule.js';

/** A statement that fails in the sandbox would fail in production: a finding, reported with its error. */
export const operationSucceeded: Rule = ({ statements }) => {
  const failed = statements.find((s) => s.status === 'error');
  if (!failed) return [{ id: 'operation-succeeded', ok: true, message: `${statements.length} statement(s) ran without error` }];
  const where = failed.error?.at ?? `${failed.file}:${failed.line}`;
  const code = failed.error?.sqlstate ? ` [${failed.error.sqlstate}]` : '';
  return [{ id: 'operation-succeeded', ok: false, message: `${failed.kind} at ${where} failed${code}: ${failed.error?.message ?? 'unknown error'}` }];
};
