import { createCipheriv, createHmac } from 'node:crypto';

// A keyed permutation of a small structured domain (the digits of a phone number, the 32 bits of an IPv4 address): the
// mask of such a value cannot come from a hash alone, because 10^10 or 2^32 outputs collide long before a million rows
// (birthday bound). A permutation keeps distinct inputs distinct by construction.
//
// The domain is split into limbs of at most 2^16 values each (2^12 for positional shapes, which are many: smaller
// tables build in about a millisecond). One limb: a Fisher–Yates shuffle of the whole domain.
// Several limbs: a generalised Feistel network, as in NIST SP 800-38G (FF1) but with each round function a secret
// random table (limb t += T_r[limb t-1] mod its radix): 8 rounds for two limbs, 4 per limb beyond. The tables come from
// AES-256-CTR under HMAC-SHA256(key, label + '\0' + domain), so the permutation is fixed by the key and the domain.
// Masks use the derangement P(P⁻¹(x) + 1): a bijection with no fixed point, so no value ever masks to itself.

const MAX_LIMB = 65536;
const MAX_POSITIONAL_LIMB = 4096;

export class LimbPermutation {
  private readonly rounds: number;
  private readonly tables: Uint16Array[] = [];
  private readonly inverse: Uint16Array | undefined;

  /** `radices[i]`: how many values limb i holds (limb 0 is the least significant); each at most 65536 */
  constructor(
    readonly radices: readonly number[],
    keyBytes: Buffer,
  ) {
    const k = radices.length;
    if (k === 0 || radices.some((r) => !Number.isInteger(r) || r < 1 || r > MAX_LIMB)) throw new Error(`bad limb radices ${radices.join(',')}`);
    this.rounds = k === 1 ? 0 : k === 2 ? 8 : 4 * k;
    const sizes = k === 1 ? [radices[0]!] : Array.from({ length: this.rounds }, (_, r) => radices[(r + k - 1) % k]!);
    const total = sizes.reduce((a, b) => a + b, 0);
    const cipher = createCipheriv('aes-256-ctr', keyBytes, Buffer.alloc(16));
    const stream = cipher.update(Buffer.alloc(total * 4));
    let at = 0;
    const next = () => {
      const v = stream.readUInt32LE(at);
      at += 4;
      return v;
    };
    if (k === 1) {
      const n = radices[0]!;
      const table = new Uint16Array(n);
      for (let i = 0; i < n; i++) table[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = next() % (i + 1);
        const t = table[i]!;
        table[i] = table[j]!;
        table[j] = t;
      }
      const inverse = new Uint16Array(n);
      for (let i = 0; i < n; i++) inverse[table[i]!] = i;
      this.tables.push(table);
      this.inverse = inverse;
    } else {
      for (let r = 0; r < this.rounds; r++) {
        const target = radices[r % k]!;
        const table = new Uint16Array(sizes[r]!);
        for (let i = 0; i < table.length; i++) table[i] = next() % target;
        this.tables.push(table);
      }
    }
  }

  /** The derangement P(P⁻¹(x) + 1) of the limbs, in place. */
  derange(limbs: number[]): void {
    const radices = this.radices;
    const tables = this.tables;
    const k = radices.length;
    if (k === 1) {
      const n = radices[0]!;
      const next = this.inverse![limbs[0]!]! + 1;
      limbs[0] = tables[0]![next === n ? 0 : next]!;
      return;
    }
    // limb t is changed by limb t-1 (mod k); both below their radix, so one comparison replaces the modulo
    for (let r = this.rounds - 1; r >= 0; r--) {
      const t = r % k;
      const v = limbs[t]! - tables[r]![limbs[t === 0 ? k - 1 : t - 1]!]!;
      limbs[t] = v < 0 ? v + radices[t]! : v;
    }
    for (let i = 0; i < k; i++) {
      limbs[i] = limbs[i]! + 1;
      if (limbs[i]! < radices[i]!) break;
      limbs[i] = 0;
    }
    for (let r = 0; r < this.rounds; r++) {
      const t = r % k;
      const v = limbs[t]! + tables[r]![limbs[t === 0 ? k - 1 : t - 1]!]!;
      const radix = radices[t]!;
      limbs[t] = v >= radix ? v - radix : v;
    }
  }
}

