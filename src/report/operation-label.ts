import type { Report } from './report-schema.js';

/** What the operation was, as its reader typed it: the SQL files, or the command line (passwords already masked). */
export function operationLabels(report: Report): string[] {
  const command = report.operation.command;
  return command ? [command.argv.join(' ')] : report.operation.files;
}
