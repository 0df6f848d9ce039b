import { columnName, defineAnonymizer } from './anonymizer.js';
import { permuteCharacters } from './support/char-classes.js';
import { typeShape } from './support/column-type.js';
import { textColumnProblem } from './support/text-shape.js';

/**
 * A postcode of the same shape: digits stay digits, letters stay letters of the same case, blanks and dashes stay.
 *
 * @example zip.mask('SW1A 1AA', ctx) // 'KD7R 4PX'; zip.mask('02139-4307', ctx) // '07518-2261'
 */
export const zip = defineAnonymizer({
  name: 'zip',
  description:
    'Same shape: every digit and ASCII letter replaced by one of its class through a keyed permutation of the codes of that shape ' +
    '(02139 → 0xxxx, SW1A 1AA → LLdL dLL); a leading 0 is kept so that codes stored as integers keep their digit count. ' +
    'Unique by construction, and no output equals its input (values of more than 12 letters and digits, no postcodes, get characters from ' +
    'the keyed hash instead: distinct with probability 1 − n²/2^40).',
  unique: true,
  mask: (value, ctx) => permuteCharacters(ctx.key, 'zip', value, { keep: '0', from: 1, letters: true, maxPositions: 12 }),
  check(column) {
    const shape = typeShape(column.type);
    if (shape.base === 'integer' || shape.base === 'bigint' || shape.base === 'numeric') return undefined;
    if (shape.textLike) return textColumnProblem('zip', column);
    return `${columnName(column)} is ${column.type}; the zip rule needs text or an integer type`;
  },
});
