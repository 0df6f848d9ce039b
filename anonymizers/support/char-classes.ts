import { keyedRandom } from '../anonymizer.js';
import { positionalPermutation } from './format-permutation.js';

/**
 * What is masked: the first digit is kept when it is one of `keep`, else permuted among the digits from `from` (1–9) to
 * 9; letters only when `letters`. A value of more than `maxPositions` maskable characters is no phone number or
 * postcode: it gets random characters of the same classes from its keyed hash instead of a permutation (whose tables
 * would take longer to build than the value is worth), distinct for distinct values with probability 1 − n²/2^(b+1),
 * b ≥ 3.3 bits per character.
 */
export interface MaskedClasses {
  keep: string;
  from: number;
  letters: boolean;
  maxPositions: number;
}

// position classes: a digit, an upper-case letter, a lower-case letter, the first digit (10 - from values)
const DIGIT = 0;
const UPPER = 1;
const LOWER = 2;
const LEADING = 3;
const shapeChars = 'dAaL';

/**
 * Replaces every ASCII digit (and letter, if asked) of `value` by another of its class (digit, upper-case letter, lower-case letter),
 * keeping everything else (punctuation, blanks, a leading '+', other scripts) in place, through a keyed permutation of
 * the values of that shape: distinct inputs give distinct outputs, and no output equals its input. The first digit keeps
 * its class (a leading '0' stays '0'), so that a national prefix or a number stored as an integer keeps its meaning.
 *
 * @example permuteCharacters(key, 'zip', 'SW1A 1AA', { keep: '0', from: 1, letters: true, maxPositions: 12 }) // e.g. 'KD7R 4PX'
 */
export function permuteCharacters(key: Buffer, label: string, value: string, leading: MaskedClasses): string {
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
    } else if (!leading.letters) {
      continue;
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
  if (positions.length <= leading.maxPositions) {
    positionalPermutation(key, label, `${leading.from}${leading.letters ? 'L' : ''}${shape}`, radices).derange(values);
  } else {
    const random = keyedRandom(key, label, value);
    for (let j = 0; j < values.length; j++) values[j] = random.int(radices[j]!);
  }
  for (let j = 0; j < positions.length; j++) {
    const kind = kinds[j]!;
    const v = values[j]!;
    codes[positions[j]!] = kind === DIGIT ? 48 + v : kind === UPPER ? 65 + v : kind === LOWER ? 97 + v : 48 + leading.from + v;
  }
  if (n <= 4096) return String.fromCharCode(...codes);
  let out = ''; // a spread of more arguments could overflow the stack
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}
