import { describe, expect, it } from 'vitest';
import { statsSchema } from '../../src/snapshot/manifest.js';
import { collectStats, type CollectStatsOptions, type SourceProfile } from '../../src/source/collect-stats.js';
import { connectReadOnly } from '../../src/source/connect-read-only.js';
import { introspect } from '../../src/source/introspect.js';
import { createReadOnlyRole, createTestDb, type TestDb } from '../helpers/test-db.js';

/*
 * customers: analysed by the test (pg_stats path). orders and events: autovacuum off and never analysed, so the
 * profile has to sample them. orders is skewed: customers 1-3 have 900 of its 1,000 keyed rows.
 */
const schema = `
CREATE TABLE customers (id int PRIMARY KEY, country text NOT NULL, nickname text);
INSERT INTO customers SELECT g, CASE WHEN g % 10 < 5 THEN 'NL' WHEN g % 10 < 8 THEN 'DE' ELSE 'FR' END,
                             CASE WHEN g % 4 = 0 THEN NULL ELSE 'nick-' || g END
  FROM generate_series(1, 1000) g;

CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id), amount numeric(8,2)) WITH (autovacuum_enabled = false);
INSERT INTO orders SELECT g, CASE WHEN g <= 600 THEN 1 WHEN g <= 800 THEN 2 WHEN g <= 900 THEN 3 ELSE g - 900 + 3 END, g % 50
  FROM generate_series(1, 1000) g;
INSERT INTO orders SELECT g, NULL, 1 FROM generate_series(1001, 1020) g;

CREATE TABLE events (id int, kind text, note text, score int) WITH (autovacuum_enabled = false);
INSERT INTO events SELECT g, (ARRAY['click', 'view', 'view', 'buy'])[g % 4 + 1], CASE WHEN g % 5 = 0 THEN NULL ELSE 'n' || (g % 7) END, g
  FROM generate_series(1, 5000) g;

CREATE TABLE measurements (at date NOT NULL, value int) PARTITION BY RANGE (at);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') WITH (autovacuum_enabled = false);
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') WITH (autovacuum_enabled = false);
INSERT INTO measurements SELECT DATE '2024-01-01' + g, g FROM generate_series(0, 499) g;
`;

async function profileOf(url: string, options: CollectStatsOptions = {}): Promise<SourceProfile> {
  await using source = await connectReadOnly(url);
  const model = await introspect(source, source);
  return await collectStats(source, model, options);
}

async function analysedSource(): Promise<TestDb> {
  const db = await createTestDb(schema);
  // the test may analyse; the code under test never does
  await db.query('ANALYZE customers');
  return db;
}

