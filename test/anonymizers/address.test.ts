import { describe, expect, it } from 'vitest';
import { city } from '../../anonymizers/city.js';
import { street } from '../../anonymizers/street.js';
import { zip } from '../../anonymizers/zip.js';
import { column, leaked, mask, pii } from './mask-helpers.js';

// one file for the three address rules (street.ts, city.ts, zip.ts)

const shape = (s: string) => s.replace(/\d/g, '9').replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a');

describe('street, city, zip', () => {
  it('never show the real street, city or a word of them', () => {
    for (const real of pii.streets) expect(leaked(real, mask(street, real)), real).toEqual([]);
    for (const real of pii.cities) expect(leaked(real, mask(city, real)), real).toEqual([]);
  });

  it('lay a street out like the real one: number first or last, with as many digits, a unit kept as a unit', () => {
    expect(mask(street, '221B Baker Street')).toMatch(/^\d{3} [A-Za-z0-9' -]+$/);
    expect(mask(street, 'Hauptstraße 12')).toMatch(/^[A-Za-z0-9' -]+ \d{2}$/);
    expect(mask(street, '742 Evergreen Terrace, Apt 3')).toMatch(/^\d{3} .+ (?:Apt\.|Suite) \d{3}$/);
    expect(mask(street, 'Main Street')).toMatch(/^[A-Za-z][A-Za-z0-9' -]+$/);
  });

  it('keeps upper-case cities upper case and fits varchar(n)', () => {
    expect(mask(city, 'LONDON')).toBe(mask(city, 'LONDON').toUpperCase());
    for (let i = 0; i < 200; i++) expect(mask(city, `Town${i}`, 'character varying(8)').length).toBeLessThanOrEqual(8);
  });

  it('keeps the shape of a postcode (digits, letters of each case, blanks and dashes) and a leading 0', () => {
    for (const real of pii.zips) {
      const out = mask(zip, real);
      expect(shape(out), real).toBe(shape(real));
      expect(out).not.toBe(real);
    }
    expect(mask(zip, '02139')).toMatch(/^0\d{4}$/);
    for (let i = 10000; i < 10500; i++) expect(mask(zip, String(i), 'integer')).toMatch(/^[1-9]\d{4}$/);
  });

  it('keeps every one of the 100,000 five-digit codes distinct (the mask is a permutation of them)', () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 100_000; i++) outputs.add(mask(zip, String(i).padStart(5, '0')));
    expect(outputs.size).toBe(100_000);
  });

  it('refuses street and city on unique columns', () => {
    expect(street.check!(column('text', { unique: true }), {})).toMatch(/is unique, but the street rule/);
    expect(city.check!(column('text', { unique: true }), {})).toMatch(/is unique, but the city rule/);
    expect(zip.check!(column('text', { unique: true }), {})).toBeUndefined();
    expect(zip.check!(column('date'), {})).toMatch(/the zip rule needs text or an integer type/);
  });
});
