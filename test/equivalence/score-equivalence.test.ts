import { describe, expect, it } from 'vitest';
import { compareProfiles, expectationFor } from '../../src/equivalence/compare-profiles.js';
import { equivalenceLine } from '../../src/equivalence/equivalence-line.js';
import { equivalenceSchema } from '../../src/equivalence/equivalence-schema.js';
import { scoreEquivalence } from '../../src/equivalence/score-equivalence.js';
import type { ColumnProfile, TableProfile } from '../../src/snapshot/manifest.js';

// Pure comparisons of plain profiles; check-equivalence.test.ts measures real sandboxes.

const column = (p: Partial<ColumnProfile>): ColumnProfile => ({ source: 'pg_stats', exact: false, nullFraction: 0, distinct: 0, averageWidth: 4, ...p });
const table = (rows: number, columns: Record<string, ColumnProfile>): TableProfile => ({ rows, columns });

/** Production: 1,000 orders with a unique id, three statuses (half of them 'paid'), and a tenth of notes NULL. */
const production = {
  tables: {
    'public.orders': table(1000, {
      id: column({ distinct: -1 }),
      status: column({ distinct: 3, mostCommon: { values: ['paid', 'new', 'shipped'], frequencies: [0.5, 0.3, 0.2] } }),
      note: column({ nullFraction: 0.1, distinct: -0.45 }),
    }),
    'public.events': { rows: 40 }, // a partitioned table: no columns of its own
  },
};

const sandboxOf = (rows: number, overrides: Record<string, Partial<ColumnProfile>> = {}) => ({
  tables: {
    'public.orders': table(rows, {
      id: column({ distinct: -1, ...overrides.id }),
      status: column({ distinct: 3, mostCommon: { values: ['paid', 'new', 'shipped'], frequencies: [0.5, 0.3, 0.2] }, ...overrides.status }),
      note: column({ nullFraction: 0.1, distinct: -0.45, ...overrides.note }),
    }),
  },
});

