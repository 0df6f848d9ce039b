import type { Report } from './report-schema.js';

const fmt = (n: number) => n.toLocaleString('en-US');

/** One sentence on what the operation would do to production, the first thing every renderer shows. */
export function headline(report: Report): string {
  if (report.errors.length > 0) return `the gate could not judge the operation (${report.errors[0]!.stage}: ${firstLine(report.errors[0]!.message)})`;
  const failed = report.operation.statements.find((s) => s.status === 'error');
  const parts: string[] = [];
  // a partitioned table is the sum of its partitions: count the partitions only
  const parents = new Set(report.tables.flatMap((t) => (t.partitionOf ? [t.partitionOf] : [])));
  const leaves = report.tables.filter((t) => !parents.has(t.name));
  const deleting = leaves.filter((t) => t.deleted > 0);
  const deleted = deleting.reduce((n, t) => n + (t.productionRows !== null && t.rowsBefore > 0 ? Math.round((t.deleted / t.rowsBefore) * t.productionRows) : t.deleted), 0);
  if (deleting.length > 0) {
    const cascade = deleting.filter((t) => t.collateral).length;
    parts.push(`would delete ≈${fmt(deleted)} rows in production across ${deleting.length} table${deleting.length === 1 ? '' : 's'}${cascade > 0 ? ` (${cascade} of them by cascade or trigger)` : ''}`);
  }
  const updated = leaves.reduce((n, t) => n + t.updated, 0);
  const inserted = leaves.reduce((n, t) => n + t.inserted, 0);
  if (updated > 0) parts.push(`update ${fmt(updated)} rows`);
  if (inserted > 0) parts.push(`insert ${fmt(inserted)} rows`);
  if (report.schemaChanges.length > 0) parts.push(`make ${report.schemaChanges.length} schema change${report.schemaChanges.length === 1 ? '' : 's'}`);
  const effect = parts.length > 0 ? parts.join(', ') : 'would change no rows and no schema';
  return failed ? `the operation FAILS in the sandbox at ${failed.error?.at ?? `${failed.file}:${failed.line}`}; net effect: ${effect}` : effect;
}

export function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

export function verdictLine(report: Report): string {
  if (report.errors.length > 0) return 'ERROR: the gate could not judge (fail closed)';
  const broken = report.rules.filter((r) => !r.ok).length;
  return report.verdict === 'pass' ? `PASS: all ${report.rules.length} rules hold` : `FAIL: ${broken} of ${report.rules.length} rules broken`;
}
