import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../src/config/resolve-config.js';
import { buildMaskPlan, type MaskingAnonymizer } from '../../src/data/mask-plan.js';
import { connectReadOnly } from '../../src/source/connect-read-only.js';
import { introspect } from '../../src/source/introspect.js';
import type { SchemaModel } from '../../src/source/model.js';
import { createTestDb } from '../helpers/test-db.js';

const schema = `
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL UNIQUE, name text, nickname text);
CREATE TABLE orders (id int PRIMARY KEY, user_email text REFERENCES users (email), note text);
CREATE TABLE events (id int, actor_email text, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
`;

// stand-ins for real anonymizers: the plan's job is choosing, checking and wiring them, not masking
const upper: MaskingAnonymizer = { name: 'upper', unique: true, mask: (v) => v.toUpperCase() };
const blank: MaskingAnonymizer = {
  name: 'blank',
  unique: false,
  mask: () => null,
  check: (column) => (column.notNull ? 'would write NULL into a NOT NULL column' : undefined),
};
const lookup = (name: string) => ({ upper, blank })[name];

async function model(): Promise<SchemaModel> {
  await using db = await createTestDb(schema);
  await using source = await connectReadOnly(db.url);
  return await introspect(source, source);
}

const config = (rules: Record<string, unknown>, custom: Record<string, unknown> = {}) =>
  configFromObject({ anonymize: { rules, custom } }, { anonymizeKey: 'test-key' });

describe('buildMaskPlan', () => {
  it('masks the named columns by COPY position, carries a masked key into the foreign key that references it, and covers partitions', async () => {
    const m = await model();
    const plan = buildMaskPlan(m, config({ 'public.users.email': 'upper', 'public.users.name': 'keep', 'public.events.actor_email': 'upper' }), lookup);
    const table = (name: string) => m.tables.find((t) => t.display === name)!;
    expect([...plan.masksFor(table('public.users')).keys()]).toEqual([1]);
    expect(plan.masksFor(table('public.users')).get(1)!('a@b.c', ['1', 'a@b.c', 'Ann', '\\N'])).toBe('A@B.C');
    expect([...plan.masksFor(table('public.orders')).keys()]).toEqual([1]);
    expect([...plan.masksFor(table('public.events_2024')).keys()]).toEqual([1]);
    expect(plan.applied).toContainEqual({ column: 'public.orders.user_email', rule: 'upper', carriedFrom: 'public.users.email' });
    expect(plan.applied).toContainEqual({ column: 'public.users.name', rule: 'keep' });
  });

  it('refuses, before any row moves, every rule that cannot work, each on its own line', async () => {
    const m = await model();
    const error = (() => {
      try {
        buildMaskPlan(m, config({ 'public.users.mail': 'upper', 'public.users.email': 'blank', 'public.users.nickname': 'nope', 'public.orders.user_email': 'blank' }), lookup);
      } catch (e) {
        return e as Error & { code: string };
      }
      throw new Error('expected a config error');
    })();
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message.split('\n').slice(1).sort()).toEqual(
      [
        '  anonymize.rules["public.users.mail"]: no such column (write schema.table.column, e.g. public.users.email)',
        '  anonymize.rules["public.users.email"]: the column is unique, but "blank" may map two values to one; choose a unique anonymizer',
        '  anonymize.rules["public.users.email"]: would write NULL into a NOT NULL column',
        '  anonymize.rules["public.users.nickname"]: unknown anonymizer "nope"',
      ].sort(),
    );
  });

  it('refuses a foreign key masked differently from the key it references', async () => {
    const m = await model();
    expect(() => buildMaskPlan(m, config({ 'public.users.email': 'upper', 'public.orders.user_email': 'lower' }, { lower: (v: string) => v.toLowerCase() }), lookup)).toThrow(
      /"lower" differs from "upper" on public.users.email, which it references/,
    );
  });

  it('needs the masking key', async () => {
    const m = await model();
    expect(() => buildMaskPlan(m, configFromObject({}), lookup)).toThrow(expect.objectContaining({ code: 'ANONYMIZE_KEY_MISSING' }));
  });
});