describe('collectStats', () => {
  it('counts rows exactly below the threshold and matches count(*) on every table', async () => {
    await using db = await analysedSource();
    const profile = await profileOf(db.url);
    const rows = Object.fromEntries(Object.entries(profile.tables).map(([name, t]) => [name, { rows: t.rows, exact: t.exact }]));
    expect(rows).toEqual({
      'public.customers': { rows: 1000, exact: true },
      'public.orders': { rows: 1020, exact: true },
      'public.events': { rows: 5000, exact: true },
      'public.measurements': { rows: 500, exact: true },
      'public.measurements_2024': { rows: 366, exact: true },
      'public.measurements_2025': { rows: 134, exact: true },
    });
    expect(profile.tables['public.measurements_2024']?.partitionOf).toBe('public.measurements');
    expect(profile.tables['public.measurements']?.columns).toBeUndefined();
    expect(() => statsSchema.parse(profile)).not.toThrow();
  });

  it('estimates instead of counting above the threshold, from reltuples or from the density of a bounded count', async () => {
    await using db = await analysedSource();
    const profile = await profileOf(db.url, { exactBelow: 1000 });
    // analysed: the planner's estimate, which for a freshly analysed table is the count
    expect(profile.tables['public.customers']).toMatchObject({ rows: 1000, exact: false });
    // never analysed: 1,000 rows counted, then scaled by the pages they came from
    const events = profile.tables['public.events']!;
    expect(events.exact).toBe(false);
    expect(events.rows).toBeGreaterThan(4000);
    expect(events.rows).toBeLessThan(6000);
  });

  it('takes null fraction, distinct count and most-common values from pg_stats when the table was analysed', async () => {
    await using db = await analysedSource();
    const { columns } = (await profileOf(db.url)).tables['public.customers']!;
    expect(columns?.country).toMatchObject({ source: 'pg_stats', nullFraction: 0, distinct: 3, mostCommon: { values: ['NL', 'DE', 'FR'], frequencies: [0.5, 0.3, 0.2] } });
    expect(columns?.nickname).toMatchObject({ source: 'pg_stats', nullFraction: 0.25, distinct: -0.75 });
    expect(columns?.nickname?.histogram?.bounds?.length).toBeGreaterThan(2);
    expect(columns?.id).toMatchObject({ distinct: -1 });
  });

  it('samples a table without statistics, exactly when it is small, and never analyses it', async () => {
    await using db = await analysedSource();
    const profile = await profileOf(db.url);
    const events = profile.tables['public.events']!;
    expect(events.sampledRows).toBe(5000);
    expect(events.columns?.kind).toEqual({
      source: 'sample',
      exact: true,
      nullFraction: 0,
      distinct: 3,
      averageWidth: expect.any(Number),
      mostCommon: { values: ['view', 'buy', 'click'], frequencies: [0.5, 0.25, 0.25] },
    });
    expect(events.columns?.note).toMatchObject({ source: 'sample', exact: true, nullFraction: 0.2, distinct: 7 });
    // unique: -1, and a histogram from the lowest to the highest value
    expect(events.columns?.score).toMatchObject({ distinct: -1, histogram: { buckets: 100 } });
    expect(events.columns?.score?.histogram?.bounds?.[0]).toBe('1');
    expect(events.columns?.score?.histogram?.bounds?.at(-1)).toBe('5000');
    expect(await db.query("SELECT count(*)::int AS n FROM pg_stats WHERE tablename IN ('events', 'orders')")).toEqual([{ n: 0 }]);
  });

  it('reads a bounded sample of a table above the sample size, and estimates from it', async () => {
    await using db = await analysedSource();
    const events = (await profileOf(db.url, { sampleRows: 1000 })).tables['public.events']!;
    expect(events.sampledRows).toBeLessThanOrEqual(1000);
    expect(events.columns?.note).toMatchObject({ source: 'sample', exact: false });
    expect(events.columns?.note?.nullFraction).toBeCloseTo(0.2, 1);
    expect(events.columns?.kind?.distinct).toBe(3);
    // all distinct in the sample: unique, as ANALYZE would conclude
    expect(events.columns?.score?.distinct).toBe(-1);
  });

  it('measures the fan-out of a skewed foreign key: a few parents with most children', async () => {
    await using db = await analysedSource();
    const profile = await profileOf(db.url);
    expect(profile.foreignKeys).toEqual([
      {
        name: 'public.orders.orders_customer_id_fkey',
        table: 'public.orders',
        columns: ['customer_id'],
        references: 'public.customers',
        referencedColumns: ['id'],
        exact: true,
        nullFraction: 20 / 1020,
        referencedParents: 103,
        childlessParents: 897,
        min: 1,
        max: 600,
        mean: Math.round((1000 / 103) * 1e6) / 1e6,
        quantiles: { p50: 1, p90: 1, p99: 200 },
      },
    ]);
  });

  it('samples the child table for the fan-out above the threshold, and still sees the skew', async () => {
    await using db = await analysedSource();
    const [fanout] = (await profileOf(db.url, { exactBelow: 500, fanoutSampleRows: 400 })).foreignKeys;
    expect(fanout).toMatchObject({ exact: false, name: 'public.orders.orders_customer_id_fkey' });
    expect(fanout!.max).toBeGreaterThan(fanout!.quantiles.p50 * 10);
    expect(fanout!.referencedParents).toBeLessThanOrEqual(1000);
    expect(fanout!.mean).toBeGreaterThan(1);
  });

  it('works with a role that has only CONNECT and SELECT, inside the read-only transaction', async () => {
    await using db = await analysedSource();
    const readOnly = await createReadOnlyRole(db);
    const asOwner = await profileOf(db.url);
    const asReader = await profileOf(readOnly);
    expect(asReader).toEqual(asOwner);
  });
});
