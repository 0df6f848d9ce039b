import { describe, expect, it } from 'vitest';
import { checkEquivalence, type EquivalenceInput } from '../../src/equivalence/check-equivalence.js';
import { equivalenceLine } from '../../src/equivalence/equivalence-line.js';
import type { Equivalence } from '../../src/equivalence/equivalence-schema.js';
import type { SourceProfile } from '../../src/source/collect-stats.js';
import { createTestDb } from '../helpers/test-db.js';
import { copyConfig, equivalenceSourceSql, provisionClone, type ProvisionedClone } from './equivalence-helpers.js';

const leaves = ['public.customers', 'public.orders', 'public.archived', 'public.events_2024', 'public.events_2025'];

function inputOf(clone: ProvisionedClone, production: SourceProfile = clone.origin.profile): EquivalenceInput {
  return { model: clone.origin.model, production, mode: clone.origin.data.mode, data: { scale: 1 }, rows: clone.provisioned.loaded.rowsLoaded };
}

function expectAsProduction(eq: Equivalence): void {
  expect(eq.tables.map((t) => t.table).sort()).toEqual([...leaves].sort());
  for (const t of eq.tables) {
    expect(t.ratio, t.table).toBe(1);
    expect(t.rows, t.table).toBe(t.expectedRows);
    for (const c of t.columns) {
      const at = `${t.table}.${c.column}`;
      if (c.nullFractionDelta !== null) expect(Math.abs(c.nullFractionDelta), at).toBeLessThanOrEqual(1e-4);
      if (c.distinctRatio !== null) expect(c.distinctRatio, at).toBeCloseTo(1, 3);
      if (c.mcvOverlap !== null) expect(c.mcvOverlap, at).toBeCloseTo(1, 3);
    }
  }
  expect(eq.summary).toMatchObject({ score: 1, rowsRatio: 1, columnsOff: 0, worst: [], tables: leaves.length });
}

/** A copy of the profile, for doctoring. */
const copyOf = (profile: SourceProfile): SourceProfile => structuredClone(profile);

describe('the equivalence of a copy-mode clone', () => {
  it('scores 1, with every row ratio 1, against a profile sampled from an unanalysed source', async () => {
    await using db = await createTestDb(equivalenceSourceSql, 'eq');
    await using clone = await provisionClone(copyConfig(db.url));
    const eq = await checkEquivalence(clone.reader, inputOf(clone));
    expectAsProduction(eq);
    // the measures were taken, not skipped: every column of a non-empty table has all it can have
    const customers = eq.tables.find((t) => t.table === 'public.customers')!;
    expect(customers.columns.find((c) => c.column === 'country')).toMatchObject({ nullFractionDelta: 0, distinctRatio: 1, mcvOverlap: 1, score: 1 });
    expect(customers.columns.find((c) => c.column === 'email')).toMatchObject({ distinctRatio: 1, mcvOverlap: null });
    expect(eq.summary.columns).toBe(17); // customers 7, orders 4, two partitions 3 each; the empty table has no statistics
    expect(equivalenceLine(eq)).toBe('equivalence: score 1.00 · rows ×1.00 · 0 columns off');
  });

  it("scores 1 against production's own pg_stats, printed in another time zone than the sandbox's", async () => {
    await using db = await createTestDb(equivalenceSourceSql, 'eq');
    await db.query(`ALTER DATABASE ${db.name} SET timezone TO 'Pacific/Chatham'`);
    await db.query('ANALYZE');
    await using clone = await provisionClone(copyConfig(db.url));
    const signedUp = clone.origin.profile.tables['public.customers']!.columns!.signed_up!;
    expect(signedUp.source).toBe('pg_stats');
    // production's values carry its +12:45/+13:45 offset; the sandbox prints its own
    expect(signedUp.mostCommon!.values!.every((v) => /\+1[23]:45$/.test(v))).toBe(true);
    const [{ TimeZone: sandboxZone } = { TimeZone: '' }] = await clone.reader.query<{ TimeZone: string }>('SHOW timezone');
    expect(sandboxZone).not.toBe('Pacific/Chatham');

    expectAsProduction(await checkEquivalence(clone.reader, inputOf(clone)));
  });

  it('shows each deviation of a sandbox that differs from the profile, and scores it below 1', async () => {
    await using db = await createTestDb(equivalenceSourceSql, 'eq');
    await using clone = await provisionClone(copyConfig(db.url));
    const production = copyOf(clone.origin.profile);
    const customers = production.tables['public.customers']!;
    const orders = production.tables['public.orders']!;
    // production "has" twice the customers, fewer NULL tiers, three times the statuses and no German customers
    customers.rows = 1200;
    customers.columns!.tier!.nullFraction = 0.1;
    orders.columns!.status!.distinct = 15;
    const country = customers.columns!.country!.mostCommon!;
    const de = country.values!.indexOf('DE');
    expect(de).toBeGreaterThanOrEqual(0);
    country.values![de] = 'XX';
    // a masked column: production's values are gone from the profile, its frequencies stay
    const note = orders.columns!.note!;
    note.mostCommon = { frequencies: note.mostCommon!.frequencies };
    note.masked = true;

    const eq = await checkEquivalence(clone.reader, inputOf(clone, production));
    const table = (name: string) => eq.tables.find((t) => t.table === name)!;
    const column = (name: string, col: string) => table(name).columns.find((c) => c.column === col)!;

    // ground truth from the data the sandbox holds: 600 customers, a third of tiers NULL, 4 statuses, 360 of 600 in DE
    expect(table('public.customers')).toMatchObject({ expectedRows: 1200, rows: 600, ratio: 0.5 });
    expect(column('public.customers', 'tier').nullFractionDelta).toBeCloseTo(200 / 600 - 0.1, 3);
    expect(column('public.orders', 'status').distinctRatio).toBeCloseTo(4 / 15, 3);
    const total = country.frequencies.reduce((a, b) => a + b, 0);
    expect(column('public.customers', 'country').mcvOverlap).toBeCloseTo((total - 360 / 600) / total, 3);
    expect(column('public.orders', 'note')).toMatchObject({ masked: true, mcvOverlap: 1, nullFractionDelta: 0 });
    // what was not doctored still matches
    expect(table('public.orders').ratio).toBe(1);
    expect(column('public.customers', 'country')).toMatchObject({ nullFractionDelta: 0, distinctRatio: 1 });
    // a unique column's distinct count scales with the rows: production's twice the customers have twice the emails
    expect(column('public.customers', 'email')).toMatchObject({ nullFractionDelta: 0, distinctRatio: 0.5, mcvOverlap: null, score: 0.75 });

    expect(eq.summary.score).toBeLessThan(0.95);
    expect(eq.summary.score).toBeGreaterThan(0.5);
    expect(eq.summary.columnsOff).toBe(5); // tier, country, status, and the unique id and email
    expect(eq.summary.rowsRatio).toBeCloseTo(4000 / 4600, 3);
    expect(eq.summary.worst.map((d) => `${d.table}${d.column ? `.${d.column}` : ''} ${d.metric}`)).toEqual([
      'public.orders.status distinct',
      'public.customers.country mcv',
      'public.customers rows',
      'public.customers.email distinct',
      'public.customers.id distinct',
    ]);
    // the sixth is left out of the five shown, not out of the table
    expect(column('public.customers', 'tier').score).toBeLessThan(1);
    expect(equivalenceLine(eq)).toMatch(/^equivalence: score 0\.\d\d · rows ×0\.87 · 5 columns off \(worst: public\.orders\.status distinct ×0\.27\)$/);
  });
});
