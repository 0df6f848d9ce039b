import { describe, expect, it } from 'vitest';
import { constant } from '../../anonymizers/constant.js';
import { keep } from '../../anonymizers/keep.js';
import { nullAnonymizer } from '../../anonymizers/null.js';
import { column, context } from './mask-helpers.js';

// keep.ts, null.ts, constant.ts: the rules whose output does not depend on the key

describe('keep, null, constant', () => {
  it('keep returns the value and fits any column, unique ones included', () => {
    expect(keep.mask('SKU-123', context('text'))).toBe('SKU-123');
    expect(keep.check!(column('integer', { unique: true, notNull: true }), {})).toBeUndefined();
  });

  it('null returns NULL and refuses NOT NULL columns', () => {
    expect(nullAnonymizer.mask('Maria', context('text'))).toBeNull();
    expect(nullAnonymizer.check!(column('text'), {})).toBeUndefined();
    expect(nullAnonymizer.check!(column('text', { notNull: true }), {})).toBe('public.people.col is NOT NULL; the null rule would empty it (use constant, or a rule that writes values)');
    expect(nullAnonymizer.check!(column('text', { unique: true }), {})).toMatch(/is unique, but the null rule/);
  });

  it('constant returns option value and checks it is given and fits', () => {
    expect(constant.mask('Maria', context('text', { value: 'redacted' }))).toBe('redacted');
    expect(constant.check!(column('text'), {})).toMatch(/needs option value, a string/);
    expect(constant.check!(column('character varying(4)'), { value: 'redacted' })).toMatch(/the constant is 8 characters long/);
    expect(constant.check!(column('text', { unique: true }), { value: 'x' })).toMatch(/is unique, but the constant rule/);
  });
});
