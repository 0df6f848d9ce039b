import { columnName, defineAnonymizer, digestBase32, transientKeyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { fakerData } from './support/seeded-faker.js';
import { hasAsciiLowerCase, leaks } from './support/text-shape.js';

const domains = ['example.com', 'example.org', 'example.net'] as const; // reserved for examples (RFC 2606): mail to them goes nowhere
const HASH_CHARS = 16; // 80 bits
const DOMAIN_CHARS = 11;
const MIN_UNIQUE_LENGTH = HASH_CHARS + 1 + DOMAIN_CHARS;
const MIN_LENGTH = 1 + 1 + DOMAIN_CHARS;
const localNames = fakerData.firstNames.map((n) => n.toLowerCase()).filter((n) => /^[a-z]+$/.test(n));

/**
 * A valid address at example.com / .org / .net whose local part carries 80 bits of the keyed hash.
 *
 * @example email.mask('Ann.Lee@corp.example', ctx) // 'marlene.k3xqb2mzt4wp5aex@example.org'
 */
export const email = defineAnonymizer({
  name: 'email',
  description:
    'A valid address at example.com, example.org or example.net: a faker first name, a dot and 16 base32 characters (80 bits) of the keyed hash, ' +
    'e.g. "marlene.k3xqb2mzt4wp5aex@example.org". Unique: n distinct inputs collide with probability below n²/2^81 (4·10^-9 for 10^8 rows). ' +
    'An all upper-case input gives an upper-case address. When varchar(n) is too short the name is dropped (28 characters are enough), ' +
    'then, on non-unique columns only, hash characters.',
  unique: true,
  mask(value, ctx) {
    const random = transientKeyedRandom(ctx.key, 'email', value);
    const domain = domains[random.int(domains.length)]!;
    const hash = digestBase32(random.words, HASH_CHARS);
    const at = value.lastIndexOf('@');
    const realLocal = at > 0 ? value.slice(0, at) : value;
    let name: string | undefined;
    for (let tries = 0; tries < 8 && name === undefined; tries++) {
      const candidate = random.pick(localNames);
      if (!leaks(candidate, realLocal)) name = candidate;
    }
    const limit = typeShape(ctx.column.type).maxLength;
    let out = name === undefined ? `${hash}@${domain}` : `${name}.${hash}@${domain}`;
    if (limit !== undefined && out.length > limit) {
      out = `${hash.slice(0, Math.max(1, limit - 1 - DOMAIN_CHARS))}@${domain}`;
    }
    // an ASCII lower-case letter means the value is not all upper case: the common case needs no conversion
    return !hasAsciiLowerCase(value) && value === value.toUpperCase() && value !== value.toLowerCase() ? out.toUpperCase() : out;
  },
  check(column) {
    const shape = typeShape(column.type);
    if (!shape.textLike) return `${columnName(column)} is ${column.type}; the email rule writes text`;
    const limit = shape.maxLength;
    if (limit !== undefined && limit < MIN_LENGTH) return `${columnName(column)} is ${column.type}: too short for any address at ${domains[0]}`;
    if (column.unique && limit !== undefined && limit < MIN_UNIQUE_LENGTH) {
      return `${columnName(column)} is unique and ${column.type}: the email rule needs ${MIN_UNIQUE_LENGTH} characters to keep 80 bits of the hash`;
    }
    return undefined;
  },
});
