import { describe, expect, it } from 'vitest';
import { createTestDb } from '../helpers/test-db.js';
import { cloneSubset, count, foreignKeys, orphans, rows, subsetConfig } from './subset-helpers.js';

// A shop: a self-referencing customer table (referral chains of up to ten), a composite-key table, a table without a
// primary key, a key that references a UNIQUE column of a table without a primary key, partitioned tables with and
// without a primary key, and a foreign key that references a partitioned table.
const shop = `
CREATE TABLE customers (id int PRIMARY KEY, region text NOT NULL, referred_by int REFERENCES customers (id));
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE coupons (code text NOT NULL UNIQUE, discount int);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers (id), coupon text REFERENCES coupons (code));
CREATE TABLE order_items (order_id int REFERENCES orders (id), line int, product_id int NOT NULL REFERENCES products (id), PRIMARY KEY (order_id, line));
CREATE TABLE audit_log (order_id int NOT NULL REFERENCES orders (id), note text);
CREATE TABLE unrelated (id int PRIMARY KEY);
CREATE TABLE events (id int, at date, customer_id int NOT NULL REFERENCES customers (id), PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE event_notes (event_id int NOT NULL, event_at date NOT NULL, body text, FOREIGN KEY (event_id, event_at) REFERENCES events (id, at));
CREATE TABLE metrics (at date NOT NULL, order_id int REFERENCES orders (id), value int) PARTITION BY RANGE (at);
CREATE TABLE metrics_h1 PARTITION OF metrics FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');
CREATE TABLE metrics_h2 PARTITION OF metrics FOR VALUES FROM ('2024-07-01') TO ('2025-01-01');

INSERT INTO customers SELECT g, CASE WHEN g % 4 = 0 THEN 'eu' ELSE 'us' END, CASE WHEN g % 10 <> 1 THEN g - 1 END FROM generate_series(1, 200) g;
INSERT INTO products SELECT g, 'product ' || g FROM generate_series(1, 50) g;
INSERT INTO coupons SELECT 'C' || g, g FROM generate_series(1, 20) g;
INSERT INTO orders SELECT g, 1 + (g * 7) % 200, CASE WHEN g % 3 = 0 THEN 'C' || (1 + g % 20) END FROM generate_series(1, 1000) g;
INSERT INTO order_items SELECT o, l, 1 + (o + l) % 50 FROM generate_series(1, 1000) o, generate_series(1, 3) l;
INSERT INTO audit_log SELECT o, 'note ' || n FROM generate_series(1, 1000) o, generate_series(1, 2) n;
INSERT INTO unrelated SELECT generate_series(1, 10);
INSERT INTO events SELECT g, DATE '2024-03-01' + (g * 3) % 600, 1 + g % 200 FROM generate_series(1, 400) g;
INSERT INTO event_notes SELECT id, at, 'about ' || id FROM events WHERE id % 5 = 0;
INSERT INTO metrics SELECT DATE '2024-01-01' + g % 360, 1 + g % 1000, g FROM generate_series(1, 600) g;
`;

