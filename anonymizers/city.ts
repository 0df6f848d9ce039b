import { defineAnonymizer, keyedRandom, type KeyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { fakerData } from './support/seeded-faker.js';
import { drawText, textColumnProblem } from './support/text-shape.js';

/** @example city.mask('Springfield', ctx) // 'Port Deshawnton' */
export const city = defineAnonymizer({
  name: 'city',
  description:
    "A city from faker's en patterns (\"Port Alanna\", \"Kuhicville\", or a real US city name), in the case style of the input; never one that contains the real one. Not unique.",
  unique: false,
  mask(value, ctx) {
    const random = keyedRandom(ctx.key, 'city', value);
    return drawText(value, typeShape(ctx.column.type).maxLength, () => cityName(random));
  },
  check: (column) => textColumnProblem('city', column),
});

// faker's en city_pattern, drawn directly (faker.helpers.fake() parses the pattern on every call)
function cityName(random: KeyedRandom): string {
  const d = fakerData;
  switch (random.int(5)) {
    case 0:
      return `${random.pick(d.cityPrefixes)} ${random.pick(d.firstNames)}${random.pick(d.citySuffixes)}`;
    case 1:
      return `${random.pick(d.cityPrefixes)} ${random.pick(d.firstNames)}`;
    case 2:
      return `${random.pick(d.firstNames)}${random.pick(d.citySuffixes)}`;
    case 3:
      return `${random.pick(d.lastNames)}${random.pick(d.citySuffixes)}`;
    default:
      return random.pick(d.cityNames);
  }
}
