import { describe, expect, it } from 'vitest';
import { anonymizerNames, anonymizers, customAnonymizer, getAnonymizer, isAnonymizerName, type Anonymizer } from '../../anonymizers/index.js';
import { column, key, otherKey, pii } from './mask-helpers.js';

/** For every built-in rule: a column type it fits, its options and realistic values. */
const cases: Record<string, { type: string; options?: Record<string, unknown>; values: string[] }> = {
  email: { type: 'character varying(255)', values: pii.emails },
  'first-name': { type: 'text', values: pii.firstNames },
  'last-name': { type: 'text', values: pii.lastNames },
  'full-name': { type: 'text', values: pii.fullNames },
  phone: { type: 'text', values: pii.phones },
  street: { type: 'text', values: pii.streets },
  city: { type: 'text', values: pii.cities },
  zip: { type: 'text', values: pii.zips },
  ip: { type: 'inet', values: [...pii.ipv4, ...pii.ipv6] },
  uuid: { type: 'uuid', values: ['0b6f3b1e-8f0c-4a59-9f44-1c2f6d1f0a3e', '123e4567-e89b-12d3-a456-426614174000'] },
  'card-number': { type: 'text', values: pii.cards },
  token: { type: 'text', values: pii.tokens },
  'free-text': { type: 'text', values: pii.notes },
  'date-shift': { type: 'timestamp with time zone', values: ['1987-06-05 00:00:00+02', '2024-02-29 13:45:00.123456+01'] },
  'numeric-noise': { type: 'numeric(12,2)', values: ['52000.00', '1234.56', '987654.32'] },
  keep: { type: 'text', values: ['SKU-123'] },
  null: { type: 'text', values: ['anything'] },
  constant: { type: 'text', options: { value: 'redacted' }, values: ['anything'] },
  'json-path': { type: 'jsonb', options: { paths: { '$.email': 'email' } }, values: ['{"email": "maria.garcia@gmail.com", "plan": "pro"}'] },
};
const fixedOutput = new Set(['keep', 'null', 'constant']);

const maskAll = (a: Anonymizer, withKey: Buffer) => cases[a.name]!.values.map((v) => a.mask(v, { key: withKey, column: column(cases[a.name]!.type), options: cases[a.name]!.options ?? {} }));

describe('the anonymizer registry', () => {
  it('lists every rule of issue 4 under the name a config uses', () => {
    expect(anonymizerNames).toEqual(['email', 'first-name', 'last-name', 'full-name', 'phone', 'street', 'city', 'zip', 'ip', 'uuid', 'card-number', 'token', 'free-text', 'date-shift', 'numeric-noise', 'keep', 'null', 'constant', 'json-path']);
    for (const name of anonymizerNames) {
      expect(anonymizers[name].name).toBe(name);
      expect(anonymizers[name].description.length).toBeGreaterThan(40);
      expect(typeof anonymizers[name].check).toBe('function');
      expect(isAnonymizerName(name)).toBe(true);
    }
    expect(isAnonymizerName('toString')).toBe(false);
  });

  it('finds built-in rules by name, then the config’s custom ones, and nothing else', () => {
    const custom = customAnonymizer('job-title', (_v, { faker }) => faker.person.jobTitle());
    expect(getAnonymizer('email')).toBe(anonymizers.email);
    expect(getAnonymizer('job-title', { 'job-title': custom })).toBe(custom);
    expect(getAnonymizer('job-title')).toBeUndefined();
    expect(getAnonymizer('constructor')).toBeUndefined();
  });

  it.each(anonymizerNames.map((n) => [n]))('%s gives the same output for the same key and value, every time', (name) => {
    const a = anonymizers[name];
    expect(maskAll(a, key)).toEqual(maskAll(a, Buffer.from(key)));
  });

  it.each(anonymizerNames.filter((n) => !fixedOutput.has(n)).map((n) => [n]))('%s gives other outputs under another key', (name) => {
    const a = anonymizers[name];
    const mine = maskAll(a, key);
    const theirs = maskAll(a, otherKey);
    mine.forEach((out, i) => expect(out).not.toBe(theirs[i]));
  });

  it.each(anonymizerNames.map((n) => [n]))('%s: its check() accepts a unique column exactly when the rule is unique', (name) => {
    const a = anonymizers[name];
    const options = cases[name]!.options ?? {};
    expect(a.check!(column(cases[name]!.type), options)).toBeUndefined();
    const problem = a.check!(column(cases[name]!.type, { unique: true }), options);
    if (a.unique) expect(problem).toBeUndefined();
    else expect(problem).toMatch(new RegExp(`public\\.people\\.col is unique, but the ${name} rule can give two different values the same mask`));
  });

  it.each(anonymizerNames.filter((n) => !fixedOutput.has(n) && n !== 'json-path').map((n) => [n]))('%s never writes a value that contains the real one', (name) => {
    const a = anonymizers[name];
    for (const [i, out] of maskAll(a, key).entries()) {
      const real = cases[name]!.values[i]!;
      expect(out, real).not.toBe(real);
      expect(out!.toLowerCase(), real).not.toContain(real.toLowerCase());
    }
  });

  it('marks as unique exactly the rules that keep distinct values distinct', () => {
    const unique = anonymizerNames.filter((n) => anonymizers[n].unique);
    expect(unique).toEqual(['email', 'phone', 'zip', 'ip', 'uuid', 'card-number', 'token', 'keep']);
  });

  it('masks array columns element by element, like the same values in a plain column, keeping NULL elements', () => {
    const ctx = (type: string) => ({ key, column: column(type), options: {} });
    const [a, b] = pii.emails;
    const out = anonymizers.email.mask(`{${a},NULL,"${b}"}`, ctx('character varying(255)[]'))!;
    expect(out).toBe(`{${anonymizers.email.mask(a!, ctx('text'))},NULL,${anonymizers.email.mask(b!, ctx('text'))}}`);
    expect(anonymizers['numeric-noise'].mask('{{1000,2000},{3000,NULL}}', ctx('integer[]'))).toMatch(/^\{\{\d+,\d+\},\{\d+,NULL\}\}$/);
    // rules of the whole value: null empties the array, constant replaces it
    expect(anonymizers.null.mask('{a,b}', ctx('text[]'))).toBe(null);
    expect(anonymizers.constant.mask('{a,b}', { ...ctx('text[]'), options: { value: '{}' } })).toBe('{}');
    expect(anonymizers.keep.mask('{a,b}', ctx('text[]'))).toBe('{a,b}');
  });

  it('masks a char(n) value like the same text without the blanks PostgreSQL pads it with', () => {
    const padded = anonymizers.email.mask('maria.garcia@gmail.com                  ', { key, column: column('character(40)'), options: {} });
    expect(padded).toBe(anonymizers.email.mask('maria.garcia@gmail.com', { key, column: column('text'), options: {} }));
  });

  it('refuses a key shorter than 16 bytes', () => {
    expect(() => anonymizers.email.mask('a@b.c', { key: Buffer.from('short'), column: column('text'), options: {} })).toThrow(/at least 16 bytes/);
  });
});
