import { encodeCopyField } from '../../data/copy-text.js';
import { mix } from '../prng.js';
import type { FamilyInput, Others } from './family.js';
import { MATERIALIZE_LIMIT } from './family.js';

/** A value made up for slot k, from a generator that knows what the column holds (a fake name, an address). */
export type MakeUp = (k: number, attempt: number) => string;

export interface TextInput extends FamilyInput {
  /** varchar(n) / char(n) */
  maxLength?: number;
  /** For PII columns (no real value in the profile): a generator of fake values of the column's kind */
  makeUp?: MakeUp;
  /** The generator's values are distinct for distinct k by construction */
  makeUpUnique?: boolean;
}

const words = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna ' +
  'aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in ' +
  'reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt culpa qui ' +
  'officia deserunt mollit anim id est laborum').split(' ');

/**
 * Text values. With production's histogram bounds (columns that are not PII), the k-th value is the bound at its
 * quantile, and when there are more values than bounds, that bound with a number: the sort order and the look of
 * the column stay. Without bounds, a made-up value of the column's kind (email, name, city…) or words of the
 * column's average width. Small counts are precomputed and checked for repeats; large ones carry k in the value.
 */
export function textOthers(input: TextInput): Others {
  const n = input.count;
  const limit = input.maxLength;
  const fit = (base: string, suffix: string) => {
    if (limit === undefined || base.length + suffix.length <= limit) return base + suffix;
    return base.slice(0, Math.max(0, limit - suffix.length)) + suffix.slice(Math.max(0, suffix.length - limit));
  };
  const pool = input.bounds && input.bounds.length > 0 ? input.bounds : undefined;
  const raw = (k: number, attempt: number): string => {
    if (pool) {
      const i = Math.floor((k * pool.length) / n);
      const first = Math.ceil((i * n) / pool.length);
      const j = k - first + attempt;
      return j === 0 ? fit(pool[i]!, '') : fit(pool[i]!, ` ${j + 1}`);
    }
    if (input.makeUp) {
      const made = input.makeUp(k, attempt);
      return attempt > 2 ? fit(made, ` ${k.toString(36)}`) : fit(made, '');
    }
    return fit(wordsOfWidth(input.averageWidth, input.salt, k), input.unique || n > 1 ? ` ${k.toString(36)}` : '');
  };
  if (n <= MATERIALIZE_LIMIT) {
    const seen = new Set(input.avoid);
    const values: string[] = new Array(n);
    for (let k = 0; k < n; k++) {
      let value = raw(k, 0);
      for (let attempt = 1; seen.has(value) && attempt < 8; attempt++) value = raw(k, attempt);
      seen.add(value);
      values[k] = encodeCopyField(value);
    }
    return { at: (k) => values[k]! };
  }
  if (pool || !input.makeUp || input.makeUpUnique) return { at: (k) => encodeCopyField(raw(k, 0)) };
  return { at: (k) => encodeCopyField(fit(input.makeUp!(k, 0), ` ${k.toString(36)}`)) };
}

/** Words of lorem ipsum adding up to about `width` characters. */
export function wordsOfWidth(width: number, salt: number, k: number): string {
  const target = Math.max(1, Math.round(width) - 1);
  let text = '';
  for (let i = 0; text.length < target; i++) text += (i ? ' ' : '') + words[mix(salt, k, i) % words.length];
  return text.slice(0, target);
}
