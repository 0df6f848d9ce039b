import { describe, expect, it } from 'vitest';
import { phone } from '../../anonymizers/phone.js';
import { column, mask, pii } from './mask-helpers.js';

const pattern = (s: string) => s.replace(/\d/g, '9');
const digits = (s: string) => s.replace(/\D/g, '');

describe('phone', () => {
  it('keeps the punctuation pattern and the digit count, and changes the digits', () => {
    for (const real of pii.phones) {
      const out = mask(phone, real);
      expect(pattern(out), real).toBe(pattern(real));
      expect(digits(out)).not.toBe(digits(real));
      expect(out).not.toContain(digits(real));
    }
  });

  it('keeps a leading + and a leading 0 or 1, and keeps other first digits away from 0 and 1', () => {
    expect(mask(phone, '020 7946 0958')).toMatch(/^0/);
    expect(mask(phone, '+1 (415) 555-0132')).toMatch(/^\+1 \(\d{3}\) \d{3}-\d{4}$/);
    for (let i = 0; i < 500; i++) expect(mask(phone, `${2 + (i % 8)}${String(i).padStart(9, '0')}`)).toMatch(/^[2-9]/);
  });

  it('keeps 100,000 distinct numbers distinct, and never gives a number back unchanged', () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const real = `+1 (415) ${String(i).padStart(7, '0').replace(/^(\d{3})/, '$1-')}`;
      const out = mask(phone, real);
      expect(out).not.toBe(real);
      outputs.add(out);
    }
    expect(outputs.size).toBe(100_000);
  });

  it('masks the same digits alike whatever the punctuation, so a number still matches itself', () => {
    expect(digits(mask(phone, '415-555-0132'))).toBe(digits(mask(phone, '(415) 555 0132')));
  });

  it('masks a value far too long for a phone number quickly, from the keyed hash, keeping its shape', () => {
    const long = '555-0132 '.repeat(2000);
    const started = performance.now();
    const out = mask(phone, long);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(pattern(out)).toBe(pattern(long));
    expect(out).not.toBe(long);
  });

  it('fits text, bigint and numeric columns, not integer', () => {
    expect(phone.check!(column('bigint'), {})).toBeUndefined();
    expect(phone.check!(column('character varying(20)', { unique: true }), {})).toBeUndefined();
    expect(phone.check!(column('integer'), {})).toMatch(/the phone rule needs text, bigint or numeric/);
  });
});
