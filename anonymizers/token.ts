import { columnName, defineAnonymizer, keyedRandom, type KeyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';

const alphabets = {
  lowerHex: '0123456789abcdef',
  upperHex: '0123456789ABCDEF',
  digits: '0123456789',
  base64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  crypt64: './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz', // bcrypt, sha512crypt
  alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
} as const;

// Parts of a password hash that describe the algorithm rather than the secret: identifiers ($2b$, $argon2id$, pbkdf2_sha256),
// parameters (v=19, m=65536,t=3,p=4, rounds=5000, ln=17,r=8,p=1) and cost or iteration counts.
const algorithm = /^(?:\d[a-z]?|[a-z]{1,2}|argon2(?:id|i|d)?|bcrypt(?:[_-]sha256)?|scrypt|yescrypt|pbkdf2(?:[_-]sha\d+)?|sha\d+(?:crypt)?|md5(?:crypt)?|apr1|unsalted_\w+|django\w*)$/i;
const parameters = /^(?:[a-z][\w-]*=[\w.+/-]*)(?:,[a-z][\w-]*=[\w.+/-]*)*$/i;
const count = /^\d{1,7}$/;
const werkzeugMethod = /^[a-z][\w-]*(?::[\w-]+)+$/i; // pbkdf2:sha256:600000, scrypt:32768:8:1
const jwt = /^(eyJ[\w-]*)\.([\w-]+)\.([\w-]*)$/;
const servicePrefix = /^(?:[a-z]{2,5}[_-](?:(?:live|test)_)?)(?=[A-Za-z0-9]{12})/; // sk_live_, ghp_, xoxb-, pk_test_

/**
 * A token of the same length and alphabet, and a password hash of the same format with its salt and digest replaced.
 *
 * @example token.mask('$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', ctx) // '$2b$12$' + 53 new crypt64 characters
 */
export const token = defineAnonymizer({
  name: 'token',
  description:
    'Same length and alphabet: hex stays hex (same case), digits stay digits, base64/base64url/crypt64 stay in their alphabet (padding kept), ' +
    'anything else character by character (letter for letter, digit for digit, punctuation kept). Password hashes keep their format and ' +
    'parameters ($2b$12$…, $argon2id$v=19$m=…$…, $6$rounds=…$…, pbkdf2_sha256$600000$…, pbkdf2:sha256:…$…, scrypt) with salt and digest replaced; ' +
    'JWTs keep their header; service prefixes (sk_live_, ghp_, xoxb-) are kept. Unique when tokens are long enough: the random part carries ' +
    'up to 128 bits of the keyed hash (4 per hex character, 6 per base64 character), so 32 hex or 22 base64 characters make collisions negligible (n²/2^129); ' +
    'short codes (6-digit PINs) can collide, which the snapshot writer detects on unique columns.',
  unique: true,
  mask(value, ctx) {
    const random = keyedRandom(ctx.key, 'token', value);
    let out = maskToken(value, random);
    for (let tries = 0; out === value && tries < 8; tries++) out = maskToken(value, random); // one-character tokens
    return out;
  },
  check(column) {
    const shape = typeShape(column.type);
    if (shape.base === 'bytea') return undefined;
    if (!shape.textLike) return `${columnName(column)} is ${column.type}; the token rule needs text or bytea`;
    if (column.unique && shape.maxLength !== undefined && shape.maxLength < 16) {
      return `${columnName(column)} is unique and ${column.type}: tokens of fewer than 16 characters carry too few random bits to stay distinct`;
    }
    return undefined;
  },
});

function maskToken(value: string, random: KeyedRandom): string {
  if (value.startsWith('\\x') && /^\\x[0-9a-f]*$/.test(value)) return `\\x${regenerate(value.slice(2), alphabets.lowerHex, random)}`; // bytea
  if (value.includes('$')) return maskPasswordHash(value, random);
  const token = jwt.exec(value);
  if (token) return `${token[1]}.${maskRun(token[2]!, random)}.${maskRun(token[3]!, random)}`;
  const prefix = servicePrefix.exec(value)?.[0] ?? '';
  return prefix + maskRun(value.slice(prefix.length), random);
}

function maskPasswordHash(value: string, random: KeyedRandom): string {
  const segments = value.split('$');
  return segments
    .map((segment, i) => {
      if (segment === '') return segment;
      const structural = algorithm.test(segment) || parameters.test(segment) || count.test(segment) || (i === 0 && werkzeugMethod.test(segment));
      // the last segment is always the digest, even when it looks like a parameter
      return structural && i < segments.length - 1 ? segment : maskRun(segment, random);
    })
    .join('$');
}

/** One run of secret characters, in its own alphabet. */
function maskRun(run: string, random: KeyedRandom): string {
  if (run === '') return run;
  if (/^[0-9]+$/.test(run)) return regenerate(run, alphabets.digits, random);
  if (/^[0-9a-f]+$/.test(run)) return regenerate(run, alphabets.lowerHex, random);
  if (/^[0-9A-F]+$/.test(run)) return regenerate(run, alphabets.upperHex, random);
  const padded = /^([A-Za-z0-9+/]+)(=*)$/.exec(run);
  if (padded && /[A-Z]/.test(run) && /[a-z]/.test(run)) {
    return regenerate(padded[1]!, /[+/]/.test(run) ? alphabets.base64 : alphabets.alphanumeric, random) + padded[2];
  }
  if (/^[\w-]+$/.test(run) && /[A-Z]/.test(run) && /[a-z]/.test(run) && /[-_]/.test(run)) return regenerate(run, alphabets.base64url, random);
  if (/^[./A-Za-z0-9]+$/.test(run) && /[A-Z]/.test(run) && /[a-z]/.test(run)) return regenerate(run, alphabets.crypt64, random);
  let out = '';
  for (const c of run) {
    if (c >= '0' && c <= '9') out += alphabets.digits[random.int(10)];
    else if (c >= 'A' && c <= 'Z') out += alphabets.upper[random.int(26)];
    else if (c >= 'a' && c <= 'z') out += alphabets.lower[random.int(26)];
    else if (/\p{L}/u.test(c)) out += alphabets.lower[random.int(26)];
    else out += c;
  }
  return out;
}

function regenerate(run: string, alphabet: string, random: KeyedRandom): string {
  let out = '';
  for (let i = 0; i < run.length; i++) out += alphabet[random.int(alphabet.length)];
  return out;
}
