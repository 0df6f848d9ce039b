import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { keptColumns } from '../../src/data/anonymize/anonymize-rules.js';
import { classifyPii, type PiiColumn } from '../../src/data/anonymize/classify-pii.js';
import { configSnippet } from '../../src/data/anonymize/config-snippet.js';
import { piiClassificationSchema } from '../../src/data/anonymize/pii-column.js';
import { sanitizeStats } from '../../src/data/anonymize/sanitize-stats.js';
import { unruledPii } from '../../src/data/anonymize/unruled-pii.js';
import { statsSchema } from '../../src/snapshot/manifest.js';
import { collectStats, type SourceProfile } from '../../src/source/collect-stats.js';
import { connectReadOnly } from '../../src/source/connect-read-only.js';
import { introspect } from '../../src/source/introspect.js';
import { createReadOnlyRole, createTestDb, type TestDb } from '../helpers/test-db.js';

const rows = 60;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Completes a number with its Luhn check digit, as card issuers do. */
function withLuhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const firstNames = ['Alice', 'Maria', 'David', 'Sophie', 'Lucas', 'Emma'];
const lastNames = ['Lovelace', 'Hopper', 'Turing', 'Hamilton', 'Johnson', 'Goldberg'];
const products = ['Walnut Desk', 'Ceramic Mug', 'Steel Water Bottle', 'Wool Blanket', 'Oak Bookshelf', 'Linen Napkins', 'Copper Kettle', 'Bamboo Cutting Board'];
const bcryptAlphabet = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** One row of planted personal data; every value is unique to its row so that a leak can be traced to it. */
function plantedRow(i: number) {
  return {
    info: `planted.person${i}@mailhost${i}.example`,
    reach: `+1 (415) 555-${pad(1000 + i, 4)}`,
    ref: withLuhnDigit(`453912${pad(i * 7919, 9)}`),
    origin: i % 3 === 0 ? `2001:db8::${(i + 1).toString(16)}` : `203.0.113.${i + 1}`,
    email: `planted.named${i}@corp${i}.example`,
    first_name: `${firstNames[i % firstNames.length]}`,
    last_name: `${lastNames[i % lastNames.length]}${i >= lastNames.length ? `-${lastNames[(i + 1) % lastNames.length]}${i}` : ''}`,
    phone: `+44 20 7946 ${pad(i, 4)}`,
    ssn: `${100 + i}-45-${pad(1000 + i, 4)}`,
    password_hash: `$2b$12$${Array.from({ length: 53 }, (_, k) => bcryptAlphabet[(i * 31 + k * 7) % 64]).join('')}`,
    notes: `Called the customer on Tuesday ${i}, she asked us to leave parcel ${i} at the back door.`,
    zip: String(10000 + i * 13),
    api_key: `sk_live_${pad(i, 4)}Zq8Xw2Lm9Np4Rt6Vy1Bc3Df5`,
    profile: JSON.stringify({ contact: { email: `planted.json${i}@example.org` }, plan: 'pro', seats: i % 4 }),
    seen_from: `198.51.100.${i + 1}`,
  };
}

const planted = Array.from({ length: rows }, (_, i) => plantedRow(i));
/** What must never reach stats.json, the config snippet or the classification: the unmistakably personal values */
const personalValues = planted.flatMap((r) => [r.info, r.reach, r.ref, r.origin, r.email, r.last_name, r.phone, r.ssn, r.password_hash, r.notes, r.api_key, r.seen_from, `planted.json`]);

const schema = `
CREATE TABLE contacts (
  id int PRIMARY KEY,
  info text, reach text, ref text, origin text,      -- innocent names, personal values
  product_name text,                                 -- plain product names: not personal
  email text, first_name text, last_name text, phone text, ssn text, password_hash text,
  date_of_birth date, notes text, zip text, api_key text,
  email_verified boolean, email_count int,           -- named after email, but not an email
  profile jsonb, seen_from inet,
  full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED
);`;

async function plantedSource(): Promise<TestDb> {
  const db = await createTestDb(schema);
  for (const [i, row] of planted.entries()) {
    await db.query(
      `INSERT INTO contacts (id, info, reach, ref, origin, product_name, email, first_name, last_name, phone, ssn, password_hash, date_of_birth, notes,
                             zip, api_key, email_verified, email_count, profile, seen_from)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, DATE '1970-01-01' + $13::int, $14, $15, $16, $17, $18, $19, $20)`,
      [i, row.info, row.reach, row.ref, row.origin, products[i % products.length], row.email, row.first_name, row.last_name, row.phone, row.ssn, row.password_hash,
        3000 + i * 97, row.notes, row.zip, row.api_key, i % 2 === 0, i % 5, row.profile, row.seen_from],
    );
  }
  return db;
}

async function classify(url: string): Promise<PiiColumn[]> {
  await using source = await connectReadOnly(url);
  const model = await introspect(source, source);
  return await classifyPii(source, model);
}

async function profile(url: string): Promise<SourceProfile> {
  await using source = await connectReadOnly(url);
  const model = await introspect(source, source);
  return await collectStats(source, model);
}

const summary = (pii: readonly PiiColumn[]) => Object.fromEntries(pii.map((c) => [c.column, `${c.class}${c.part ? `/${c.part}` : ''} by ${c.by} → ${c.suggestedRule}`]));

