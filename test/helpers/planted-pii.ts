import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type pg from 'pg';
import { withClient } from './test-db.js';

// Values planted in "production": none of them, nor a telling part of them, may reach a snapshot or a sandbox.
export const planted = {
  email: 'zelda.quartermaine@planted-example.com',
  name: 'Zelda Quartermaine',
  phone: '+1 (555) 867-5309',
  card: '4111111111111111',
  ip: '203.0.113.77',
};
const telltales = ['zelda', 'quartermaine', 'planted-example', '867-5309', '4111111111111111', '203.0.113.77'];

/** Customers with the planted person among them, and orders that reference customers by email (a masked key). */
export const plantedSchema = `
CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL UNIQUE, full_name text, phone text, card_number text, last_ip inet, plan text);
CREATE TABLE orders (id int PRIMARY KEY, customer_email text NOT NULL REFERENCES customers (email), total int);
INSERT INTO customers VALUES (1, '${planted.email}', '${planted.name}', '${planted.phone}', '${planted.card}', '${planted.ip}', 'pro');
INSERT INTO customers SELECT g, 'user' || g || '@corp.example', 'Person ' || g, '+1 (555) 000-' || lpad(g::text, 4, '0'),
       '4' || lpad(g::text, 15, '0'), ('198.51.100.' || g)::inet, 'free' FROM generate_series(2, 60) g;
INSERT INTO orders SELECT g, CASE WHEN g % 3 = 0 THEN '${planted.email}' ELSE 'user' || (2 + g % 50) || '@corp.example' END, g FROM generate_series(1, 120) g;
`;

/** The planted values (or telling parts of them) found in `text`. */
export function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return telltales.filter((t) => lower.includes(t));
}

/** Every file of a snapshot directory as text, gzip'd data files unpacked. */
export async function snapshotText(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const bytes = await readFile(join(entry.parentPath, entry.name));
    parts.push((entry.name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
  }
  return parts.join('\n');
}

/** Every row of every table of the sandbox, as text. */
export async function sandboxText(url: string): Promise<string> {
  return withClient(url, async (client: pg.Client) => {
    const tables = (await client.query<{ t: string }>("SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname = 'public'")).rows;
    const parts: string[] = [];
    for (const { t } of tables) parts.push(...(await client.query<{ r: string }>(`SELECT x::text AS r FROM ${t} x`)).rows.map((r) => r.r));
    return parts.join('\n');
  });
}
