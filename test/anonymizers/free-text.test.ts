import { describe, expect, it } from 'vitest';
import { freeText } from '../../anonymizers/free-text.js';
import { column, leaked, mask, pii } from './mask-helpers.js';

const lengthClass = (s: string) => (s.length <= 40 ? 'short' : s.length <= 400 ? 'medium' : 'long');
const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

describe('free-text', () => {
  it('writes lorem text of the same length class, within about 20% of the real length', () => {
    const samples = ['VIP', 'Call back', ...pii.notes, 'Lorem-free English text about a customer. '.repeat(30)];
    for (const real of samples) {
      const out = mask(freeText, real);
      expect(lengthClass(out), real).toBe(lengthClass(real));
      if (real.length > 20) {
        expect(out.length).toBeGreaterThanOrEqual(real.length * 0.7);
        expect(out.length).toBeLessThanOrEqual(real.length * 1.2);
      }
    }
  });

  it('uses none of the real words and never the real text', () => {
    for (const real of pii.notes) {
      const out = mask(freeText, real);
      expect(leaked(real, out), real).toEqual([]);
      const realWords = new Set(words(real));
      expect(words(out).filter((w) => realWords.has(w))).toEqual([]);
    }
  });

  it('keeps the number of lines and upper case', () => {
    expect(mask(freeText, 'Line one of the note\nline two of the note\nand a third line').split('\n')).toHaveLength(3);
    expect(mask(freeText, 'CALL BEFORE DELIVERY')).toBe(mask(freeText, 'CALL BEFORE DELIVERY').toUpperCase());
  });

  it('fits varchar(n)', () => {
    for (const real of pii.notes) expect(mask(freeText, real, 'character varying(30)').length).toBeLessThanOrEqual(30);
  });

  it('is refused on unique and non-text columns', () => {
    expect(freeText.check!(column('text', { unique: true }), {})).toMatch(/is unique, but the free-text rule/);
    expect(freeText.check!(column('jsonb'), {})).toMatch(/is jsonb; the free-text rule writes text/);
  });
});
