import { isIP } from 'node:net';
import type { ValueKind } from './detect-by-name.js';
import type { PiiClass, PiiPart } from './pii-column.js';

export interface ValueHit {
  class: Exclude<PiiClass, 'json' | 'none' | 'date-of-birth'>;
  part?: PiiPart;
  /** Share of the sampled values that matched */
  share: number;
  /**
   * A strong shape (an email, a Luhn-valid card number, an IP) hardly ever matches by chance, so it overrules what
   * the name suggests; a weak one (a first name, a sentence) only confirms or stands alone.
   */
  strong: boolean;
  /** `looks like email addresses`, for the reason */
  description: string;
  sampled: number;
}

/** First and last names of several locales, lower case, from faker's data: the only word lists detection needs. */
export interface NameLists {
  first: ReadonlySet<string>;
  last: ReadonlySet<string>;
}

let nameLists: Promise<NameLists> | undefined;

/** Loaded once, on first use: faker's locale data is large and only PII detection needs it. */
export function loadNameLists(): Promise<NameLists> {
  nameLists ??= import('@faker-js/faker').then((faker) => {
    const first = new Set<string>();
    const last = new Set<string>();
    const add = (into: Set<string>, list: unknown) => {
      const values = Array.isArray(list) ? list : list && typeof list === 'object' ? Object.values(list).flat() : [];
      for (const value of values) if (typeof value === 'string' && /^\p{L}[\p{L}'’-]+$/u.test(value)) into.add(value.toLowerCase());
    };
    for (const locale of [faker.en, faker.de, faker.fr, faker.es, faker.it, faker.nl, faker.pt_BR, faker.pl]) {
      add(first, locale.person?.first_name);
      add(last, locale.person?.last_name);
    }
    return { first, last };
  });
  return nameLists;
}

interface Detector {
  class: ValueHit['class'];
  part?: PiiPart;
  strong: boolean;
  description: string;
  kinds: readonly ValueKind[];
  test(value: string, names: NameLists): boolean;
}

const email = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
const namedEmail = /^[^<>@]*<([^<>]+)>$/;
const ssn = /^(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}$/;
const nino = /^[A-CEGHJ-PR-TW-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/i;
const hashes = [
  /^\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}$/, // bcrypt
  /^\$(argon2(id|i|d)|scrypt|pbkdf2(-sha\d+)?|1|5|6|y|gy|7|sha1|md5)\$/, // crypt(3) and PHC strings
  /^(pbkdf2_sha\d+|bcrypt(_sha256)?|argon2|scrypt|sha1|md5)\$/, // Django
  /^(md5[0-9a-f]{32}|SCRAM-SHA-256\$)/, // PostgreSQL's own
  /^eyJ[\w-]+\.[\w-]+\.[\w-]*$/, // JWT
  /^(sk|pk|rk)_(live|test)_\w{10,}$/, // Stripe
  /^gh[pousr]_[A-Za-z0-9]{30,}$/, // GitHub
  /^xox[abprs]-[\w-]{10,}$/, // Slack
  /^AKIA[0-9A-Z]{16}$/, // AWS access key id
  /^[0-9a-f]{32,}$/,
  /^[0-9A-F]{32,}$/,
];
const stopwords = new Set(
  'a an and are as at be but by for from had has have he her his i in is it its me my no not of on or our please she that the their them there they this to was we were what when which who will with you your der die das und ist nicht ein eine le la les et est un une des du pour pas el los las y es que por para con'.split(' '),
);
const streetSuffix =
  /^\d+[a-z]?,?\s+[\p{L}\d .'’-]+\s(street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|parkway|pkwy|square|sq|circle|cir|highway|hwy|trail|crescent|close|row|alley|plaza)\.?(,.*)?$/iu;
const streetPrefix = /^(rue|avenue|boulevard|chemin|calle|avenida|via|viale|piazza|rua|ulica|ul\.)\s+\p{L}.*\d/iu;
const streetGerman = /^[\p{L} .'’-]*(straße|strasse|str\.|weg|gasse|platz|allee|straat|laan|gracht|vej|gatan|gata)\s*\d+\s*[a-z]?$/iu;
const nameWord = /^\p{L}[\p{L}'’.-]*$/u;

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isCardNumber(value: string): boolean {
  if (!/^\d[\d -]{11,22}\d$/.test(value)) return false;
  const digits = value.replace(/[ -]/g, '');
  // issuer ranges start with 2-6 (Mastercard 2/5, Amex 3, Visa 4, Discover 6); a run of one digit is a placeholder
  return digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && !/^(\d)\1+$/.test(digits) && luhn(digits);
}

function isPhone(value: string): boolean {
  if (!/^\+?[\d\s().\/-]{7,24}$/.test(value)) return false;
  const digits = value.replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) return false;
  if (isIP(value) || ssn.test(value)) return false;
  // dates and decimals have the same characters
  if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$/.test(value) || /^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(value) || /^\d+\.\d+$/.test(value)) return false;
  // bare digits are as likely an id or an amount: only a + or a separator makes them a phone number
  return value.startsWith('+') || /\d[\s().\/-]+\d/.test(value);
}

function isSecret(value: string): boolean {
  if (hashes.some((pattern) => pattern.test(value))) return true;
  // long random-looking strings: base64 / base64url keys; CamelCase words are not random
  return (
    value.length >= 24 &&
    /^[A-Za-z0-9_\-+/=]+$/.test(value) &&
    (value.match(/\d/g)?.length ?? 0) >= 2 &&
    (value.match(/[A-Z]/g)?.length ?? 0) >= 2 &&
    (value.match(/[a-z]/g)?.length ?? 0) >= 2 &&
    !/^([A-Z][a-z]+)+\d*$/.test(value)
  );
}

const words = (value: string) => value.trim().split(/\s+/);

function isFirstName(value: string, names: NameLists): boolean {
  return nameWord.test(value) && names.first.has(value.toLowerCase());
}

function isLastName(value: string, names: NameLists): boolean {
  return nameWord.test(value) && !names.first.has(value.toLowerCase()) && names.last.has(value.toLowerCase());
}

function isFullName(value: string, names: NameLists): boolean {
  const comma = /^([^,]+),\s*([^,]+)$/.exec(value);
  const parts = comma ? [...words(comma[2]!), ...words(comma[1]!)] : words(value);
  if (parts.length < 2 || parts.length > 4) return false;
  // capitalised or upper-case words, the first a first name: `Ada Lovelace`, `LOVELACE, ADA`
  if (!parts.every((p) => nameWord.test(p) && p[0] === p[0]!.toUpperCase())) return false;
  return names.first.has(parts[0]!.toLowerCase());
}

function isFreeText(value: string): boolean {
  const tokens = words(value);
  if (tokens.length < 6 || value.length < 30) return false;
  // sentences, not long product names: a function word or sentence punctuation
  return tokens.some((t) => stopwords.has(t.toLowerCase().replace(/[^\p{L}]/gu, ''))) || /[.,!?;:]\s/.test(value);
}

// the order breaks ties: the most specific shape first
const detectors: readonly Detector[] = [
  { class: 'email', strong: true, description: 'look like email addresses', kinds: ['string'], test: (v) => email.test(v) || email.test(namedEmail.exec(v)?.[1] ?? '') },
  { class: 'card-number', strong: true, description: 'are Luhn-valid card numbers', kinds: ['string', 'number'], test: isCardNumber },
  { class: 'national-id', strong: true, description: 'look like national id numbers (SSN, NINO)', kinds: ['string'], test: (v) => ssn.test(v) || nino.test(v) },
  { class: 'ip', strong: true, description: 'are IP addresses', kinds: ['string', 'network'], test: (v) => isIP(v.replace(/\/\d{1,3}$/, '')) !== 0 },
  { class: 'token', strong: true, description: 'look like secrets (password hashes, keys, tokens)', kinds: ['string'], test: isSecret },
  { class: 'phone', strong: true, description: 'look like phone numbers', kinds: ['string'], test: isPhone },
  { class: 'address', part: 'street', strong: false, description: 'look like street addresses', kinds: ['string'], test: (v) => streetSuffix.test(v) || streetPrefix.test(v) || streetGerman.test(v) },
  { class: 'person-name', part: 'full', strong: false, description: 'look like full names', kinds: ['string'], test: isFullName },
  { class: 'person-name', part: 'first', strong: false, description: 'are first names', kinds: ['string'], test: isFirstName },
  { class: 'person-name', part: 'last', strong: false, description: 'are last names', kinds: ['string'], test: isLastName },
  { class: 'free-text', strong: false, description: 'are free text (sentences)', kinds: ['string'], test: isFreeText },
];

/**
 * The class most of the sampled values have, if its share reaches `threshold`. A column mixing strong shapes (emails
 * and phone numbers in one `contact` column) counts them together, under the most frequent.
 * @example detectByValues(['ada@example.com', 'n/a'], 'string', names, 0.5) // { class: 'email', share: 0.5, … }
 */
export function detectByValues(values: readonly string[], kind: ValueKind, names: NameLists, threshold: number): ValueHit | undefined {
  const trimmed = values.map((v) => v.trim()).filter((v) => v !== '');
  if (trimmed.length === 0) return undefined;
  const applicable = detectors.filter((d) => d.kinds.includes(kind));
  const perClass = new Map<string, { detector: Detector; matched: number; parts: Map<Detector, number> }>();
  let strongMatched = 0;
  for (const value of trimmed) {
    let strong = false;
    const seen = new Set<string>();
    for (const detector of applicable) {
      if (!detector.test(value, names)) continue;
      strong ||= detector.strong;
      const entry = perClass.get(detector.class) ?? { detector, matched: 0, parts: new Map() };
      perClass.set(detector.class, entry);
      entry.parts.set(detector, (entry.parts.get(detector) ?? 0) + 1);
      if (!seen.has(detector.class)) entry.matched++;
      seen.add(detector.class);
    }
    if (strong) strongMatched++;
  }
  // highest share first; among equals, the detector listed first
  const ranked = [...perClass.values()].sort((a, b) => b.matched - a.matched || applicable.indexOf(a.detector) - applicable.indexOf(b.detector));
  const best = ranked[0];
  if (!best) return undefined;
  const share = best.matched / trimmed.length;
  const mixed = best.detector.strong && strongMatched / trimmed.length >= threshold;
  if (share < threshold && !mixed) return undefined;
  // the part most values matched: `first` for a column of single first names, `full` for `Ada Lovelace`
  const [part] = [...best.parts.entries()].sort((a, b) => b[1] - a[1] || applicable.indexOf(a[0]) - applicable.indexOf(b[0]))[0]!;
  const reportedShare = mixed && share < threshold ? strongMatched / trimmed.length : share;
  return {
    class: best.detector.class,
    ...(part.part ? { part: part.part } : {}),
    share: Math.round(reportedShare * 100) / 100,
    strong: best.detector.strong,
    description: mixed && share < threshold ? `${best.detector.description}, the rest other personal data` : part.description,
    sampled: trimmed.length,
  };
}
