import type { Faker } from '@faker-js/faker';
import { defineAnonymizer, keyedRandom, MaskError, type Anonymizer, type KeyedRandom, type MaskColumn, type MaskContext } from './anonymizer.js';
import { scalarAnonymizers } from './scalar-anonymizers.js';
import { seededFaker } from './support/seeded-faker.js';

/** What a custom function gets besides the value: the context, and randomness seeded from the value's keyed hash. */
export interface CustomMaskContext extends MaskContext {
  /** the stream of HMAC-SHA256(key, name + '\0' + value) */
  random: KeyedRandom;
  /** the shared Faker drawing from `random`: `faker.person.jobTitle()` gives the same title for the same value in every run */
  faker: Faker;
}

export type CustomMaskFunction = (value: string, ctx: CustomMaskContext) => string | null;

export interface CustomAnonymizerOptions {
  /** true only if the function keeps distinct values distinct; a unique column refuses the rule otherwise */
  unique?: boolean;
  description?: string;
  /** an extra check of the column and options, as built-in rules have */
  check?: (column: MaskColumn, options: Record<string, unknown>) => string | undefined;
}

/**
 * An anonymizer from a function in sandbox.config.ts. Use `ctx.random` or `ctx.faker` for anything random (never
 * Math.random or the clock): they are seeded from the keyed hash of the value, so the function stays deterministic and
 * keyed like the built-in rules. Arrays and char(n) padding are handled as for them; the function must return a string
 * or null, anything else fails the snapshot.
 *
 * @example
 * customAnonymizer('job-title', (_value, { faker }) => faker.person.jobTitle())
 */
export function customAnonymizer(name: string, fn: CustomMaskFunction, options: CustomAnonymizerOptions = {}): Anonymizer {
  if (!/^[a-z][a-z0-9-]*$/i.test(name)) throw new Error(`custom anonymizer name ${JSON.stringify(name)}: use letters, digits and dashes`);
  if (Object.hasOwn(scalarAnonymizers, name) || name === 'json-path') throw new Error(`custom anonymizer ${name}: a built-in rule has that name`);
  if (typeof fn !== 'function') throw new Error(`custom anonymizer ${name}: expected a function (value, ctx) => string | null`);
  return defineAnonymizer({
    name,
    description: options.description ?? `Custom function ${name} from the config${options.unique ? ' (declared unique)' : ''}.`,
    unique: options.unique ?? false,
    mask(value, ctx) {
      const random = keyedRandom(ctx.key, name, value);
      const out = fn(value, { ...ctx, random, faker: seededFaker(random) });
      if (out !== null && typeof out !== 'string') throw new MaskError(name, ctx.column, `the custom function returned ${typeof out}, not a string or null`);
      if (out === null && ctx.column.notNull) throw new MaskError(name, ctx.column, 'the custom function returned null for a NOT NULL column');
      return out;
    },
    ...(options.check ? { check: options.check } : {}),
  });
}
