import type { Rule } from '../rule.js';

/**
 * A statement that fails in the sandbox would fail in production: a finding, reported with its error. So is a
 * replayed command that exits with another status than 0.
 */
export const operationSucceeded: Rule = ({ statements, command }) => {
  const failed = statements.find((s) => s.status === 'error');
  if (command && (command.exitCode !== 0 || command.signal)) {
    const how = command.signal ? `was killed by ${command.signal}` : `exited with status ${command.exitCode}`;
    return [{ id: 'operation-succeeded', ok: false, message: `the command ${how}${failed ? `; ${failed.kind} at ${failed.file}:${failed.line} failed: ${failed.error?.message ?? 'unknown error'}` : ''}` }];
  }
  if (!failed) return [{ id: 'operation-succeeded', ok: true, message: `${statements.length} statement(s) ran without error` }];
  const where = failed.error?.at ?? `${failed.file}:${failed.line}`;
  const code = failed.error?.sqlstate ? ` [${failed.error.sqlstate}]` : '';
  return [{ id: 'operation-succeeded', ok: false, message: `${failed.kind} at ${where} failed${code}: ${failed.error?.message ?? 'unknown error'}` }];
};