describe('classifyPii', () => {
  it('classifies every column by its name and by its sampled values', async () => {
    await using db = await plantedSource();
    const pii = await classify(db.url);
    expect(() => piiClassificationSchema.parse(pii)).not.toThrow();
    expect(summary(pii)).toEqual({
      id: 'none by both → keep',
      info: 'email by values → email',
      reach: 'phone by values → phone',
      ref: 'card-number by values → card-number',
      origin: 'ip by values → ip',
      product_name: 'none by both → keep',
      email: 'email by both → email',
      first_name: 'person-name/first by both → first-name',
      last_name: 'person-name/last by name → last-name',
      phone: 'phone by both → phone',
      ssn: 'national-id by both → token',
      password_hash: 'token by both → token',
      date_of_birth: 'date-of-birth by name → date-shift',
      notes: 'free-text by both → free-text',
      zip: 'address/zip by name → zip',
      api_key: 'token by both → token',
      email_verified: 'none by name → keep',
      email_count: 'none by both → keep',
      profile: 'json by both → json-path',
      seen_from: 'ip by values → ip',
      full_name: 'person-name/full by name → full-name',
    });
    const profileColumn = pii.find((c) => c.column === 'profile')!;
    expect(profileColumn.paths?.map((p) => ({ path: p.path, class: p.class, by: p.by, rule: p.suggestedRule }))).toEqual([
      { path: '$.contact.email', class: 'email', by: 'both', rule: 'email' },
    ]);
    expect(pii.find((c) => c.column === 'full_name')?.generated).toBe(true);
    // the classification is written into the snapshot: it explains, it never quotes
    const text = JSON.stringify(pii);
    expect(personalValues.filter((v) => text.includes(v))).toEqual([]);
  });

  it('classifies the same with a role that has only CONNECT and SELECT', async () => {
    await using db = await plantedSource();
    const readOnly = await createReadOnlyRole(db);
    expect(await classify(readOnly)).toEqual(await classify(db.url));
  });

  it('leaves no planted value in the sanitised statistics, and keeps the values of columns that are not personal', async () => {
    await using db = await plantedSource();
    await db.query('ANALYZE contacts');
    const pii = await classify(db.url);
    const raw = await profile(db.url);
    // the test means something only if the raw profile does hold the values
    expect(personalValues.filter((v) => JSON.stringify(raw).includes(v)).length).toBeGreaterThan(20);

    const sanitised = sanitizeStats(raw, pii);
    const text = JSON.stringify(sanitised);
    expect(personalValues.filter((v) => text.includes(v))).toEqual([]);
    expect(firstNames.filter((v) => text.includes(`"${v}"`))).toEqual([]);
    expect(() => statsSchema.parse(sanitised)).not.toThrow();

    const columns = sanitised.tables['public.contacts']!.columns!;
    expect(columns.email).toMatchObject({ masked: true, nullFraction: 0, distinct: -1, histogram: { buckets: expect.any(Number) } });
    expect(columns.email?.histogram?.bounds).toBeUndefined();
    expect(columns.first_name?.mostCommon).toEqual({ frequencies: raw.tables['public.contacts']!.columns!.first_name!.mostCommon!.frequencies });
    expect(columns.product_name?.mostCommon?.values).toEqual(expect.arrayContaining(products));
    expect(columns.product_name?.masked).toBeUndefined();
    // keep, written out in the config, keeps the values
    const kept = sanitizeStats(raw, pii, { keep: keptColumns({ 'public.contacts.zip': 'keep', 'public.contacts.email': 'email' }) });
    expect(kept.tables['public.contacts']!.columns!.zip?.histogram?.bounds).toContain(planted[0]!.zip);
    expect(kept.tables['public.contacts']!.columns!.email?.masked).toBe(true);
  });

  it('masks a column the classification does not know: fail closed', () => {
    const stats: SourceProfile = {
      tables: {
        'public.t': {
          rows: 2,
          columns: { secret: { source: 'sample', exact: true, nullFraction: 0, distinct: 1, averageWidth: 5, mostCommon: { values: ['hello'], frequencies: [1] } } },
        },
      },
      foreignKeys: [],
    };
    expect(sanitizeStats(stats, []).tables['public.t']!.columns!.secret).toEqual({
      source: 'sample',
      exact: true,
      nullFraction: 0,
      distinct: 1,
      averageWidth: 5,
      mostCommon: { frequencies: [1] },
      masked: true,
    });
  });

  it('lists the PII columns without a rule and writes a config snippet that parses, with every one of them', async () => {
    await using db = await plantedSource();
    const pii = await classify(db.url);
    const rules = { 'public.contacts.email': 'email', 'public.contacts.notes': 'keep', 'public.contacts.zip': { rule: 'zip', options: {} }, 'public.contacts.ssn': { rule: '' } };
    const unruled = unruledPii(pii, rules);
    const keys = unruled.map((c) => `${c.table}.${c.column}`);
    expect(keys).toEqual(
      ['info', 'reach', 'ref', 'origin', 'first_name', 'last_name', 'phone', 'ssn', 'password_hash', 'date_of_birth', 'api_key', 'profile', 'seen_from'].map((c) => `public.contacts.${c}`),
    );

    const snippet = configSnippet(unruled);
    const output = ts.transpileModule(`export default { ${snippet} };`, { compilerOptions: { module: ts.ModuleKind.CommonJS }, reportDiagnostics: true });
    expect(output.diagnostics ?? []).toEqual([]);
    const module = { exports: {} as { default?: { anonymize: { rules: Record<string, unknown> } } } };
    new Function('module', 'exports', output.outputText)(module, module.exports);
    const parsed = module.exports.default!.anonymize.rules;
    expect(Object.keys(parsed)).toEqual(keys);
    expect(parsed['public.contacts.info']).toBe('email');
    expect(parsed['public.contacts.profile']).toEqual({ rule: 'json-path', options: { paths: { '$.contact.email': 'email' } } });
    for (const line of snippet.split('\n').filter((l) => l.includes("': "))) expect(line).toMatch(/, \/\/ \S+.*: .+/);
    expect(personalValues.filter((v) => snippet.includes(v))).toEqual([]);
  });
});
