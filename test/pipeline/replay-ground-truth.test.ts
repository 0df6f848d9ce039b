import { beforeAll, describe, expect, it } from 'vitest';
import { readOperation } from '../../src/pipeline/operation.js';
import { replay } from '../../src/pipeline/replay.js';
import type { Report } from '../../src/report/report-schema.js';
import { groundTruth, type GroundTruth } from '../helpers/ground-truth.js';
import { collateralByTable, createFixtureDb, fixturePath, replayConfig, statementFacts, tableCounts } from './fixture-cases.js';

// Every case replays test/fixtures/ops/<case>/op.sql once through the tool, and once with psql on a plain copy of
// the same source: the report's counts must be the ones psql's run produced, counted by DESIGN.md's conventions.

interface Replayed {
  report: Report;
  truth: GroundTruth;
}

async function replayCase(name: string, opFile = 'op.sql'): Promise<Replayed> {
  await using db = await createFixtureDb(name);
  const op = fixturePath(name, opFile);
  const truth = await groundTruth(db, [op]);
  const report = await replay(await readOperation([op]), replayConfig(db.url));
  return { report, truth };
}

describe('a DELETE with a WHERE on a table that nothing references', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('scoped-delete');
  });

  it('reports exactly the rows that psql deleted on a copy of the source', () => {
    expect(run.report.errors).toEqual([]);
    expect(run.truth.tables.map((t) => t.name)).toEqual(['public.events']);
    expect(tableCounts(run.report)).toEqual(run.truth.tables);
  });

  it('lists the named table as not collateral and classifies the DELETE as scoped and irreversible', () => {
    expect(collateralByTable(run.report)).toEqual({ 'public.events': false });
    expect(run.report.operation.statements.map(statementFacts)).toEqual([
      { kind: 'DELETE', tables: ['public.events'], hasWhere: true, irreversible: true, status: 'ok' },
    ]);
    expect(run.report.operation.statements[0]?.rowCount).toBe(run.truth.tables[0]?.deleted);
  });
});

describe('a DELETE that cascades two levels deep and sets a reference to NULL', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('delete-cascade');
  });

  it('counts the cascaded deletes and the nulled references as psql saw them', () => {
    expect(run.report.errors).toEqual([]);
    expect(run.truth.tables.map((t) => t.name)).toEqual(['public.customers', 'public.order_items', 'public.orders', 'public.support_tickets']);
    expect(tableCounts(run.report)).toEqual(run.truth.tables);
  });

  it('marks orders, order_items and support_tickets as collateral and customers, which the DELETE names, as not', () => {
    expect(collateralByTable(run.report)).toEqual({
      'public.customers': false,
      'public.orders': true,
      'public.order_items': true,
      'public.support_tickets': true,
    });
    expect(run.report.operation.statements.map(statementFacts)).toEqual([
      { kind: 'DELETE', tables: ['public.customers'], hasWhere: true, irreversible: true, status: 'ok' },
    ]);
  });
});

describe('an UPDATE without WHERE where some rows already hold the new value', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('update-without-where');
  });

  it('counts as updated only the rows whose stored values changed', () => {
    expect(run.report.errors).toEqual([]);
    const [products] = run.truth.tables;
    expect(products?.name).toBe('public.products');
    expect(products?.updated).toBeGreaterThan(0);
    expect(products?.updated).toBeLessThan(products?.rowsBefore ?? 0);
    expect(tableCounts(run.report)).toEqual(run.truth.tables);
  });

  it('classifies the UPDATE as unscoped and irreversible, and its row count is every row it touched', () => {
    expect(run.report.operation.statements.map(statementFacts)).toEqual([
      { kind: 'UPDATE', tables: ['public.products'], hasWhere: false, irreversible: true, status: 'ok' },
    ]);
    expect(run.report.operation.statements[0]?.rowCount).toBe(run.truth.tables[0]?.rowsBefore);
    expect(collateralByTable(run.report)).toEqual({ 'public.products': false });
  });
});

