import { describe, expect, it } from 'vitest';
import { headline } from '../../src/report/headline.js';
import { reportWith, table } from '../helpers/report-builder.js';

// The headline is the sentence a reviewer reads first: production's numbers, not the sandbox's, and the cascade named.

describe('headline', () => {
  it('counts deletions in production rows across the tables, naming how many a cascade reached', () => {
    // a sandbox at a tenth of production's size: 2 of 10 users are 200 of production's 1,000
    const report = reportWith([
      table('public.users', { rowsBefore: 10, deleted: 2, productionRows: 1000 }),
      table('public.orders', { rowsBefore: 40, deleted: 8, productionRows: 4000, collateral: true }),
    ]);
    expect(headline(report)).toBe('would delete ≈1,000 rows in production across 2 tables (1 of them by cascade or trigger)');
  });

  it('scales updates and inserts the same way, and says "in production" once', () => {
    expect(headline(reportWith([table('public.users', { rowsBefore: 10, updated: 1, productionRows: 500 })]))).toBe('would update ≈50 rows in production');
    expect(headline(reportWith([table('public.users', { deleted: 1, updated: 2 })]))).toBe('would delete ≈1 row in production across 1 table, update ≈2 rows');
  });

  it('counts a partitioned table by its partitions only', () => {
    const report = reportWith([
      table('public.events', { rowsBefore: 20, deleted: 4, productionRows: 20 }),
      table('public.events_2026', { rowsBefore: 10, deleted: 4, productionRows: 10, partitionOf: 'public.events' }),
    ]);
    expect(headline(report)).toBe('would delete ≈4 rows in production across 1 table');
  });

  it('keeps the raw count where production had no rows to scale by', () => {
    expect(headline(reportWith([table('public.audit', { rowsBefore: 0, inserted: 3, productionRows: 0 })]))).toBe('would insert ≈3 rows in production');
  });

  it('says so when nothing changes', () => {
    expect(headline(reportWith([]))).toBe('would change no rows and no schema');
  });
});
