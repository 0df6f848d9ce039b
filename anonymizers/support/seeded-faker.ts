import { base, en, Faker, type Randomizer } from '@faker-js/faker';
import { KeyedRandom } from '../anonymizer.js';

// faker.seed() rebuilds a Mersenne Twister (~35 µs a call, 35 s per million values). Instead the one Faker instance draws
// from whatever KeyedRandom was handed to seededFaker() last: seeding is then free, and a value's draws depend on its
// keyed hash only.
let current = KeyedRandom.fromSeed(0);
const randomizer: Randomizer = {
  next: () => current.next(),
  seed: (seed) => {
    current = KeyedRandom.fromSeed(Array.isArray(seed) ? seed.reduce((a, b) => Math.imul(a, 31) + b, 0) : seed);
  },
};

const faker = new Faker({ locale: [en, base], randomizer });

/**
 * The shared Faker (locale en), drawing from `random` until the next call. Mask functions are synchronous, so no other
 * value can draw in between.
 *
 * @example seededFaker(keyedRandom(key, 'my-rule', value)).company.name()
 */
export function seededFaker(random: KeyedRandom): Faker {
  current = random;
  return faker;
}

const people = faker.definitions.person;
const places = faker.definitions.location;
const ascii = (list: readonly string[]) => list.filter((s) => /^[A-Za-z][A-Za-z' -]*$/.test(s));

/**
 * faker's en data, read once: mask functions pick from these lists with their KeyedRandom directly, which costs a tenth of
 * going through faker.helpers (the pick is the same kind of uniform draw).
 */
export const fakerData = {
  firstNames: ascii([...new Set([...people.first_name.generic!, ...people.first_name.female!, ...people.first_name.male!])]),
  middleNames: ascii([...new Set([...(people.middle_name?.generic ?? []), ...(people.middle_name?.female ?? []), ...(people.middle_name?.male ?? [])])]),
  lastNames: ascii(people.last_name.generic!),
  streetSuffixes: ascii(places.street_suffix),
  streetNames: places.street_name,
  cityNames: places.city_name,
  cityPrefixes: places.city_prefix,
  citySuffixes: places.city_suffix,
  loremWords: faker.definitions.lorem.word,
} as const;

/** A last name as faker draws it: one in twenty double-barrelled. */
export const drawLastName = (random: KeyedRandom) =>
  random.int(20) === 0 ? `${random.pick(fakerData.lastNames)}-${random.pick(fakerData.lastNames)}` : random.pick(fakerData.lastNames);
