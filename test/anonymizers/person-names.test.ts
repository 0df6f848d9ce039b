import { describe, expect, it } from 'vitest';
import { firstName } from '../../anonymizers/first-name.js';
import { fullName } from '../../anonymizers/full-name.js';
import { lastName } from '../../anonymizers/last-name.js';
import { column, leaked, mask, pii } from './mask-helpers.js';

// one file for the three name rules (first-name.ts, last-name.ts, full-name.ts): they share data and behaviour

describe('first-name, last-name, full-name', () => {
  it('never show the real name or a word of it', () => {
    for (const real of pii.firstNames) expect(leaked(real, mask(firstName, real)), real).toEqual([]);
    for (const real of pii.lastNames) expect(leaked(real, mask(lastName, real)), real).toEqual([]);
    for (const real of pii.fullNames) expect(leaked(real.replace(/\b(?:Dr|Jr)\./g, ''), mask(fullName, real)), real).toEqual([]);
  });

  it('draw other names for each of a thousand names, as many as faker offers', () => {
    const outputs = new Set(Array.from({ length: 1000 }, (_, i) => mask(firstName, `Person${i}`)));
    expect(outputs.size).toBeGreaterThan(600);
    for (const name of outputs) expect(name).toMatch(/^[A-Z][A-Za-z' -]+$/);
  });

  it('keep the case style', () => {
    expect(mask(firstName, 'MARY')).toMatch(/^[A-Z' -]+$/);
    expect(mask(lastName, 'smith')).toMatch(/^[a-z' -]+$/);
    expect(mask(fullName, 'KENJI TANAKA')).toMatch(/^[A-Z' -]+$/);
    expect(mask(firstName, 'Maria')).toMatch(/^[A-Z][a-z]/);
  });

  it('keep the structure of a full name: order, middle initials, titles and suffixes', () => {
    expect(mask(fullName, 'Smith, John')).toMatch(/^[A-Z][A-Za-z'-]+, [A-Z][A-Za-z'-]+$/);
    expect(mask(fullName, 'John Q. Public')).toMatch(/^[A-Z][A-Za-z'-]+ [A-Z]\. [A-Z][A-Za-z'-]+$/);
    expect(mask(fullName, 'Dr. Aisha Okafor')).toMatch(/^Dr\. [A-Z][A-Za-z'-]+ [A-Z][A-Za-z'-]+$/);
    expect(mask(fullName, 'Olga Ivanova Jr.')).toMatch(/^[A-Z][A-Za-z'-]+ [A-Z][A-Za-z'-]+ Jr\.$/);
    expect(mask(fullName, 'José Luis Rodríguez Zapatero').split(' ')).toHaveLength(4);
  });

  it('fit varchar(n)', () => {
    for (let i = 0; i < 200; i++) {
      expect(mask(firstName, `Name${i}`, 'character varying(4)').length).toBeLessThanOrEqual(4);
      expect(mask(fullName, `First${i} Last${i}`, 'character varying(12)').length).toBeLessThanOrEqual(12);
    }
  });

  it('are refused on unique columns and on non-text columns', () => {
    expect(firstName.check!(column('text', { unique: true }), {})).toMatch(/is unique, but the first-name rule/);
    expect(fullName.check!(column('integer'), {})).toMatch(/is integer; the full-name rule writes text/);
    expect(lastName.check!(column('character varying(40)'), {})).toBeUndefined();
  });
});
