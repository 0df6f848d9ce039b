import { describe, expect, it } from 'vitest';
import { createTestDb, withClient } from '../helpers/test-db.js';
import { syntheticSandbox } from './synthetic-helpers.js';

// A few customers with most of the orders: the skew an operation meets in production (a DELETE of one big customer).
const schema = `
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers (id), total numeric(10,2) NOT NULL);
INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 1000) g;
INSERT INTO orders SELECT g, CASE WHEN g % 2 = 0 THEN 1 + g % 10 WHEN g % 17 = 0 THEN NULL ELSE 11 + g % 600 END, g % 500
  FROM generate_series(1, 20000) g;
ANALYZE;
`;

interface Fanout {
  parents: number;
  max: number;
  nulls: number;
  top: number[];
}

const fanoutOf = (url: string) =>
  withClient(url, async (c) => {
    const { rows } = await c.query<{ customer_id: number | null; n: string }>('SELECT customer_id, count(*) AS n FROM orders GROUP BY 1 ORDER BY 2 DESC, 1');
    const linked = rows.filter((r) => r.customer_id !== null);
    return {
      parents: linked.length,
      max: Number(linked[0]!.n),
      nulls: Number(rows.find((r) => r.customer_id === null)?.n ?? 0),
      top: linked.slice(0, 10).map((r) => r.customer_id!).sort((a, b) => a - b),
    } satisfies Fanout;
  });

describe('synthetic mode, foreign-key fan-out', () => {
  it('keeps the skew: as many customers with orders, the same heaviest customers, about the same largest family, the same NULL references', async () => {
    await using db = await createTestDb(schema);
    await using sandbox = await syntheticSandbox(db.url);
    const [production, synthetic] = [await fanoutOf(db.url), await fanoutOf(sandbox.sandbox.url)];

    expect(synthetic.parents).toBe(production.parents);
    expect(synthetic.nulls).toBe(production.nulls);
    expect(synthetic.max).toBeGreaterThanOrEqual(production.max * 0.8);
    expect(synthetic.max).toBeLessThanOrEqual(production.max * 1.2);
    // at scale 1 the keys are production's, and the most common ones go to the largest families
    expect(synthetic.top).toEqual(production.top);
  });
});
