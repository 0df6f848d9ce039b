import { keyedRandom } from '../anonymizer.js';
import { positionalPermutation, type PositionalPermutation } from './format-permutation.js';

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
  // one value at a time (masks are synchronous): the scratch arrays above are reused, nothing is allocated per value
  const n = value.length;
  if (codes.length < n) codes = new Uint16Array(Math.max(n, 2 * codes.length));
  let count = 0;
  // the shape as a number (the classes in base 4, and their count) for the cache of permutations; exact up to 24 positions
  let shapeCode = 0;
  let weight = 1;
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
    positions[count] = i;
    kinds[count] = kind;
    values[count] = v;
    radices[count] = radix;
    shapeCode += kind * weight;
    weight *= 4;
    count++;
  }
  if (count === 0) return value;
  if (count <= leading.maxPositions) {
    permutationOf(key, label, leading, count, shapeCode).derange(values);
  } else {
    const random = keyedRandom(key, label, value);
    for (let j = 0; j < count; j++) values[j] = random.int(radices[j]!);
  }
  for (let j = 0; j < count; j++) {
    const kind = kinds[j]!;
    const v = values[j]!;
    codes[positions[j]!] = kind === DIGIT ? 48 + v : kind === UPPER ? 65 + v : kind === LOWER ? 97 + v : 48 + leading.from + v;
  }
  let out = ''; // a spread of more arguments could overflow the stack
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 4096)) as unknown as number[]);
  return out;
}

let codes = new Uint16Array(256);
const positions: number[] = [];
const kinds: number[] = [];
const values: number[] = [];
const radices: number[] = [];
const MAX_CODED = 24;
const MAX_SHAPES = 128;
const CODED_COUNT = 4 ** MAX_CODED;
/** key → label → leading classes → numeric shape → permutation: no string is built to find the permutation of a known shape */
const permutations = new WeakMap<Buffer, Map<string, Map<number, Map<number, PositionalPermutation>>>>();

const last: { key?: Buffer; label?: string; variant?: number; code?: number; permutation?: PositionalPermutation } = {};

/** The permutation of the first `count` positions of the scratch arrays (positionalPermutation, found by a numeric key). */
function permutationOf(key: Buffer, label: string, leading: MaskedClasses, count: number, shapeCode: number): PositionalPermutation {
  const variant = 2 * leading.from + (leading.letters ? 1 : 0);
  // count × 4^24 + the classes in base 4: below 2^53, so exact
  const code = count <= MAX_CODED ? count * CODED_COUNT + shapeCode : -1;
  // the values of a column mostly share one shape: the last permutation found is asked for again
  if (code >= 0 && last.code === code && last.key === key && last.label === label && last.variant === variant) return last.permutation!;
  let byLabel = permutations.get(key);
  if (!byLabel) permutations.set(key, (byLabel = new Map()));
  let byVariant = byLabel.get(label);
  if (!byVariant) byLabel.set(label, (byVariant = new Map()));
  let byShape = byVariant.get(variant);
  if (!byShape) byVariant.set(variant, (byShape = new Map()));
  let permutation = code >= 0 ? byShape.get(code) : undefined;
  if (!permutation) {
    let shape = '';
    for (let j = 0; j < count; j++) shape += shapeChars[kinds[j]!];
    // the radices are copied: the permutation keeps them, and the scratch array changes with the next value
    permutation = positionalPermutation(key, label, `${leading.from}${leading.letters ? 'L' : ''}${shape}`, radices.slice(0, count));
    if (code >= 0) {
      if (byShape.size >= MAX_SHAPES) byShape.delete(byShape.keys().next().value!);
      byShape.set(code, permutation);
    }
  }
  if (code >= 0) Object.assign(last, { key, label, variant, code, permutation });
  return permutation;
}
