import { defineAnonymizer, keyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { fakerData } from './support/seeded-faker.js';
import { drawText, textColumnProblem } from './support/text-shape.js';

/** @example firstName.mask('Maria', ctx) // 'Desmond' */
export const firstName = defineAnonymizer({
  name: 'first-name',
  description: `A first name from faker's en list (${fakerData.firstNames.length} names), in the case style of the input (MARIA gives an upper-case name); never one that contains the real one. Not unique.`,
  unique: false,
  mask(value, ctx) {
    const random = keyedRandom(ctx.key, 'first-name', value);
    return drawText(value, typeShape(ctx.column.type).maxLength, () => random.pick(fakerData.firstNames));
  },
  check: (column) => textColumnProblem('first-name', column),
});
