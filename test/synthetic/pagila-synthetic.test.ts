import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPsqlFiles } from '../clone/clone-helpers.js';
import { adminUrl, createTestDb, withClient, type TestDb } from '../helpers/test-db.js';
import { constraintStates, dataDigest, measureShapes, syntheticSandbox, type TableShape } from './synthetic-helpers.js';
import { sharedFixture } from '../helpers/shared-fixtures.js';

const pagila = sharedFixture('pagila');

describe('synthetic mode on Pagila (profile only: no row of production is read)', () => {
  let db: TestDb;
  let production: Map<string, TableShape>;
  let dropRole = false;

  beforeAll(async () => {
    // Pagila's schema is a pg_dump that hands every object to the role postgres
    dropRole = await withClient(adminUrl(), async (c) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = 'postgres'")).rowCount === 0);
    if (dropRole) await withClient(adminUrl(), (c) => c.query('CREATE ROLE postgres NOLOGIN'));
    db = await createTestDb('', 'pagila');
    await runPsqlFiles(db.url, [`${pagila}/pagila-schema.sql`, `${pagila}/pagila-data.sql`]);
    await db.query('ANALYZE');
    production = await measureShapes(db.url);
  });

  afterAll(async () => {
    await db?.[Symbol.asyncDispose]();
    if (dropRole) await withClient(adminUrl(), (c) => c.query('DROP ROLE IF EXISTS postgres'));
  });

  it('at scale 1: the same row counts, null fractions within ±0.02, distinct counts within ±10%, every constraint built and valid', async () => {
    await using sandbox = await syntheticSandbox(db.url, { scale: 1 });
    const shapes = await measureShapes(sandbox.sandbox.url);

    const off: string[] = [];
    for (const [table, expected] of production) {
      const actual = shapes.get(table);
      expect(actual, table).toBeDefined();
      if (actual!.rows !== expected.rows) off.push(`${table}: ${actual!.rows} rows, production ${expected.rows}`);
      for (const [column, want] of expected.columns) {
        const got = actual!.columns.get(column)!;
        if (Math.abs(got.nullFraction - want.nullFraction) > 0.02) off.push(`${table}.${column}: null fraction ${got.nullFraction.toFixed(3)}, production ${want.nullFraction.toFixed(3)}`);
        const ratio = want.distinct === 0 ? (got.distinct === 0 ? 1 : Infinity) : got.distinct / want.distinct;
        if (ratio < 0.9 || ratio > 1.1) off.push(`${table}.${column}: ${got.distinct} distinct, production ${want.distinct}`);
      }
    }
    expect(off).toEqual([]);

    const [sourceConstraints, sandboxConstraints] = [await constraintStates(db.url), await constraintStates(sandbox.sandbox.url)];
    expect([...sandboxConstraints.keys()].sort()).toEqual([...sourceConstraints.keys()].sort());
    expect([...sandboxConstraints].filter(([, validated]) => !validated)).toEqual([]);
    expect(sandbox.loaded.fidelity.notReproduced).toEqual([]);
    expect(sandbox.loaded.dataNotes.filter((n) => /left out/.test(n))).toEqual([]);
  });

  it('at scale 0.1: every table has a tenth of its rows (±1%, or one row for the smallest tables), constraints valid, and the same seed gives the same data', async () => {
    await using first = await syntheticSandbox(db.url, { scale: 0.1, seed: 7 });
    const shapes = await measureShapes(first.sandbox.url);
    // a tenth of 16 categories cannot give film_category's 237 rows distinct (film_id, category_id): the generator raises
    // that one parent and says so, instead of dropping rows or repeating a key
    const raised = first.loaded.dataNotes.filter((n) => /rows instead of/.test(n));
    expect(raised).toEqual([expect.stringMatching(/^public\.category: 3 rows instead of 2, so that public\.film_category's unique \(film_id, category_id\)/)]);
    const off: string[] = [];
    for (const [table, expected] of production) {
      if (table === 'public.category') continue;
      const rows = shapes.get(table)!.rows;
      const target = expected.rows * 0.1;
      if (Math.abs(rows - target) > Math.max(1, target * 0.01)) off.push(`${table}: ${rows} rows, a tenth of production is ${target}`);
    }
    expect(off).toEqual([]);
    expect([...(await constraintStates(first.sandbox.url))].filter(([, validated]) => !validated)).toEqual([]);
    expect(first.loaded.fidelity.notReproduced).toEqual([]);

    await using second = await syntheticSandbox(db.url, { scale: 0.1, seed: 7 });
    expect(await dataDigest(second.sandbox.url)).toEqual(await dataDigest(first.sandbox.url));
  });
});
