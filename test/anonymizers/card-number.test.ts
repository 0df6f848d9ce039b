import { describe, expect, it } from 'vitest';
import { cardNumber } from '../../anonymizers/card-number.js';
import { column, luhnValid, mask, pii } from './mask-helpers.js';

const digits = (s: string) => s.replace(/\D/g, '');

describe('card-number', () => {
  it('writes a Luhn-valid number of the same length and grouping, with the same first digit', () => {
    for (const real of pii.cards) {
      const out = mask(cardNumber, real);
      expect(out.replace(/\d/g, '9')).toBe(real.replace(/\d/g, '9'));
      expect(luhnValid(digits(out)), out).toBe(true);
      expect(out[0]).toBe(real[0]);
      expect(digits(out)).not.toBe(digits(real));
    }
  });

  it('keeps the Luhn error of a number that has one, so that distinct inputs stay distinct', () => {
    const valid = mask(cardNumber, '4111111111111111');
    const invalid = mask(cardNumber, '4111111111111112');
    expect(luhnValid(invalid)).toBe(false);
    expect(invalid.slice(0, -1)).toBe(valid.slice(0, -1));
  });

  it('keeps 100,000 distinct card numbers distinct', () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const payload = `4${String(i * 7919).padStart(14, '0')}`;
      const check = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((d) => luhnValid(payload + d))!;
      const out = mask(cardNumber, payload + check);
      expect(luhnValid(out)).toBe(true);
      outputs.add(out);
    }
    expect(outputs.size).toBe(100_000);
  });

  it('masks the digits of an already truncated number and keeps the stars', () => {
    expect(mask(cardNumber, '************1234')).toMatch(/^\*{12}\d{4}$/);
    expect(mask(cardNumber, '************1234')).not.toBe('************1234');
  });

  it('fits text, bigint and numeric', () => {
    expect(cardNumber.check!(column('bigint', { unique: true }), {})).toBeUndefined();
    expect(cardNumber.check!(column('integer'), {})).toMatch(/needs text, bigint or numeric/);
  });
});