describe('scoreEquivalence of compared profiles', () => {
  it('expects production rows times the scale in synthetic mode, and scores a sandbox of that size 1', () => {
    const expectation = expectationFor('synthetic', { scale: 0.1 });
    const eq = scoreEquivalence(compareProfiles(production, sandboxOf(100), expectation), expectation);
    expect(equivalenceSchema.parse(eq)).toEqual(eq);
    expect(eq.tables).toEqual([
      {
        table: 'public.orders',
        expectedRows: 100,
        rows: 100,
        ratio: 1,
        score: 1,
        columns: [
          { column: 'id', nullFractionDelta: 0, distinctRatio: 1, mcvOverlap: null, score: 1 },
          { column: 'status', nullFractionDelta: 0, distinctRatio: 1, mcvOverlap: 1, score: 1 },
          { column: 'note', nullFractionDelta: 0, distinctRatio: 1, mcvOverlap: null, score: 1 },
        ],
      },
    ]);
    expect(equivalenceLine(eq)).toBe('equivalence: score 1.00 · rows ×1.00 (scale 0.1) · 0 columns off');
  });

  it('ignores the scale outside synthetic mode', () => {
    expect(expectationFor('copy', { scale: 0.1 })).toEqual({ mode: 'copy', scale: 1, subset: false });
    expect(expectationFor('anonymized', { scale: 3, subset: { roots: [] } })).toEqual({ mode: 'anonymized', scale: 1, subset: true });
  });

  it('reports a subset at its size without scoring the size, and compares column shapes at the rows it has', () => {
    const expectation = expectationFor('anonymized', { scale: 1, subset: { roots: [{ table: 'public.orders', fraction: 0.2 }] } });
    const eq = scoreEquivalence(compareProfiles(production, sandboxOf(200), expectation), expectation);
    expect(eq.tables[0]).toMatchObject({ expectedRows: 1000, rows: 200, ratio: 0.2, score: 1 });
    expect(eq.tables[0]!.columns.map((c) => c.distinctRatio)).toEqual([1, 1, 1]);
    expect(eq.summary).toMatchObject({ score: 1, rowsRatio: 0.2, columnsOff: 0, worst: [] });
    expect(equivalenceLine(eq)).toBe('equivalence: score 1.00 · rows ×0.20 (subset) · 0 columns off');
  });

  it('turns each deviation into its measure, its score and a worst list, worst first', () => {
    const expectation = expectationFor('synthetic', { scale: 1 });
    const sandbox = sandboxOf(1000, {
      status: { distinct: 6, mostCommon: { values: ['paid', 'refunded', 'new'], frequencies: [0.2, 0.2, 0.3] } },
      note: { nullFraction: 0.3 },
    });
    const eq = scoreEquivalence(compareProfiles(production, sandbox, expectation), expectation);
    const [id, status, note] = eq.tables[0]!.columns;
    expect(id).toEqual({ column: 'id', nullFractionDelta: 0, distinctRatio: 1, mcvOverlap: null, score: 1 });
    // paid: min(0.5, 0.2) + new: min(0.3, 0.3) + shipped: 0, over 1.0
    expect(status).toEqual({ column: 'status', nullFractionDelta: 0, distinctRatio: 2, mcvOverlap: 0.5, score: round((1 + 0.5 + 0.5) / 3) });
    expect(note).toEqual({ column: 'note', nullFractionDelta: 0.2, distinctRatio: 1, mcvOverlap: null, score: round((0.8 + 1) / 2) });
    // the table: mean of rows (1) and its columns' mean; one table, so the summary is the table's
    const tableScore = round((1 + (1 + (1 + 0.5 + 0.5) / 3 + 0.9) / 3) / 2);
    expect(eq.tables[0]!.score).toBe(tableScore);
    expect(eq.summary).toEqual({
      score: tableScore,
      tables: 1,
      columns: 3,
      rowsRatio: 1,
      columnsOff: 2,
      worst: [
        { table: 'public.orders', column: 'status', metric: 'distinct', value: 2, score: 0.5 },
        { table: 'public.orders', column: 'status', metric: 'mcv', value: 0.5, score: 0.5 },
        { table: 'public.orders', column: 'note', metric: 'nullFraction', value: 0.2, score: 0.8 },
      ],
    });
    expect(equivalenceLine(eq)).toBe(`equivalence: score ${tableScore.toFixed(2)} · rows ×1.00 · 2 columns off (worst: public.orders.status distinct ×2.00)`);
  });

  it('compares the frequency shape of a masked column, whose values the profile does not hold', () => {
    const masked = {
      tables: {
        'public.users': table(100, { email: column({ distinct: -0.5, masked: true, mostCommon: { frequencies: [0.04, 0.02, 0.02] } }) }),
      },
    };
    const sandbox = {
      tables: {
        'public.users': table(100, { email: column({ distinct: -0.5, mostCommon: { values: ['a@x.test', 'b@x.test'], frequencies: [0.02, 0.02] } }) }),
      },
    };
    const expectation = expectationFor('anonymized', { scale: 1 });
    const eq = scoreEquivalence(compareProfiles(masked, sandbox, expectation), expectation);
    // rank by rank: min(0.04, 0.02) + min(0.02, 0.02) + min(0.02, nothing) over 0.08
    expect(eq.tables[0]!.columns[0]).toMatchObject({ column: 'email', masked: true, mcvOverlap: 0.5, distinctRatio: 1 });
  });

  it('leaves out what cannot be measured, and names rows where none were expected', () => {
    const expectation = expectationFor('copy', { scale: 1 });
    const empty = { tables: { 'public.t': table(0, { a: column({}) }) } };
    const filled = { tables: { 'public.t': table(5, {}) } };
    const eq = scoreEquivalence(compareProfiles(empty, filled, expectation), expectation);
    expect(eq.tables[0]).toMatchObject({ expectedRows: 0, rows: 5, ratio: null, score: 0, columns: [{ column: 'a', nullFractionDelta: null, distinctRatio: null, mcvOverlap: null, score: null }] });
    expect(eq.summary).toMatchObject({ score: 0, rowsRatio: null, columns: 0, worst: [{ table: 'public.t', column: null, metric: 'rows', value: null, score: 0 }] });
    expect(equivalenceLine(eq)).toBe('equivalence: score 0.00 · rows where none were expected · 0 columns off (worst: public.t rows where none were expected)');

    const nothing = scoreEquivalence(compareProfiles({ tables: {} }, { tables: {} }, expectation), expectation);
    expect(nothing.summary).toEqual({ score: 1, tables: 0, columns: 0, rowsRatio: 1, columnsOff: 0, worst: [] });
  });
});

const round = (n: number) => Math.round(n * 1e4) / 1e4;
