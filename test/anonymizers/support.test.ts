import { describe, expect, it } from 'vitest';
import { typeShape } from '../../anonymizers/support/column-type.js';
import { LimbPermutation, positionalPermutation } from '../../anonymizers/support/format-permutation.js';
import { mapArrayLiteral } from '../../anonymizers/support/pg-array.js';
import { leaks } from '../../anonymizers/support/text-shape.js';
import { key } from './mask-helpers.js';

describe('the format-preserving permutation', () => {
  it('is a bijection without fixed points on a one-limb domain (all 10,000 four-digit values)', () => {
    const perm = positionalPermutation(key, 'test', 'dddd', [10, 10, 10, 10]);
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const digits = String(i).padStart(4, '0').split('').map(Number);
      perm.derange(digits);
      const out = digits.join('');
      expect(out).not.toBe(String(i).padStart(4, '0'));
      seen.add(out);
    }
    expect(seen.size).toBe(10_000);
  });

  it('is a bijection without fixed points on a Feistel domain (all 2^20 values of two limbs)', () => {
    const perm = new LimbPermutation([1024, 1024], Buffer.alloc(32, 7));
    const seen = new Uint8Array(1 << 20);
    let fixed = 0;
    for (let x = 0; x < 1 << 20; x++) {
      const limbs = [x & 1023, x >> 10];
      perm.derange(limbs);
      const y = limbs[0]! + limbs[1]! * 1024;
      if (y === x) fixed++;
      seen[y] = 1;
    }
    expect(fixed).toBe(0);
    expect(seen.every((b) => b === 1)).toBe(true);
  });

  it('is a bijection on uneven mixed-radix limbs (3 limbs)', () => {
    const perm = new LimbPermutation([26, 10, 7], Buffer.alloc(32, 9));
    const seen = new Set<number>();
    for (let a = 0; a < 26; a++)
      for (let b = 0; b < 10; b++)
        for (let c = 0; c < 7; c++) {
          const limbs = [a, b, c];
          perm.derange(limbs);
          expect(limbs[0]! < 26 && limbs[1]! < 10 && limbs[2]! < 7).toBe(true);
          seen.add(limbs[0]! + 26 * limbs[1]! + 260 * limbs[2]!);
        }
    expect(seen.size).toBe(26 * 10 * 7);
  });
});

describe('array literals', () => {
  it('map every element, keep NULLs, quotes, nesting and bounds', () => {
    expect(mapArrayLiteral('{a,NULL,"b c","d\\"e",""}', (s) => `<${s}>`)).toBe('{<a>,NULL,"<b c>","<d\\"e>",<>}');
    expect(mapArrayLiteral('{{1,2},{3,4}}', (s) => String(Number(s) * 10))).toBe('{{10,20},{30,40}}');
    expect(mapArrayLiteral('[0:1]={x,y}', (s) => s.toUpperCase())).toBe('[0:1]={X,Y}');
    expect(mapArrayLiteral('{}', (s) => s)).toBe('{}');
    expect(mapArrayLiteral('{a,b}', (s) => (s === 'a' ? null : 'null'))).toBe('{NULL,"null"}');
    expect(() => mapArrayLiteral('{a,b', (s) => s)).toThrow(/malformed array literal/);
  });
});

describe('column types', () => {
  it('read the element type, the length limit and the modifiers from format_type()', () => {
    expect(typeShape('character varying(80)')).toMatchObject({ array: false, base: 'character varying', maxLength: 80, textLike: true });
    expect(typeShape('character(10)[]')).toMatchObject({ array: true, element: 'character(10)', maxLength: 10, blankPadded: true });
    expect(typeShape('numeric(12,2)')).toMatchObject({ base: 'numeric', modifiers: [12, 2], maxLength: undefined });
    expect(typeShape('timestamp(3) with time zone')).toMatchObject({ base: 'timestamp with time zone' });
    expect(typeShape('public.citext')).toMatchObject({ base: 'citext', textLike: true });
    expect(typeShape('text')).toMatchObject({ maxLength: undefined, textLike: true });
  });
});

describe('leak detection', () => {
  it('sees the real value, its long words inside others, and its short words standing alone', () => {
    expect(leaks('Mary Smithson', 'John Smith')).toBe(true);
    expect(leaks('Maria', 'MARIA')).toBe(true);
    expect(leaks('Lillian', 'Li')).toBe(false);
    expect(leaks('Lin Li', 'Li')).toBe(true);
    expect(leaks('Jane Doe', 'J. R. Tolkien')).toBe(false);
  });
});
