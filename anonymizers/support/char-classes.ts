import { positionalPermutation } from './format-permutation.js';

/** How the first digit of a value is treated: kept when it is one of `keep`, else permuted among the digits from `from` (1–9) to 9. */
export interface LeadingDigit {
  keep: string;
  from: number;
}

// position classes: a digit, an upper-case letter, a lower-case letter, the first digit (10 - from values)
const DIGIT = 0;
const UPPER = 1;
const LOWER = 2;
const LEADING = 3;
const shapeChars = 'dAaL';

/**
 * Replaces every ASCII digit and letter of `value` by another of its class (digit, upper-case letter, lower-case letter),
 * keeping everything else (punctuation, blanks, a leading '+', other scripts) in place, through a keyed permutation of
 * the values of that shape: distinct inputs give distinct outputs, and no output equals its input. The first digit keeps
 * its class (a leading '0' stays '0'), so that a national prefix or a number stored as an integer keeps its meaning.
 *
 * @example permuteCharacters(key, 'zip', 'SW1A 1AA', { keep: '0', from: 1 }) // e.g. 'KD7R 4PX'
 */
export function permuteCharacters(key: Buffer, label: string, value: string, leading: LeadingDigit): string {
  const n = value.length;
  const codes = new Array<number>(n);
  const positions: number[] = [];
  const kinds: number[] = [];
  const values: number[] = [];
  const radices: number[] = [];
  let shape = '';
  let seenDigit = false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    codes[i] = c;
    let kind: number;
    let v: number;
    let radix: number;
    if (c >= 48 && c <= 57) {
      v = c - 48;
      kind = DIGIT;
      radix = 10;
      if (!seenDigit) {
        seenDigit = true;
        if (leading.keep.includes(value[i]!)) continue;
        if (v >= leading.from) {
          kind = LEADING;
          v -= leading.from;
          radix = 10 - leading.from;
        }
      }
    } else if (c >= 65 && c <= 90) {
      v = c - 65;
      kind = UPPER;
      radix = 26;
    } else if (c >= 97 && c <= 122) {
      v = c - 97;
      kind = LOWER;
      radix = 26;
    } else {
      continue;
    }
    positions.push(i);
    kinds.push(kind);
    values.push(v);
    radices.push(radix);
    shape += shapeChars[kind];
  }
  if (positions.length === 0) return value;
  positionalPermutation(key, label, leading.from + shape, radices).derange(values);
  for (let j = 0; j < positions.length; j++) {
    const kind = kinds[j]!;
    const v = values[j]!;
    codes[positions[j]!] = kind === DIGIT ? 48 + v : kind === UPPER ? 65 + v : kind === LOWER ? 97 + v : 48 + leading.from + v;
  }
  return String.fromCharCode(...codes);
}
