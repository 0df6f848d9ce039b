import { createHmac } from 'node:crypto';
import { typeShape } from './support/column-type.js';
import { hmacWords, prepareHmacKey, type HmacKey } from './support/hmac-sha256.js';
import { mapArrayLiteral } from './support/pg-array.js';

export interface MaskColumn {
  table: string;
  name: string;
  /** format_type() of the column, e.g. 'character varying(80)', 'date', 'jsonb', 'integer[]' */
  type: string;
  unique: boolean;
  notNull: boolean;
}

export interface MaskContext {
  /** HMAC key from the environment; never written anywhere */
  key: Buffer;
  column: MaskColumn;
  /**
   * The rule's options from the config, plus what the caller knows about the row. Today that is `entityKey` (a string):
   * the text of the entity column named by `entity`, or of the row's primary key, that date-shift keys its shift by.
   */
  options: Record<string, unknown>;
}

/**
 * One transformer. `mask` gets the column's value as PostgreSQL prints it in COPY text (already unescaped), never null
 * (NULLs are kept as NULL by the caller). Every built-in anonymizer is deterministic and keyed: its output is a function
 * of the key, its name, the value and its options only, so one value masks alike in every table and every run.
 */
export interface Anonymizer {
  name: string;
  description: string;
  /** true when distinct inputs give distinct outputs (by construction, or with negligible collision probability stated in the description) */
  unique: boolean;
  mask(value: string, ctx: MaskContext): string | null;
  /** checks the rule fits the column before any row moves; returns a problem or undefined */
  check?(column: MaskColumn, options: Record<string, unknown>): string | undefined;
}

/** Names the rule and the column, never the value: a mask error must not print the personal data it was hiding. */
export class MaskError extends Error {
  constructor(
    readonly rule: string,
    readonly column: MaskColumn,
    message: string,
  ) {
    super(`${rule} rule on ${columnName(column)}: ${message}`);
    this.name = 'MaskError';
  }
}

export const columnName = (column: MaskColumn) => `${column.table}.${column.name}`;

/** A shorter key would make the masks guessable. */
export const MIN_KEY_BYTES = 16;

let lastKey: Buffer | undefined;
let lastPrepared: HmacKey | undefined;
const preparedKeys = new WeakMap<Buffer, HmacKey>();

/** The key's HMAC pad states, computed once per key Buffer (a key Buffer must not be changed in place once used). */
export function preparedKey(key: Buffer): HmacKey {
  if (key === lastKey) return lastPrepared!;
  let prepared = preparedKeys.get(key);
  if (!prepared) {
    if (!Buffer.isBuffer(key) || key.length < MIN_KEY_BYTES) {
      throw new Error(`The anonymisation key must be at least ${MIN_KEY_BYTES} bytes (use 32 random bytes); this one has ${Buffer.isBuffer(key) ? key.length : 0}.`);
    }
    prepared = prepareHmacKey(key);
    preparedKeys.set(key, prepared);
  }
  lastKey = key;
  lastPrepared = prepared;
  return prepared;
}

/**
 * HMAC-SHA256(key, name + '\0' + value): the root every mask is derived from. Reference implementation (node:crypto);
 * `keyedRandom` computes the same digest faster.
 *
 * @example keyedHash(key, 'email', 'ann@corp.example').toString('hex')
 */
export function keyedHash(key: Buffer, name: string, value: string): Buffer {
  preparedKey(key);
  return createHmac('sha256', key).update(name).update('\0').update(value).digest();
}

const rotl = (x: number, k: number) => (x << k) | (x >>> (32 - k));

/**
 * A deterministic random stream derived from a keyed hash. `words` are the 8 big-endian words of the digest: words 0–3
 * are taken directly where a mask must keep distinct values distinct (up to 128 bits), words 4–7 seed an xoshiro128**
 * stream for everything that only needs to look random (which name, which domain, how many words).
 */
