import { encodeCopyField } from '../../data/copy-text.js';
import type { Others } from './family.js';

/**
 * A closed set of values (enum labels, true/false, or whatever values production's statistics show for a type
 * without a generator): the other values are those of the set that are not among the most common, in turn.
 */
export function listOthers(values: readonly string[], avoid: readonly string[]): Others | undefined {
  const skip = new Set(avoid);
  const rest = values.filter((v) => !skip.has(v));
  const pool = (rest.length > 0 ? rest : values).map(encodeCopyField);
  if (pool.length === 0) return undefined;
  return { at: (k) => pool[k % pool.length]! };
}
