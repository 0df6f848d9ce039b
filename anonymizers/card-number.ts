import { columnName, defineAnonymizer } from './anonymizer.js';
import { permuteCharacters } from './support/char-classes.js';
import { typeShape } from './support/column-type.js';
import { positionalPermutation } from './support/format-permutation.js';
import { textColumnProblem } from './support/text-shape.js';

/**
 * A card number of the same length and grouping, Luhn-valid when the real one is, with the same first digit (the
 * network: 4 Visa, 5 Mastercard, 3 Amex).
 *
 * @example cardNumber.mask('4111 1111 1111 1111', ctx) // '4532 0761 8813 4095'
 */
export const cardNumber = defineAnonymizer({
  name: 'card-number',
  description:
    'Same length and grouping and same first digit (the network); the digits between the first and the check digit go through a keyed ' +
    'permutation of all numbers of that length, and the check digit is recomputed: Luhn-valid inputs give Luhn-valid outputs (an input that ' +
    'fails Luhn keeps its error, so distinct inputs stay distinct). Other values (fewer than 12 or more than 19 digits, stars) are masked digit by digit like a phone number. ' +
    'Unique by construction; no output equals its input.',
  unique: true,
  mask(value, ctx) {
    const positions: number[] = [];
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 48 && c <= 57) positions.push(i);
      else if (!(c === 32 || c === 45)) return permuteCharacters(ctx.key, 'card-number', value, { keep: '0', from: 1, letters: false, maxPositions: 24 });
    }
    if (positions.length < 12 || positions.length > 19 || positions[0] !== 0) return permuteCharacters(ctx.key, 'card-number', value, { keep: '0', from: 1, letters: false, maxPositions: 24 });
    const digits = positions.map((p) => value.charCodeAt(p) - 48);
    const n = digits.length;
    const offset = (digits[n - 1]! - luhnDigit(digits, n - 1) + 10) % 10;
    const middle = digits.slice(1, n - 1);
    positionalPermutation(ctx.key, 'card-number', String(n), new Array<number>(middle.length).fill(10)).derange(middle);
    const out = [digits[0]!, ...middle, 0];
    out[n - 1] = (luhnDigit(out, n - 1) + offset) % 10;
    const chars = value.split('');
    positions.forEach((p, i) => (chars[p] = String(out[i])));
    return chars.join('');
  },
  check(column) {
    const shape = typeShape(column.type);
    if (shape.base === 'bigint' || shape.base === 'numeric') return undefined;
    if (shape.textLike) return textColumnProblem('card-number', column);
    return `${columnName(column)} is ${column.type}; the card-number rule needs text, bigint or numeric`;
  },
});

/** The Luhn check digit for the first `length` digits. */
function luhnDigit(digits: readonly number[], length: number): number {
  let sum = 0;
  for (let i = length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits[i]!;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}
