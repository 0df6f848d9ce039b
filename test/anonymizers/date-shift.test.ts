import { describe, expect, it } from 'vitest';
import { dateShift } from '../../anonymizers/date-shift.js';
import { column, mask } from './mask-helpers.js';

const day = 86_400_000;
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b.slice(0, 10)) - Date.parse(a.slice(0, 10))) / day);

describe('date-shift', () => {
  it('moves a date by 1 to 30 days either way, never 0, by default', () => {
    const shifts = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const shift = daysBetween('2024-06-15', mask(dateShift, '2024-06-15', 'date', { entityKey: String(i) }));
      expect(Math.abs(shift)).toBeGreaterThanOrEqual(1);
      expect(Math.abs(shift)).toBeLessThanOrEqual(30);
      shifts.add(shift);
    }
    expect(shifts.size).toBe(60);
  });

  it('moves every date of one entity by the same days, in every column and table, so intervals are kept', () => {
    const options = { entityKey: '42' };
    const created = mask(dateShift, '2023-01-10 08:00:00+00', 'timestamp with time zone', options);
    const updated = mask(dateShift, '2023-03-01 17:30:00+00', 'timestamp with time zone', options);
    const birth = mask(dateShift, '1987-06-05', 'date', options);
    expect(daysBetween('2023-01-10', created)).toBe(daysBetween('2023-03-01', updated));
    expect(daysBetween('1987-06-05', birth)).toBe(daysBetween('2023-01-10', created));
    expect(daysBetween(created, updated)).toBe(daysBetween('2023-01-10', '2023-03-01'));
    const others = Array.from({ length: 20 }, (_, i) => daysBetween('2023-01-10', mask(dateShift, '2023-01-10', 'date', { entityKey: `other-${i}` })));
    expect(new Set(others).size).toBeGreaterThan(5);
  });

  it('keeps the time of day, fractional seconds and UTC offset', () => {
    expect(mask(dateShift, '2024-02-29 13:45:00.123456+05:30', 'timestamp with time zone', { entityKey: 'x' })).toMatch(/^\d{4}-\d{2}-\d{2} 13:45:00\.123456\+05:30$/);
    expect(mask(dateShift, '2024-02-29 13:45:00', 'timestamp(0) without time zone', { entityKey: 'x' })).toMatch(/^\d{4}-\d{2}-\d{2} 13:45:00$/);
  });

  it('respects maxDays, crosses month, year and era boundaries correctly, and keeps infinity', () => {
    for (let i = 0; i < 200; i++) expect(Math.abs(daysBetween('2024-06-15', mask(dateShift, '2024-06-15', 'date', { entityKey: String(i), maxDays: 3 })))).toBeLessThanOrEqual(3);
    const shift = daysBetween('2024-06-15', mask(dateShift, '2024-06-15', 'date', { entityKey: 'e' }));
    const around = (d: string) => new Date(Date.parse(d) + shift * day).toISOString().slice(0, 10);
    expect(mask(dateShift, '2024-02-29', 'date', { entityKey: 'e' })).toBe(around('2024-02-29'));
    expect(mask(dateShift, '1999-12-31', 'date', { entityKey: 'e' })).toBe(around('1999-12-31'));
    expect(mask(dateShift, '0001-01-01', 'date', { entityKey: 'e' })).toMatch(shift < 0 ? /^0001-12-\d\d BC$/ : /^0001-01-\d\d$/);
    expect(mask(dateShift, '0044-03-15 BC', 'date', { entityKey: 'e' })).toMatch(/^004[45]-\d\d-\d\d BC$/);
    expect(mask(dateShift, 'infinity', 'date')).toBe('infinity');
    expect(mask(dateShift, '-infinity', 'timestamp with time zone')).toBe('-infinity');
  });

  it('moves each date on its own when the caller passes no entity key', () => {
    expect(mask(dateShift, '2024-06-15', 'date')).toBe(mask(dateShift, '2024-06-15', 'date'));
    expect(mask(dateShift, '2024-06-15', 'date')).not.toBe('2024-06-15');
  });

  it('says a value is not a date without printing it', () => {
    expect(() => mask(dateShift, '15/06/2024 Maria', 'text')).toThrow(/^date-shift rule on public\.people\.col: a value is not an ISO date or timestamp \(DateStyle ISO expected\)$/);
  });

  it('checks the type and its options', () => {
    expect(dateShift.check!(column('date'), { entity: 'user_id', maxDays: 10 })).toBeUndefined();
    expect(dateShift.check!(column('integer'), {})).toMatch(/needs date, timestamp or timestamptz/);
    expect(dateShift.check!(column('date'), { maxDays: 0 })).toMatch(/maxDays must be a whole number of days/);
    expect(dateShift.check!(column('date'), { entity: 3 })).toMatch(/option entity must name a column/);
    expect(dateShift.check!(column('date', { unique: true }), {})).toMatch(/is unique, but the date-shift rule/);
  });
});
