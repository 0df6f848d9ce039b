import { defineAnonymizer, keyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { drawLastName, fakerData } from './support/seeded-faker.js';
import { drawText, textColumnProblem } from './support/text-shape.js';

/** @example lastName.mask("O'Connor", ctx) // 'Hettinger' */
export const lastName = defineAnonymizer({
  name: 'last-name',
  description: `A last name from faker's en list (${fakerData.lastNames.length} names, one in twenty double-barrelled, as faker does), in the case style of the input; never one that contains the real one. Not unique.`,
  unique: false,
  mask(value, ctx) {
    const random = keyedRandom(ctx.key, 'last-name', value);
    return drawText(value, typeShape(ctx.column.type).maxLength, () => drawLastName(random));
  },
  check: (column) => textColumnProblem('last-name', column),
});

