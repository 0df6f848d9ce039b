import { columnName, defineAnonymizer } from './anonymizer.js';
import { permuteCharacters } from './support/char-classes.js';
import { typeShape } from './support/column-type.js';
import { textColumnProblem } from './support/text-shape.js';

/**
 * Every digit replaced through a keyed permutation of the numbers of that shape; punctuation, blanks and a leading '+'
 * stay where they are.
 *
 * @example phone.mask('+1 (415) 555-0132', ctx) // '+1 (738) 206-9914'
 */
export const phone = defineAnonymizer({
  name: 'phone',
  description:
    'Same punctuation pattern and digit count: the digits go through a keyed permutation of all numbers of that shape (a Feistel network on secret ' +
    'tables, see support/format-permutation.ts); letters ("ext. 12") are kept. A leading 0 (trunk prefix) or 1 (NANP country code) is kept, ' +
    'any other first digit stays in 2–9. Unique by construction: distinct inputs give distinct outputs, and no output equals its input ' +
    '(values of more than 24 digits, no phone numbers, get digits from the keyed hash instead: distinct with probability 1 − n²/2^80).',
  unique: true,
  mask: (value, ctx) => permuteCharacters(ctx.key, 'phone', value, { keep: '01', from: 2, letters: false, maxPositions: 24 }),
  check(column) {
    const shape = typeShape(column.type);
    if (shape.base === 'bigint' || shape.base === 'numeric') return undefined;
    if (shape.textLike) return textColumnProblem('phone', column);
    return `${columnName(column)} is ${column.type}; the phone rule needs text, bigint or numeric`;
  },
});
