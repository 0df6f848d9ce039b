import { encodeCopyField } from '../../data/copy-text.js';
import { mix } from '../prng.js';
import type { FamilyInput, Others } from './family.js';

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

/** Version-4-shaped UUIDs whose last 48 bits are k: distinct by construction. */
export function uuidOthers(input: FamilyInput): Others {
  return {
    at(k) {
      const a = hex8(mix(input.salt, k, 1));
      const b = hex8(mix(input.salt, k, 2));
      const tail = Math.floor(k).toString(16).padStart(12, '0').slice(-12);
      return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${(8 + (mix(input.salt, k, 3) & 3)).toString(16)}${hex8(mix(input.salt, k, 4)).slice(0, 3)}-${tail}`;
    },
  };
}

/** bytea of about the column's average width; the first six bytes are k, so values are distinct. */
export function byteaOthers(input: FamilyInput): Others {
  const bytes = Math.max(6, Math.round(input.averageWidth) - 1);
  return {
    at(k) {
      let hex = Math.floor(k).toString(16).padStart(12, '0').slice(-12);
      for (let i = 0; hex.length < bytes * 2; i++) hex += hex8(mix(input.salt, k, i));
      // COPY text reads a backslash as an escape: \\x is the bytea hex input \x
      return `\\\\x${hex.slice(0, bytes * 2)}`;
    },
  };
}

/**
 * Values of production's statistics made distinct by construction where the type allows it: a JSON object gets a
 * numbered key, a tsvector one more lexeme; beyond the known values, `fresh(k)` makes one up.
 */
export function patternedOthers(input: FamilyInput, pool: readonly string[], distinguish: (value: string, k: number) => string, fresh: (k: number) => string): Others {
  const skip = new Set(input.avoid);
  const known = pool.filter((v) => !skip.has(v));
  return {
    at(k) {
      if (k < known.length) return encodeCopyField(known[k]!);
      if (known.length === 0) return encodeCopyField(fresh(k));
      return encodeCopyField(distinguish(known[k % known.length]!, k));
    },
  };
}
