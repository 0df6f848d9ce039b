import { describe, expect, it } from 'vitest';
import { numericNoise } from '../../anonymizers/numeric-noise.js';
import { column, mask } from './mask-helpers.js';

describe('numeric-noise', () => {
  it('moves a value by at most ±10% by default, never to itself, keeping its decimals', () => {
    for (let i = 0; i < 2000; i++) {
      const real = 30000 + i * 37.25;
      const text = real.toFixed(2);
      const out = mask(numericNoise, text, 'numeric(12,2)');
      expect(out).toMatch(/^\d+\.\d{2}$/);
      expect(Math.abs(Number(out) - real)).toBeLessThanOrEqual(real * 0.1 + 0.01);
      expect(out).not.toBe(text);
    }
  });

  it('keeps integers integers and honours options percent, min and max', () => {
    for (let i = 1; i <= 400; i++) {
      const out = mask(numericNoise, String(i * 100), 'integer', { percent: 5, min: 0, max: 40000 });
      expect(out).toMatch(/^\d+$/);
      expect(Math.abs(Number(out) - i * 100)).toBeLessThanOrEqual(i * 5);
      expect(Number(out)).toBeLessThanOrEqual(40000);
    }
  });

  it('brings a value outside min and max inside', () => {
    expect(mask(numericNoise, '50000', 'integer', { max: 40000 })).toBe('40000');
  });

  it('stays inside the range of the type', () => {
    for (const [value, type, max] of [['32767', 'smallint', 32767], ['999.99', 'numeric(5,2)', 999.99], ['2147483647', 'integer', 2147483647]] as const) {
      for (let i = 0; i < 50; i++) expect(Number(mask(numericNoise, value, type, { percent: 50 + i }))).toBeLessThanOrEqual(max);
    }
    expect(BigInt(mask(numericNoise, '9223372036854775807', 'bigint'))).toBeLessThanOrEqual(9223372036854775807n);
  });

  it('is exact on numbers beyond double precision', () => {
    const out = mask(numericNoise, '123456789012345678901234567890.123456789', 'numeric');
    expect(out).toMatch(/^\d{29,30}\.\d{9}$/);
    const ratio = Number(out) / 123456789012345678901234567890.123456789;
    expect(Math.abs(ratio - 1)).toBeLessThanOrEqual(0.1);
  });

  it('keeps zero, negative signs, NaN and floats in exponent notation sensible', () => {
    expect(mask(numericNoise, '0', 'integer')).toBe('0');
    expect(mask(numericNoise, '-5000', 'integer')).toMatch(/^-\d+$/);
    expect(mask(numericNoise, 'NaN', 'double precision')).toBe('NaN');
    const float = Number(mask(numericNoise, '1.5e+20', 'double precision'));
    expect(Math.abs(float / 1.5e20 - 1)).toBeLessThanOrEqual(0.1);
  });

  it('checks the type and its options', () => {
    expect(numericNoise.check!(column('numeric(10,2)'), { percent: 5, min: 0 })).toBeUndefined();
    expect(numericNoise.check!(column('text'), {})).toMatch(/needs smallint, integer, bigint, numeric, real or double precision/);
    expect(numericNoise.check!(column('integer'), { percent: 150 })).toMatch(/percent must be a number above 0 and at most 100/);
    expect(numericNoise.check!(column('integer'), { min: 10, max: 1 })).toMatch(/min is above max/);
    expect(numericNoise.check!(column('integer', { unique: true }), {})).toMatch(/is unique, but the numeric-noise rule/);
  });
});
