import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { configFromObject } from '../../src/config/resolve-config.js';
import type { ResolvedConfig, UserConfig } from '../../src/config/config-schema.js';
import type { Report, ReportStatement } from '../../src/report/report-schema.js';
import { testBinDir } from '../helpers/bin-dir.js';
import type { TableTruth } from '../helpers/ground-truth.js';
import { createTestDb, type TestDb } from '../helpers/test-db.js';

const opsDir = fileURLToPath(new URL('../fixtures/ops/', import.meta.url));

/** Absolute path of a file of test/fixtures/ops/<name>/. */
export function fixturePath(name: string, file = 'op.sql'): string {
  return `${opsDir}${name}/${file}`;
}

/** A fresh source database loaded with the case's schema.sql. */
export async function createFixtureDb(name: string): Promise<TestDb> {
  return createTestDb(await readFile(fixturePath(name, 'schema.sql'), 'utf8'));
}

/** The config every replay test uses: copy mode (test data only), the Debian server binaries when present. */
export function replayConfig(sourceUrl: string, config: Pick<UserConfig, 'policy' | 'invariants'> = {}): ResolvedConfig {
  const binDir = testBinDir();
  return configFromObject({ data: { mode: 'copy' }, sandbox: binDir ? { binDir } : {}, ...config }, { sourceUrl });
}

/** The report's per-table counts in the shape of the ground truth, sorted by name. */
export function tableCounts(report: Report): TableTruth[] {
  return report.tables
    .map(({ name, rowsBefore, rowsAfter, inserted, updated, deleted }) => ({ name, rowsBefore, rowsAfter, inserted, updated, deleted }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What a statement was classified as and how it ended: the fields a reader of the report acts on. */
export function statementFacts(statement: ReportStatement): Pick<ReportStatement, 'kind' | 'tables' | 'hasWhere' | 'irreversible' | 'status'> {
  const { kind, tables, hasWhere, irreversible, status } = statement;
  return { kind, tables, hasWhere, irreversible, status };
}

export function collateralByTable(report: Report): Record<string, boolean> {
  return Object.fromEntries(report.tables.map((t) => [t.name, t.collateral]));
}
