import { defineAnonymizer, keyedRandom, type KeyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { fakerData } from './support/seeded-faker.js';
import { drawText, textColumnProblem } from './support/text-shape.js';

const leadingNumber = /^\s*(\d+)/;
const trailingNumber = /\s(\d+)\s*[a-z]?\s*$/i;
const unit = /\b(?:apt|apartment|suite|ste|unit|flat)\b|#\s*\d/i;

/**
 * A faker street address laid out like the real one: "12 Main St" gives a number first, "Hauptstraße 12" a number
 * last, with as many digits; an apartment or suite stays an apartment or suite.
 *
 * @example street.mask('221B Baker Street', ctx) // '438 Kuhlman Crossroad'
 */
export const street = defineAnonymizer({
  name: 'street',
  description:
    "A faker street address (en): a street from faker's patterns (a name and a suffix, or a real US street name) with a house number of as many " +
    'digits as the real one, first or last as in the real one, and "Apt. 123"/"Suite 123" when the real one has a unit; case style kept; ' +
    'no word of the real address reappears. Not unique.',
  unique: false,
  mask(value, ctx) {
    const random = keyedRandom(ctx.key, 'street', value);
    const first = leadingNumber.exec(value)?.[1];
    const last = first === undefined ? trailingNumber.exec(value)?.[1] : undefined;
    const digits = (first ?? last)?.length;
    const hasUnit = unit.test(value);
    return drawText(value, typeShape(ctx.column.type).maxLength, () => {
      const name = streetName(random);
      const number = digits === undefined ? '' : houseNumber(random, digits);
      const address = first !== undefined ? `${number} ${name}` : last !== undefined ? `${name} ${number}` : name;
      return hasUnit ? `${address} ${random.int(2) === 0 ? 'Apt.' : 'Suite'} ${houseNumber(random, 3)}` : address;
    });
  },
  check: (column) => textColumnProblem('street', column),
});

function streetName(random: KeyedRandom): string {
  switch (random.int(3)) {
    case 0:
      return `${random.pick(fakerData.firstNames)} ${random.pick(fakerData.streetSuffixes)}`;
    case 1:
      return `${random.pick(fakerData.lastNames)} ${random.pick(fakerData.streetSuffixes)}`;
    default:
      return random.pick(fakerData.streetNames);
  }
}

function houseNumber(random: KeyedRandom, digits: number): string {
  let out = String(1 + random.int(9));
  for (let i = 1; i < Math.min(digits, 6); i++) out += String(random.int(10));
  return out;
}