describe('an UPDATE on a table with a BEFORE trigger that rewrites a column and an AFTER trigger that writes an audit table', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('trigger-side-effects');
  });

  it('counts the trigger-rewritten rows as updated and the audit rows as inserted', () => {
    expect(run.report.errors).toEqual([]);
    expect(run.truth.tables.map((t) => t.name)).toEqual(['public.account_audit', 'public.accounts']);
    expect(tableCounts(run.report)).toEqual(run.truth.tables);
  });

  it('marks the audit table as collateral and the updated table as not', () => {
    expect(collateralByTable(run.report)).toEqual({ 'public.account_audit': true, 'public.accounts': false });
    expect(run.report.operation.statements.map(statementFacts)).toEqual([
      { kind: 'UPDATE', tables: ['public.accounts'], hasWhere: true, irreversible: false, status: 'ok' },
    ]);
  });
});

describe('an operation in autocommit whose fourth statement breaks a constraint', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('errors-half-way');
  });

  it('keeps the work of the statements before the error, as psql does', () => {
    expect(run.report.errors).toEqual([]);
    expect(run.truth.opFailed).toBe(true);
    expect(run.truth.tables.map((t) => t.name)).toEqual(['public.stock', 'public.warehouses']);
    expect(tableCounts(run.report)).toEqual(run.truth.tables);
  });

  it('reports the failing statement with its SQLSTATE and skips the rest', () => {
    const statements = run.report.operation.statements;
    expect(statements.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'error', 'skipped', 'skipped']);
    expect(statements[3]?.error).toMatchObject({ sqlstate: expect.stringMatching(/^23/), constraint: 'stock_qty_check' });
    expect(statements.slice(4).map((s) => s.rowCount)).toEqual([null, null]);
  });

  it('places the failing statement on the line where psql reports the error', () => {
    // the failing statement fits on one line, so its first line is the line psql names
    const failed = run.report.operation.statements.find((s) => s.status === 'error');
    expect(run.truth.psqlStderr).toContain(`psql:${failed?.file}:${failed?.line}: ERROR:`);
  });

  it('fails the gate as a finding, not as a tool error', () => {
    expect(run.report.verdict).toBe('fail');
    expect(run.report.errors).toEqual([]);
    expect(run.report.rules.find((r) => r.id === 'operation-succeeded')).toMatchObject({ ok: false, message: expect.stringContaining('23514') });
  });
});

describe('an operation whose failing statement is inside BEGIN … COMMIT', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('errors-half-way', 'op-in-transaction.sql');
  });

  it('changes nothing, because the failed transaction is rolled back', () => {
    expect(run.report.errors).toEqual([]);
    expect(run.truth.opFailed).toBe(true);
    expect(run.truth.tables).toEqual([]);
    expect(tableCounts(run.report)).toEqual([]);
  });

  it('reports the error with its SQLSTATE, skips the COMMIT, and fails the gate', () => {
    const statements = run.report.operation.statements;
    expect(statements.map((s) => `${s.kind} ${s.status}`)).toEqual([
      'BEGIN ok',
      'INSERT ok',
      'UPDATE ok',
      'DELETE ok',
      'INSERT error',
      'DELETE skipped',
      'COMMIT skipped',
    ]);
    expect(statements[4]?.error?.sqlstate).toBe('23505');
    expect(run.report.verdict).toBe('fail');
  });
});

describe('an UPDATE that changes primary key values', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('pk-change');
  });

  it('counts each re-keyed row as one deleted and one inserted, and a relabelled row as updated', () => {
    expect(run.report.errors).toEqual([]);
    const tags = run.truth.tables.find((t) => t.name === 'public.tags');
    expect(tags?.deleted).toBeGreaterThan(0);
    expect(tags?.inserted).toBe(tags?.deleted);
    expect(tags?.updated).toBeGreaterThan(0);
    expect(tableCounts(run.report)).toEqual(run.truth.tables);
  });

  it('marks the table whose keys followed by ON UPDATE CASCADE as collateral', () => {
    expect(collateralByTable(run.report)).toEqual({ 'public.post_tags': true, 'public.tags': false });
    expect(run.report.operation.statements.map(statementFacts)).toEqual([
      { kind: 'UPDATE', tables: ['public.tags'], hasWhere: true, irreversible: false, status: 'ok' },
      { kind: 'UPDATE', tables: ['public.tags'], hasWhere: true, irreversible: false, status: 'ok' },
    ]);
  });
});