export class KeyedRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(readonly words: Uint32Array) {
    this.s0 = words[4]! | 0;
    this.s1 = words[5]! | 0;
    this.s2 = words[6]! | 0;
    this.s3 = words[7]! | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one state xoshiro cannot leave
  }

  /** Starts the stream again from `words`, as the constructor does (for transientKeyedRandom). */
  protected restart(): void {
    const words = this.words;
    this.s0 = words[4]! | 0;
    this.s1 = words[5]! | 0;
    this.s2 = words[6]! | 0;
    this.s3 = words[7]! | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A stream from a plain number, for `faker.seed(n)` in custom functions. */
  static fromSeed(seed: number): KeyedRandom {
    const words = new Uint32Array(8);
    let x = seed >>> 0;
    for (let i = 0; i < 8; i++) {
      // splitmix32
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      words[i] = (z ^ (z >>> 16)) >>> 0;
    }
    return new KeyedRandom(words);
  }

  uint32(): number {
    const s0 = this.s0;
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    const s2 = this.s2 ^ s0;
    const s3 = this.s3 ^ s1;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ t;
    this.s3 = rotl(s3, 11);
    return result;
  }

  /** A float in [0, 1) with 53 random bits. */
  next(): number {
    return ((this.uint32() >>> 5) * 67108864 + (this.uint32() >>> 6)) / 9007199254740992;
  }

  /** An integer in [0, n), n ≤ 2^32; the bias (below n / 2^32) is irrelevant for picking names. */
  int(n: number): number {
    return Math.floor((this.uint32() * n) / 4294967296);
  }

  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

/**
 * The random stream of `value` under anonymizer `name`: HMAC-SHA256(key, name + '\0' + value), ~1.5 µs.
 *
 * @example keyedRandom(key, 'first-name', 'Maria').pick(firstNames)
 */
export function keyedRandom(key: Buffer, name: string, value: string): KeyedRandom {
  const words = new Uint32Array(8);
  hmacWords(preparedKey(key), name, value, words);
  return new KeyedRandom(words);
}

/** One stream reused by transientKeyedRandom. */
class ReusedKeyedRandom extends KeyedRandom {
  reseed(key: HmacKey, name: string, value: string): this {
    hmacWords(key, name, value, this.words);
    this.restart();
    return this;
  }
}

const reused = new ReusedKeyedRandom(new Uint32Array(8));

/**
 * keyedRandom without allocating: the same stream, in one object reused by every call. Only for a built-in mask that
 * is done with the stream when it returns and calls no other mask meanwhile (a custom function may keep its `random`).
 *
 * @example transientKeyedRandom(key, 'email', 'ann@corp.example').int(3)
 */
export function transientKeyedRandom(key: Buffer, name: string, value: string): KeyedRandom {
  return reused.reseed(preparedKey(key), name, value);
}

const base32Alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
const base32Codes = Array.from(base32Alphabet, (c) => c.charCodeAt(0));

/** The first `chars` × 5 bits of the digest (at most 25 characters, 125 bits) as lowercase base32. */
export function digestBase32(words: Uint32Array, chars: number): string {
  // one string made from the character codes: half the cost of adding the characters one by one
  const codes = new Array<number>(chars);
  for (let i = 0; i < chars; i++) {
    const bit = i * 5;
    const word = bit >>> 5;
    const shift = bit & 31;
    let v = (words[word]! << shift) >>> 27;
    if (shift > 27) v |= words[word + 1]! >>> (59 - shift);
    codes[i] = base32Codes[v & 31]!;
  }
  return String.fromCharCode.apply(null, codes);
}

/** What a built-in anonymizer implements; `defineAnonymizer` adds arrays, char(n) padding and the uniqueness check. */
export interface AnonymizerSpec {
  name: string;
  description: string;
  unique: boolean;
  /** masks one value; for an array column, one element, with `ctx.column.type` the element type */
  mask(value: string, ctx: MaskContext): string | null;
  /** checks the element type and the options; the uniqueness check is done before */
  check?(column: MaskColumn, options: Record<string, unknown>): string | undefined;
  /** the rule replaces the whole value (keep, null, constant): an array is not split into elements */
  wholeValue?: boolean;
}

const uniqueRuleHint = 'email, uuid, token, card-number, phone, zip, ip';
const elementColumns = new WeakMap<MaskColumn, MaskColumn>();

function elementColumn(column: MaskColumn): MaskColumn {
  let element = elementColumns.get(column);
  if (!element) {
    element = { ...column, type: typeShape(column.type).element, unique: false };
    elementColumns.set(column, element);
  }
  return element;
}

/**
 * Builds an Anonymizer from its spec: array values are masked element by element (so an address masks alike in a text
 * and a text[] column); the blanks PostgreSQL pads char(n) with are dropped first (so 'ann@x.org   ' in a char(20) column
 * masks like 'ann@x.org' in a varchar one); a non-unique rule on a unique column is refused.
 */
export function defineAnonymizer(spec: AnonymizerSpec): Anonymizer {
  const maskOne = (value: string, ctx: MaskContext, shape = typeShape(ctx.column.type)) => spec.mask(shape.blankPadded ? value.replace(/ +$/, '') : value, ctx);
  return {
    name: spec.name,
    description: spec.description,
    unique: spec.unique,
    mask(value, ctx) {
      const shape = typeShape(ctx.column.type);
      if (spec.wholeValue || !shape.array) return maskOne(value, ctx, shape);
      const element = { ...ctx, column: elementColumn(ctx.column) };
      try {
        return mapArrayLiteral(value, (v) => maskOne(v, element));
      } catch (error) {
        if (error instanceof MaskError) throw error;
        throw new MaskError(spec.name, ctx.column, (error as Error).message);
      }
    },
    check(column, options) {
      if (column.unique && !spec.unique) {
        return `${columnName(column)} is unique, but the ${spec.name} rule can give two different values the same mask; use a rule that keeps values distinct (${uniqueRuleHint}) or keep`;
      }
      return spec.check?.(typeShape(column.type).array && !spec.wholeValue ? elementColumn(column) : column, options);
    },
  };
}