/**
 * A permutation of sequences of positions, each position with its own radix (10 for a digit, 26 for a letter): the
 * positions are grouped into limbs of at most 2^16 values, as even in size as the radices allow.
 */
export class PositionalPermutation {
  /** the positions of each limb, most significant first */
  private readonly groups: number[][] = [];
  private readonly limbs: LimbPermutation;
  private readonly limbValues: number[] = [];

  constructor(
    readonly radices: readonly number[],
    keyBytes: Buffer,
  ) {
    // sizes in 1/1024 bits, rounded: integer arithmetic from here, so the grouping (and the mask) cannot change with the
    // last bit of a floating-point logarithm on another platform
    const logs = radices.map((r) => Math.round(Math.log2(r) * 1024));
    const total = logs.reduce((a, b) => a + b, 0);
    const maxBits = Math.round(Math.log2(MAX_POSITIONAL_LIMB) * 1024);
    for (let k = total <= maxBits ? 1 : Math.max(2, Math.ceil(total / maxBits)); k <= radices.length; k++) {
      const groups: number[][] = Array.from({ length: k }, () => []);
      let before = 0;
      logs.forEach((log, i) => {
        // the limb whose share of the total holds the middle of this position
        groups[Math.min(k - 1, Math.floor(((2 * before + log) * k) / (2 * total)))]!.push(i);
        before += log;
      });
      const sizes = groups.map((g) => g.reduce((size, i) => size * radices[i]!, 1));
      if (groups.every((g) => g.length > 0) && sizes.every((size) => size <= MAX_POSITIONAL_LIMB)) {
        this.groups = groups;
        this.limbs = new LimbPermutation(sizes, keyBytes);
        return;
      }
    }
    throw new Error(`cannot split radices ${radices.join(',')} into limbs`);
  }

  /** Replaces each positional value (0 ≤ v < radix) by its masked one, in place. */
  derange(values: number[]): void {
    const groups = this.groups;
    const radices = this.radices;
    const limbs = this.limbValues; // reused: derange runs to completion, one value at a time
    for (let l = 0; l < groups.length; l++) {
      const group = groups[l]!;
      let x = 0;
      for (let j = 0; j < group.length; j++) x = x * radices[group[j]!]! + values[group[j]!]!;
      limbs[l] = x;
    }
    this.limbs.derange(limbs);
    for (let l = 0; l < groups.length; l++) {
      const group = groups[l]!;
      let x = limbs[l]!;
      for (let j = group.length - 1; j >= 0; j--) {
        const radix = radices[group[j]!]!;
        const v = x % radix;
        values[group[j]!] = v;
        x = (x - v) / radix;
      }
    }
  }
}

const caches = new WeakMap<Buffer, Map<string, LimbPermutation | PositionalPermutation>>();
const MAX_CACHED = 128; // at most 40 KB of tables per position: a few MB in all

function cached<T extends LimbPermutation | PositionalPermutation>(key: Buffer, id: string, build: (keyBytes: Buffer) => T): T {
  let cache = caches.get(key);
  if (!cache) caches.set(key, (cache = new Map()));
  let permutation = cache.get(id);
  if (!permutation) {
    permutation = build(createHmac('sha256', key).update(id).digest());
    // a column of odd values could ask for many shapes; keep the most recent ones
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(id, permutation);
  }
  return permutation as T;
}

/**
 * The permutation of `label` over limbs of the given radices, built once per key; `shape` must name the radices exactly.
 *
 * @example limbPermutation(key, 'ip', 'v4/32', [65536, 65536]).derange([lo, hi])
 */
export function limbPermutation(key: Buffer, label: string, shape: string, radices: readonly number[]): LimbPermutation {
  return cached(key, `${label}\0limbs\0${shape}`, (bytes) => new LimbPermutation(radices, bytes));
}

/**
 * The permutation of `label` over positions of the given radices; `shape` must name the radices exactly (one character
 * per position class is enough, and cheaper to build per value than joining the radices).
 *
 * @example positionalPermutation(key, 'phone', '8ddddddddd', [8, 10, 10, 10, 10, 10, 10, 10, 10, 10]).derange(digits)
 */
export function positionalPermutation(key: Buffer, label: string, shape: string, radices: readonly number[]): PositionalPermutation {
  return cached(key, `${label}\0positions\0${shape}`, (bytes) => new PositionalPermutation(radices, bytes));
}
