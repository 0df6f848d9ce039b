import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPsqlFiles } from '../clone/clone-helpers.js';
import { adminUrl, createTestDb, withClient, type TestDb } from '../helpers/test-db.js';
import { cloneSubset, count, foreignKeys, orphans, rows, subsetConfig } from './subset-helpers.js';
import { sharedFixture } from '../helpers/shared-fixtures.js';

const pagila = sharedFixture('pagila');

let db: TestDb;
let madeRole = false;

beforeAll(async () => {
  // Pagila's schema is a pg_dump that hands every object to the role postgres
  const exists = await withClient(adminUrl(), async (c) => (await c.query("SELECT 1 FROM pg_roles WHERE rolname = 'postgres'")).rowCount === 1);
  if (!exists) {
    await withClient(adminUrl(), (c) => c.query('CREATE ROLE postgres NOLOGIN'));
    madeRole = true;
  }
  db = await createTestDb('', 'pagila');
  await runPsqlFiles(db.url, [`${pagila}/pagila-schema.sql`, `${pagila}/pagila-data.sql`]);
});

afterAll(async () => {
  await db?.[Symbol.asyncDispose]();
  if (madeRole) await withClient(adminUrl(), (c) => c.query('DROP ROLE IF EXISTS postgres'));
});

/** Every constraint of the sandbox is there and validated, and no foreign key has an orphan. */
async function expectConstraintsHold(url: string): Promise<void> {
  const constraints = (u: string) => rows<{ contype: string; n: string }>(u, "SELECT contype, count(*) AS n FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace WHERE s.nspname = 'public' GROUP BY 1 ORDER BY 1");
  expect(await constraints(url)).toEqual(await constraints(db.url));
  expect(await count(url, 'SELECT 1 FROM pg_constraint WHERE NOT convalidated')).toBe(0);
  expect((await foreignKeys(url)).notValidated).toEqual([]);
  expect(await orphans(url)).toEqual([]);
}

describe('a subset of Pagila', () => {
  it('with 10% of the customers as roots gives a sandbox whose constraints all validate', async () => {
    await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'public.customer', fraction: 0.1 }] }));
    expect(clone.lines).toContain('subset: public.customer 60 of 599 rows (roots)');
    expect(clone.loaded.get('public.customer')).toBe(60);
    // parents only: the customers' addresses, cities, countries, stores and the stores' staff; no rental, no payment
    expect(clone.loaded.get('public.rental')).toBe(0);
    expect(clone.summary?.tables['public.address']?.via).toEqual(['parent']);
    await expectConstraintsHold(clone.url);
  });

  it('with their rentals and payments, capped per parent row and foreign key, through the partitions of payment', async () => {
    await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'customer', fraction: 0.1 }], children: 'all', maxChildrenPerParent: 5 }));
    expect(clone.loaded.get('public.customer')).toBe(60);
    // Pagila declares payment's foreign keys on each partition, so the cap holds per partition
    const payments = await count(clone.url, 'SELECT 1 FROM payment');
    expect(payments).toBeGreaterThan(300);
    expect(payments).toBeLessThan(await count(db.url, 'SELECT 1 FROM payment'));
    // rentals: five per customer as children, and every rental a picked payment names as parents
    expect(clone.summary?.tables['public.rental']?.via).toEqual(['parent', 'child']);
    expect(await count(clone.url, 'SELECT 1 FROM rental')).toBe(await count(clone.url, 'SELECT rental_id FROM payment UNION SELECT rental_id FROM rental'));
    // the films rented came in as parents, with their languages; their actors and categories are children of a parent: not followed
    expect(clone.loaded.get('public.film')).toBeGreaterThan(0);
    expect(clone.loaded.get('public.film_actor')).toBe(0);
    await expectConstraintsHold(clone.url);
  });
});