describe('a table without a primary key holding duplicate rows', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('no-primary-key');
  });

  it('counts deleted duplicates and changed rows by whole-row value', () => {
    expect(run.report.errors).toEqual([]);
    const [logLines] = run.truth.tables;
    expect(logLines).toMatchObject({ name: 'public.log_lines', updated: 0 });
    expect(logLines?.deleted).toBeGreaterThan(logLines?.inserted ?? 0);
    expect(tableCounts(run.report)).toEqual(run.truth.tables);
  });

  it('classifies the self-joined DELETE as scoped, naming the table once', () => {
    expect(run.report.operation.statements.map(statementFacts)).toEqual([
      { kind: 'DELETE', tables: ['public.log_lines'], hasWhere: true, irreversible: true, status: 'ok' },
      { kind: 'UPDATE', tables: ['public.log_lines'], hasWhere: true, irreversible: false, status: 'ok' },
    ]);
    expect(collateralByTable(run.report)).toEqual({ 'public.log_lines': false });
  });
});

describe('an operation that ends with ROLLBACK', () => {
  let run: Replayed;
  beforeAll(async () => {
    run = await replayCase('rolled-back');
  });

  it('changes nothing although its statements ran', () => {
    expect(run.report.errors).toEqual([]);
    expect(run.truth.tables).toEqual([]);
    expect(tableCounts(run.report)).toEqual([]);
    expect(run.report.operation.statements.map((s) => `${s.kind} ${s.status}`)).toEqual(['BEGIN ok', 'DELETE ok', 'UPDATE ok', 'ROLLBACK ok']);
    expect(run.report.operation.statements[1]?.rowCount).toBeGreaterThan(0);
  });

  it('passes the default gate', () => {
    expect(run.report.verdict).toBe('pass');
  });
});

describe('a DELETE on a range-partitioned table that hits two of its three partitions', () => {
  let run: Replayed;
  const parent = 'public.measurements';
  beforeAll(async () => {
    run = await replayCase('partitioned');
  });

  it('reports each changed partition with the counts psql produced', () => {
    expect(run.report.errors).toEqual([]);
    expect(run.truth.tables.map((t) => t.name)).toEqual([parent, 'public.measurements_2024_q1', 'public.measurements_2024_q2']);
    const partitions = (tables: { name: string }[]) => tables.filter((t) => t.name !== parent);
    expect(partitions(tableCounts(run.report))).toEqual(partitions(run.truth.tables));
  });

  it('reports the partitioned parent as the sum of its partitions', () => {
    const counts = tableCounts(run.report);
    const reportedParent = counts.find((t) => t.name === parent);
    // rowsBefore and rowsAfter include the untouched third partition, which is not listed
    expect(reportedParent).toEqual(run.truth.tables.find((t) => t.name === parent));
    const changed = counts.filter((t) => t.name !== parent);
    for (const key of ['inserted', 'updated', 'deleted'] as const) {
      expect(reportedParent?.[key], key).toBe(changed.reduce((n, t) => n + t[key], 0));
    }
  });

  it('does not mark the partitions as collateral, because the DELETE names their parent', () => {
    expect(collateralByTable(run.report)).toEqual({
      [parent]: false,
      'public.measurements_2024_q1': false,
      'public.measurements_2024_q2': false,
    });
    expect(run.report.operation.statements.map(statementFacts)).toEqual([
      { kind: 'DELETE', tables: [parent], hasWhere: true, irreversible: true, status: 'ok' },
    ]);
  });
});
