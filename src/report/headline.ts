import type { Report, TableEntry } from './report-schema.js';

const fmt = (n: number) => n.toLocaleString('en-US');
const rowWord = (n: number) => (n === 1 ? 'row' : 'rows');

/** One sentence on what the operation would do to production, the first thing every renderer shows. */
export function headline(report: Report): string {
  if (report.errors.length > 0) return `the gate could not judge the operation (${report.errors[0]!.stage}: ${firstLine(report.errors[0]!.message)})`;
  const failed = report.operation.statements.find((s) => s.status === 'error');
  const parts: string[] = [];
  // a partitioned table is the sum of its partitions: count the partitions only
  const parents = new Set(report.tables.flatMap((t) => (t.partitionOf ? [t.partitionOf] : [])));
  const leaves = report.tables.filter((t) => !parents.has(t.name));
  const deleting = leaves.filter((t) => t.deleted > 0);
  const deleted = deleting.reduce((n, t) => n + inProduction(t, t.deleted), 0);
  if (deleting.length > 0) {
    const cascade = deleting.filter((t) => t.collateral).length;
    parts.push(`would delete ≈${fmt(deleted)} ${rowWord(deleted)} in production across ${deleting.length} table${deleting.length === 1 ? '' : 's'}${cascade > 0 ? ` (${cascade} of them by cascade or trigger)` : ''}`);
  }
  const updated = leaves.reduce((n, t) => n + inProduction(t, t.updated), 0);
  const inserted = leaves.reduce((n, t) => n + inProduction(t, t.inserted), 0);
  // the first part says what the sentence is about; the rest follow it
  const first = () => parts.length === 0;
  const verb = (word: string) => (first() ? `would ${word}` : word);
  const rows = (n: number) => `≈${fmt(n)} ${rowWord(n)}${first() ? ' in production' : ''}`;
  if (updated > 0) parts.push(`${verb('update')} ${rows(updated)}`);
  if (inserted > 0) parts.push(`${verb('insert')} ${rows(inserted)}`);
  if (report.schemaChanges.length > 0) parts.push(`${verb('make')} ${report.schemaChanges.length} schema change${report.schemaChanges.length === 1 ? '' : 's'}`);
  const effect = parts.length > 0 ? parts.join(', ') : 'would change no rows and no schema';
  return failed ? `the operation FAILS in the sandbox at ${failed.error?.at ?? `${failed.file}:${failed.line}`}; net effect: ${effect}` : effect;
}

/**
 * Rows of a table in the sandbox, as rows in production: the sandbox's changed fraction times production's row count
 * (DESIGN.md's estimatedProductionAffected), so a sandbox at a tenth of production's size does not understate by ten.
 */
function inProduction(t: TableEntry, rows: number): number {
  return t.productionRows !== null && t.rowsBefore > 0 ? Math.round((rows / t.rowsBefore) * t.productionRows) : rows;
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

export function verdictLine(report: Report): string {
  if (report.errors.length > 0) return 'ERROR: the gate could not judge (fail closed)';
  const broken = report.rules.filter((r) => !r.ok).length;
  return report.verdict === 'pass' ? `PASS: all ${report.rules.length} rules hold` : `FAIL: ${broken} of ${report.rules.length} rules broken`;
}
