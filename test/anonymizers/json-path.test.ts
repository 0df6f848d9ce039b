import { describe, expect, it } from 'vitest';
import { customAnonymizer } from '../../anonymizers/custom.js';
import { email } from '../../anonymizers/email.js';
import { jsonPath } from '../../anonymizers/json-path.js';
import { phone } from '../../anonymizers/phone.js';
import { column, mask } from './mask-helpers.js';

const doc = {
  id: 7,
  plan: 'pro',
  contact: { email: 'maria.garcia@gmail.com', phone: '+1 (415) 555-0132', verified: true },
  events: [
    { at: '2024-01-05', by: 'maria.garcia@gmail.com' },
    { at: '2024-02-07', by: 'olga_ivanova1987@mail.ru' },
  ],
  profile: { name: 'Maria Garcia', address: { street: '221B Baker Street', city: 'London' } },
};
const text = JSON.stringify(doc);
const run = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) => JSON.parse(mask(jsonPath, text, 'jsonb', { paths, ...extra })) as typeof doc;

describe('json-path', () => {
  it('masks only the named paths and keeps everything else as it was', () => {
    const out = run({ '$.contact.email': 'email', '$.contact.phone': 'phone' });
    expect(out.contact.email).toBe(mask(email, doc.contact.email));
    expect(out.contact.phone).toBe(mask(phone, doc.contact.phone));
    expect({ ...out, contact: { ...out.contact, email: doc.contact.email, phone: doc.contact.phone } }).toEqual(doc);
  });

  it('masks a value in a document exactly as in a column, so the two still join', () => {
    const out = run({ '$.events[*].by': 'email' });
    expect(out.events.map((e) => e.by)).toEqual(doc.events.map((e) => mask(email, e.by)));
    expect(out.events.map((e) => e.at)).toEqual(doc.events.map((e) => e.at));
  });

  it('reads bracket, index, wildcard and descendant steps', () => {
    expect(run({ "$['profile']['name']": 'full-name' }).profile.name).not.toBe('Maria Garcia');
    const last = run({ '$.events[-1].by': 'email' });
    expect(last.events[0]!.by).toBe(doc.events[0]!.by);
    expect(last.events[1]!.by).not.toBe(doc.events[1]!.by);
    const deep = run({ '$..by': 'email', '$..email': 'email' });
    expect(JSON.stringify(deep)).not.toContain('gmail');
    expect(deep.plan).toBe('pro');
  });

  it('masks every scalar under a path that names an object, and passes options and the entity key on', () => {
    const out = run({ '$.profile.address': 'street', '$.events[*].at': { rule: 'date-shift', maxDays: 5 } }, { entityKey: '42' });
    expect(out.profile.address.street).not.toBe('221B Baker Street');
    expect(out.profile.address.city).not.toBe('London');
    const shifts = out.events.map((e, i) => (Date.parse(e.at) - Date.parse(doc.events[i]!.at)) / 86_400_000);
    expect(shifts[0]).toBe(shifts[1]);
    expect(Math.abs(shifts[0]!)).toBeLessThanOrEqual(5);
  });

  it('keeps the JSON type of numbers and booleans it masks', () => {
    const out = run({ '$.id': { rule: 'numeric-noise', percent: 50 }, '$.contact.verified': { rule: 'constant', value: 'false' } });
    expect(typeof out.id).toBe('number');
    expect(out.contact.verified).toBe(false);
  });

  it('applies a custom anonymizer given as an object', () => {
    const redact = customAnonymizer('redact', () => '[redacted]');
    expect(run({ '$.profile.name': redact }).profile.name).toBe('[redacted]');
  });

  it('keeps a member named __proto__ as data', () => {
    const out = mask(jsonPath, '{"__proto__": {"email": "maria.garcia@gmail.com"}}', 'jsonb', { paths: { '$..email': 'email' } });
    expect(out).toMatch(/^\{"__proto__":\{"email":"[a-z]+\.[a-z2-7]{16}@example\.(?:com|org|net)"\}\}$/);
  });

  it('says which value kind it could not read, without the value', () => {
    expect(() => mask(jsonPath, 'maria.garcia@gmail.com', 'text', { paths: { $: 'email' } })).toThrow(/^json-path rule on public\.people\.col: a value is not valid JSON$/);
  });

  it('checks its paths and rules before any row moves', () => {
    const check = (options: Record<string, unknown>, type = 'jsonb') => jsonPath.check!(column(type), options);
    expect(check({ paths: { '$.a': 'email', '$.b[*]': { rule: 'numeric-noise' } } })).toBeUndefined();
    expect(check({})).toMatch(/needs option paths/);
    expect(check({ paths: { 'a.b': 'email' } })).toMatch(/"a\.b": a path starts with \$/);
    expect(check({ paths: { '$.a': 'emial' } })).toMatch(/unknown rule "emial"/);
    expect(check({ paths: { '$.a': { rule: 'constant' } } })).toMatch(/the constant rule needs option value/);
    expect(check({ paths: { '$.a': 'email' } }, 'integer')).toMatch(/needs json, jsonb or text/);
  });
});
