// The anonymizers and how a pipeline uses them:
//   1. before any row moves, for every ruled column: `getAnonymizer(rule)` (unknown → config error), then
//      `anonymizer.check(column, options)`; a returned string is a config error naming the column;
//   2. per value: NULL stays NULL; otherwise `mask(value, { key, column, options })`, with the COPY text of the value, the
//      key from the environment, and for date-shift `options.entityKey` (see date-shift.ts). A MaskError names the rule and
//      the column, never the value; it fails the snapshot. The output is a plain value (free-text has newlines): escape it
//      for COPY text like any other;
//   3. unique columns: masks of unique rules collide with negligible probability at most, so the writer still counts
//      distinct masked values and fails closed on a collision rather than writing a duplicated key.
// Every foreign key column must use the same rule (and options, and a type as wide) as the key it references: the same
// value then masks to the same output, and joins still join.
import type { Anonymizer } from './anonymizer.js';
import { jsonPath } from './json-path.js';
import { scalarAnonymizers } from './scalar-anonymizers.js';

export { keyedHash, keyedRandom, KeyedRandom, MaskError, MIN_KEY_BYTES, type Anonymizer, type MaskColumn, type MaskContext } from './anonymizer.js';
export { customAnonymizer, type CustomAnonymizerOptions, type CustomMaskContext, type CustomMaskFunction } from './custom.js';

/** Every built-in anonymizer by the name a config uses: `{ rule: 'email' }`. */
export const anonymizers = { ...scalarAnonymizers, 'json-path': jsonPath } as const satisfies Record<string, Anonymizer>;

export type AnonymizerName = keyof typeof anonymizers;

/** The names, for the config schema: `z.enum(anonymizerNames)`. */
export const anonymizerNames = Object.keys(anonymizers) as [AnonymizerName, ...AnonymizerName[]];

/**
 * The anonymizer a config names: a built-in one, else one of `custom` (the config's own functions, made with
 * customAnonymizer); undefined for an unknown name.
 *
 * @example getAnonymizer('email')?.mask('ann@corp.example', ctx)
 */
export function getAnonymizer(name: string, custom: Readonly<Record<string, Anonymizer>> = {}): Anonymizer | undefined {
  if (Object.hasOwn(anonymizers, name)) return anonymizers[name as AnonymizerName];
  return Object.hasOwn(custom, name) ? custom[name] : undefined;
}

export const isAnonymizerName = (name: string): name is AnonymizerName => Object.hasOwn(anonymizers, name);
