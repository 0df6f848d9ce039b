import { describe, expect, it } from 'vitest';
import { customAnonymizer } from '../../anonymizers/custom.js';
import { column, context, mask, otherKey } from './mask-helpers.js';

describe('customAnonymizer', () => {
  const jobTitle = customAnonymizer('job-title', (_value, { faker }) => faker.person.jobTitle());

  it('gives the function a faker seeded from the keyed hash: deterministic, keyed, different per value', () => {
    expect(mask(jobTitle, 'CTO')).toBe(mask(jobTitle, 'CTO'));
    const titles = new Set(Array.from({ length: 50 }, (_, i) => mask(jobTitle, `title ${i}`)));
    expect(titles.size).toBeGreaterThan(40);
    const underOtherKey = Array.from({ length: 10 }, (_, i) => mask(jobTitle, `title ${i}`, 'text', {}, otherKey));
    expect(underOtherKey).not.toEqual(Array.from({ length: 10 }, (_, i) => mask(jobTitle, `title ${i}`)));
  });

  it('gives the same random draws whatever ran before', () => {
    const first = mask(jobTitle, 'CTO');
    mask(customAnonymizer('noise', (_v, { faker }) => faker.lorem.paragraph()), 'x');
    expect(mask(jobTitle, 'CTO')).toBe(first);
  });

  it('is non-unique unless declared unique, and runs the given check', () => {
    expect(jobTitle.unique).toBe(false);
    expect(jobTitle.check!(column('text', { unique: true }), {})).toMatch(/is unique, but the job-title rule/);
    const code = customAnonymizer('code', (v, { random }) => `${v.length}-${random.uint32()}`, { unique: true, check: (c) => (c.type === 'text' ? undefined : 'text only') });
    expect(code.check!(column('text', { unique: true }), {})).toBeUndefined();
    expect(code.check!(column('integer'), {})).toBe('text only');
  });

  it('fails the value when the function returns something else than a string, or NULL for a NOT NULL column', () => {
    const bad = customAnonymizer('bad', () => 42 as unknown as string);
    expect(() => bad.mask('x', context('text'))).toThrow(/^bad rule on public\.people\.col: the custom function returned number, not a string or null$/);
    const empty = customAnonymizer('empty', () => null);
    expect(empty.mask('x', context('text'))).toBeNull();
    expect(() => empty.mask('x', { ...context('text'), column: column('text', { notNull: true }) })).toThrow(/returned null for a NOT NULL column/);
  });

  it('refuses names of built-in rules and odd names', () => {
    expect(() => customAnonymizer('email', (v) => v)).toThrow(/a built-in rule has that name/);
    expect(() => customAnonymizer('my rule', (v) => v)).toThrow(/use letters, digits and dashes/);
  });
});
