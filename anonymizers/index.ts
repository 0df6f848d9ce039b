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