const ids = async (url: string, table: string) => (await rows<{ id: number }>(url, `SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);

describe('a subset with a root picked by fraction', () => {
  it('takes ceil(fraction × rows) rows, the same ones for the same seed and others for another seed', async () => {
    await using db = await createTestDb(shop, 'subset');
    const subset = { roots: [{ table: 'products', fraction: 0.1 }] };
    await using first = await cloneSubset(subsetConfig(db.url, subset));
    const picked = await ids(first.url, 'products');
    expect(picked).toHaveLength(5);
    expect(first.lines).toContain('subset: public.products 5 of 50 rows (roots)');
    expect(first.summary?.tables).toEqual({ 'public.products': { rows: 5, productionRows: 50, via: ['root'] } });
    // nothing references a product from the subset's side, so no other table gets a row
    expect(first.loaded.get('public.orders')).toBe(0);
    expect(first.loaded.get('public.customers')).toBe(0);

    await using again = await cloneSubset(subsetConfig(db.url, subset));
    expect(await ids(again.url, 'products')).toEqual(picked);
    await using other = await cloneSubset(subsetConfig(db.url, subset, { seed: 2 }));
    expect(await ids(other.url, 'products')).toHaveLength(5);
    expect(await ids(other.url, 'products')).not.toEqual(picked);
  });

  it('picks from a table without a primary key by its physical row identity, and follows its parents', async () => {
    await using db = await createTestDb(shop, 'subset');
    await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'public.audit_log', fraction: 0.05 }] }));
    expect(clone.loaded.get('public.audit_log')).toBe(100);
    expect(await orphans(clone.url)).toEqual([]);
    expect(await foreignKeys(clone.url)).toEqual({ total: (await foreignKeys(db.url)).total, notValidated: [] });
    // every order a picked log line names is there, and no other
    expect(await count(clone.url, 'SELECT DISTINCT order_id FROM audit_log')).toBe(clone.loaded.get('public.orders'));
  });
});

describe('a subset with a root picked by WHERE', () => {
  it('takes the matching rows and follows every parent they reference, so every foreign key holds', async () => {
    await using db = await createTestDb(shop, 'subset');
    await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'orders', where: 'id <= 30' }] }));
    expect(await ids(clone.url, 'orders')).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // parents: the orders' customers and the whole referral chain above each of them, and their coupons
    const [expected] = await rows<{ n: string }>(
      db.url,
      `WITH RECURSIVE chain AS (SELECT customer_id AS id FROM orders WHERE id <= 30
                                 UNION SELECT c.referred_by FROM customers c JOIN chain ON c.id = chain.id WHERE c.referred_by IS NOT NULL)
       SELECT count(*) AS n FROM chain`,
    );
    expect(clone.loaded.get('public.customers')).toBe(Number(expected!.n));
    expect(clone.loaded.get('public.coupons')).toBe(await count(db.url, 'SELECT DISTINCT coupon FROM orders WHERE id <= 30 AND coupon IS NOT NULL'));
    // children are not followed unless asked: no items, no log lines
    expect(clone.loaded.get('public.order_items')).toBe(0);
    expect(clone.loaded.get('public.audit_log')).toBe(0);
    expect(clone.lines).toContain('subset: public.orders 30 of 1000 rows (roots)');
    expect(clone.lines.find((l) => l.startsWith('subset: public.customers '))).toMatch(/ of 200 rows \(parents\)$/);
    expect(await orphans(clone.url)).toEqual([]);
    expect(await foreignKeys(clone.url)).toEqual({ total: (await foreignKeys(db.url)).total, notValidated: [] });
  });

  it('refuses a condition the source rejects as a config error, before any row moves', async () => {
    await using db = await createTestDb(shop, 'subset');
    const error = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'orders', where: 'no_such_column = 1' }] })).then(
      async (clone) => {
        await clone[Symbol.asyncDispose]();
        return new Error('expected CONFIG_INVALID');
      },
      (e: unknown) => e as Error,
    );
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', exitCode: 2 });
    expect(error.message).toContain('data.subset.roots[0].where');
    expect(error.message).toContain('no_such_column');
  });
});

describe('a subset that follows children', () => {
  it('takes at most maxChildrenPerParent children per parent row and foreign key, a composite key and a table without one included', async () => {
    await using db = await createTestDb(shop, 'subset');
    await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'orders', where: 'id <= 10' }], children: 'all', maxChildrenPerParent: 2 }));
    // three items and two log lines per order: two of each kept
    expect(clone.loaded.get('public.order_items')).toBe(20);
    expect(clone.loaded.get('public.audit_log')).toBe(20);
    expect(await count(clone.url, 'SELECT order_id FROM order_items GROUP BY order_id HAVING count(*) > 2')).toBe(0);
    // the first two lines by key, so the same snapshot gives the same children
    expect(await rows(clone.url, 'SELECT DISTINCT line FROM order_items ORDER BY line')).toEqual([{ line: 1 }, { line: 2 }]);
    // customers came in as parents: their own orders and events are not followed (a parent's children would pull in everything)
    expect(clone.loaded.get('public.orders')).toBe(10);
    expect(clone.loaded.get('public.events_2024')! + clone.loaded.get('public.events_2025')!).toBe(0);
    expect(clone.summary?.tables['public.order_items']).toEqual({ rows: 20, productionRows: 3000, via: ['child'] });
    expect(clone.summary?.tables['public.metrics']?.via).toEqual(['child']);
    expect(clone.loaded.has('public.unrelated') && clone.loaded.get('public.unrelated')).toBe(0);
    expect(await orphans(clone.url)).toEqual([]);
    expect(await foreignKeys(clone.url)).toEqual({ total: (await foreignKeys(db.url)).total, notValidated: [] });
  });

  it('follows only the child tables listed, through partitions, and into a table referencing a partitioned one', async () => {
    await using db = await createTestDb(shop, 'subset');
    await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'customers', where: "region = 'eu'" }], children: ['events', 'public.event_notes'] }));
    const eu = await count(db.url, "SELECT 1 FROM customers WHERE region = 'eu'");
    expect(clone.summary?.tables['public.customers']?.via).toEqual(['root', 'parent']);
    // every event of an eu customer (fewer than 100 each), in whichever partition it lives
    const events = await count(db.url, "SELECT 1 FROM events e JOIN customers c ON c.id = e.customer_id WHERE c.region = 'eu'");
    expect(clone.loaded.get('public.events_2024')! + clone.loaded.get('public.events_2025')!).toBe(events);
    expect(clone.summary?.tables['public.events']).toMatchObject({ rows: events, productionRows: 400, via: ['child'] });
    expect(clone.loaded.get('public.event_notes')).toBe(await count(db.url, "SELECT 1 FROM event_notes n JOIN events e ON (e.id, e.at) = (n.event_id, n.event_at) JOIN customers c ON c.id = e.customer_id WHERE c.region = 'eu'"));
    expect(clone.loaded.get('public.orders')).toBe(0);
    expect(await count(clone.url, "SELECT 1 FROM customers WHERE region = 'eu'")).toBe(eu);
    expect(await orphans(clone.url)).toEqual([]);
  });

  it('picks a root from a partitioned table without a primary key, and from one partition alone', async () => {
    await using db = await createTestDb(shop, 'subset');
    await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'metrics', fraction: 0.1 }, { table: 'events_2025', where: 'id % 2 = 0' }] }));
    expect(clone.loaded.get('public.metrics_h1')! + clone.loaded.get('public.metrics_h2')!).toBe(60);
    expect(clone.loaded.get('public.events_2024')).toBe(0);
    expect(clone.loaded.get('public.events_2025')).toBe(await count(db.url, 'SELECT 1 FROM events_2025 WHERE id % 2 = 0'));
    expect(await orphans(clone.url)).toEqual([]);
    expect(await foreignKeys(clone.url)).toEqual({ total: (await foreignKeys(db.url)).total, notValidated: [] });
  });
});
