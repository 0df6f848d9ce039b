import { reportSchema, type Report, type TableEntry } from '../../src/report/report-schema.js';

/** A table entry of report.json: 10 rows before and in production, nothing changed, unless told otherwise. */
export function table(name: string, counts: Partial<TableEntry>): TableEntry {
  return { name, rowsBefore: 10, rowsAfter: 10, inserted: 0, updated: 0, deleted: 0, productionRows: 10, estimatedProductionAffected: 0, collateral: false, partitionOf: null, ...counts };
}

/** A complete, valid report of a passing SQL operation with these tables. */
export function reportWith(tables: TableEntry[], extra: Partial<Report> = {}): Report {
  return reportSchema.parse({
    version: 1,
    verdict: 'pass',
    operation: { kind: 'sql', sha256: '0'.repeat(64), files: ['op.sql'], statements: [] },
    snapshot: { id: 's', createdAt: '2026-12-03T00:00:00Z', dataMode: 'synthetic', source: { serverVersion: '15.8', database: 'prod' } },
    sandbox: null,
    tables,
    schemaChanges: [],
    invariants: [],
    rules: [],
    errors: [],
    warnings: [],
    createdAt: '2026-12-03T00:00:00Z',
    durationMs: 1,
    ...extra,
  });
}
