import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxError, type Stage } from '../errors/sandbox-error.js';
import { trackLive } from '../lifecycle/signals.js';
import type { Table } from '../source/model.js';

// Masked values of a unique column must stay unique: two source values masked to one would make a duplicated key, which
// the sandbox only finds when it builds the unique index, long after the rows were written. So while the rows stream,
// every unique key with a masked column gets a 64-bit hash of its masked fields per row, and a repeated hash stops the
// write. Source keys are distinct (the source enforces the key), so two rows with one masked key are a collision.
//
// The hash is not cryptographic (murmur3-style, two 32-bit lanes over the COPY text): two distinct masked keys share a
// hash with probability about 2^-64, so a table of n rows raises a false alarm with probability below n²/2^65
// (3·10^-8 at a million rows, 3·10^-4 at 10^8). A false alarm fails closed, like a real collision; nothing duplicated
// is ever written silently.
//
// Memory is bounded: the hashes live in an open-addressing table of typed arrays that doubles up to 2^20 entries
// (16 MB); past that it is written to a temp file as a sorted run and emptied, and at the end of the table the runs are
// merged (2 MB of read buffers in all, 4 KB per run past 512 runs), where a hash seen in two runs is a collision.

/** A unique key of a table (its primary key or a unique index) with at least one masked column. */
export interface GuardedKey {
  /** Positions of the key's columns in the COPY column list */
  indexes: number[];
  columns: string[];
  /** The masked columns of the key and their rules */
  masked: { column: string; rule: string }[];
}

/**
 * The unique keys of `table` whose masked values must stay unique: its primary key and every unique index without
 * predicate or expression, when at least one of their columns is masked (`rules`: rule by COPY position).
 *
 * @example guardedKeys(table, plan.rulesFor(table)) // [{ indexes: [1], columns: ['email'], masked: [{ column: 'email', rule: 'email' }] }]
 */
export function guardedKeys(table: Table, rules: ReadonlyMap<number, string>): GuardedKey[] {
  const copyColumns = table.columns.filter((c) => !c.generated).map((c) => c.name);
  const keys: GuardedKey[] = [];
  const seen = new Set<string>();
  for (const columns of [table.primaryKey, ...(table.uniqueKeys ?? [])]) {
    if (columns.length === 0 || seen.has(columns.join('\0'))) continue;
    seen.add(columns.join('\0'));
    const indexes = columns.map((c) => copyColumns.indexOf(c));
    // a generated column is computed in the sandbox: its key cannot be checked here (the index build still does)
    if (indexes.some((i) => i < 0)) continue;
    const masked = indexes.flatMap((i) => (rules.has(i) ? [{ column: copyColumns[i]!, rule: rules.get(i)! }] : []));
    if (masked.length > 0) keys.push({ indexes, columns: [...columns], masked });
  }
  return keys;
}

const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));

function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * Writes the 64-bit hash of the key fields of one COPY row (as COPY prints them) to `out[at]` (low word) and
 * `out[at + 1]` (high word); false, writing nothing, when a key field is NULL (NULLs never collide in a unique index).
 * Each field's length is hashed before its text, so ('ab', 'c') and ('a', 'bc') differ.
 */
export function hashKeyFields(fields: readonly (string | undefined)[], indexes: readonly number[], out: Uint32Array, at: number): boolean {
  let h1 = 0x9747b28c | 0;
  let h2 = 0x3c6ef372 | 0;
  let total = 0;
  for (let f = 0; f < indexes.length; f++) {
    const text = fields[indexes[f]!];
    if (text === undefined || text === '\\N') return false;
    const n = text.length;
    total += n + 1;
    // the length first, then the text two UTF-16 units per word
    let k = n;
    for (let i = 0; ; i += 2) {
      h1 ^= Math.imul(rotl(Math.imul(k, 0xcc9e2d51), 15), 0x1b873593);
      h1 = (Math.imul(rotl(h1, 13), 5) + 0xe6546b64) | 0;
      h2 ^= Math.imul(rotl(Math.imul(k, 0x85ebca6b), 16), 0xc2b2ae35);
      h2 = (Math.imul(rotl(h2, 15), 5) + 0x38495ab5) | 0;
      if (i >= n) break;
      k = text.charCodeAt(i) | (i + 1 < n ? text.charCodeAt(i + 1) << 16 : 0);
    }
  }
  h1 ^= total;
  h2 ^= total;
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = (h1 + h2) | 0;
  h2 = (h2 + h1) | 0;
  out[at] = h1 >>> 0;
  out[at + 1] = h2 >>> 0;
  return true;
}

const FIRST_CAPACITY = 1 << 12;
/** Slots of the in-memory table at most (two 32-bit words each: 16 MB); it holds half as many hashes */
const MAX_CAPACITY = 1 << 21;

/**
 * A set of 64-bit hashes in bounded memory: `add` says whether a hash is new; past 2^20 hashes the set goes to disk in
 * sorted runs, and `finish` merges them to find a hash that two runs share.
 */
export class HashSet64 {
  #slots = new Uint32Array(2 * FIRST_CAPACITY);
  #mask = FIRST_CAPACITY - 1;
  #size = 0;
  #dir: string | undefined;
  #untrack: (() => void) | undefined;
  readonly #runs: { path: string; length: number }[] = [];

  /** Adds one hash (its two 32-bit words); false when it was there already. A hash that went to disk is only found again by `finish`. */
  add(lo: number, hi: number): boolean {
    if (lo === 0 && hi === 0) lo = 1; // (0, 0) marks an empty slot
    if (!this.#insert(lo, hi)) return false;
    if (++this.#size * 2 > this.#mask + 1) {
      if (this.#mask + 1 < MAX_CAPACITY) this.#grow();
      else this.#spill();
    }
    return true;
  }

  /** Linear probing; false when the hash is there already. */
  #insert(lo: number, hi: number): boolean {
    const slots = this.#slots;
    const mask = this.#mask;
    // both words mixed through fmix: a start slot from one word alone (or a xor of related words) can send every hash to one slot
    let i = fmix((lo + Math.imul(hi, 0x27d4eb2f)) | 0) & mask;
    for (;;) {
      const l = slots[2 * i]!;
      const h = slots[2 * i + 1]!;
      if (l === 0 && h === 0) break;
      if (l === lo && h === hi) return false;
      i = (i + 1) & mask;
    }
    slots[2 * i] = lo;
    slots[2 * i + 1] = hi;
    return true;
  }

  /** True when two runs on disk share a hash: the hashes added since the last one are written as a run, and every run merged. */
  async finish(): Promise<boolean> {
    try {
      if (this.#runs.length === 0) return false;
      if (this.#size > 0) this.#spill();
      return await mergeFindsDuplicate(this.#runs);
    } finally {
      await this.dispose();
    }
  }

  /** Removes the runs on disk; idempotent. */
  async dispose(): Promise<void> {
    const dir = this.#dir;
    this.#dir = undefined;
    this.#untrack?.();
    this.#untrack = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  #grow(): void {
    const old = this.#slots;
    const capacity = 2 * (this.#mask + 1);
    this.#slots = new Uint32Array(2 * capacity);
    this.#mask = capacity - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i] !== 0 || old[i + 1] !== 0) this.#insert(old[i]!, old[i + 1]!);
    }
  }

  /**
   * Writes the hashes in memory to a temp file as one sorted run, and empties the table. The table itself is sorted
   * (its hashes moved to the front, then read as 64-bit numbers), so a spill allocates nothing: memory stays what it was
   * before the first one. Any byte order gives the same order in every run, which is all the merge needs.
   */
  #spill(): void {
    const slots = this.#slots;
    let n = 0;
    for (let i = 0; i < slots.length; i += 2) {
      const lo = slots[i]!;
      const hi = slots[i + 1]!;
      if (lo === 0 && hi === 0) continue;
      slots[2 * n] = lo;
      slots[2 * n + 1] = hi;
      n++;
    }
    const sorted = new BigUint64Array(slots.buffer, slots.byteOffset, n).sort();
    if (!this.#dir) {
      const dir = mkdtempSync(join(tmpdir(), 'sandbox-unique-'));
      this.#dir = dir;
      this.#untrack = trackLive(() => rmSync(dir, { recursive: true, force: true }));
    }
    const path = join(this.#dir, `run-${this.#runs.length}`);
    const fd = openSync(path, 'w');
    try {
      const bytes = Buffer.from(sorted.buffer, sorted.byteOffset, sorted.byteLength);
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
    } finally {
      closeSync(fd);
    }
    this.#runs.push({ path, length: n });
    slots.fill(0);
    this.#size = 0;
  }
}

/** k-way merge of sorted runs (each free of duplicates): true at the first value found in two of them. */
async function mergeFindsDuplicate(runs: readonly { path: string; length: number }[]): Promise<boolean> {
  const block = Math.max(512, Math.floor((1 << 18) / runs.length)); // 2 MB of read buffers in all, unless runs are many
  const readers = await Promise.all(runs.map((run) => RunReader.open(run.path, run.length, block)));
  try {
    // a binary heap of readers by their current value
    const heap = readers.filter((r) => r.current !== undefined);
    const less = (a: RunReader, b: RunReader) => a.current! < b.current!;
    const siftDown = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    };
    for (let i = Math.floor(heap.length / 2) - 1; i >= 0; i--) siftDown(i);
    let previous: bigint | undefined;
    while (heap.length > 0) {
      const top = heap[0]!;
      const value = top.current!;
      if (value === previous) return true;
      previous = value;
      await top.advance();
      if (top.current === undefined) {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
      }
      siftDown(0);
    }
    return false;
  } finally {
    await Promise.all(readers.map((r) => r.close()));
  }
}

class RunReader {
  current: bigint | undefined;
  #at = 0;
  #filled = 0;
  #read = 0;

  private constructor(
    private readonly file: Awaited<ReturnType<typeof open>>,
    private readonly length: number,
    private readonly buffer: BigUint64Array,
  ) {}

  static async open(path: string, length: number, block: number): Promise<RunReader> {
    const reader = new RunReader(await open(path, 'r'), length, new BigUint64Array(Math.min(block, Math.max(1, length))));
    await reader.advance();
    return reader;
  }

  async advance(): Promise<void> {
    if (this.#at === this.#filled) {
      if (this.#read === this.length) {
        this.current = undefined;
        return;
      }
      const want = Math.min(this.buffer.length, this.length - this.#read);
      const bytes = Buffer.from(this.buffer.buffer, 0, want * 8);
      for (let got = 0; got < bytes.length; ) {
        const { bytesRead } = await this.file.read(bytes, got, bytes.length - got, this.#read * 8 + got);
        if (bytesRead === 0) throw new Error('a run of unique-key hashes was cut short on disk');
        got += bytesRead;
      }
      this.#read += want;
      this.#filled = want;
      this.#at = 0;
    }
    this.current = this.buffer[this.#at++]!;
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/**
 * Checks the masked rows of one table against its guarded keys: `add` takes the hashes of a block of rows (one array of
 * (low, high) word pairs per key, in the order of `keys`) and throws MASK_COLLISION at a hash seen before; `finish`
 * does the same across what went to disk.
 */
export class UniqueGuard {
  readonly #sets: HashSet64[];

  constructor(
    private readonly table: Table,
    readonly keys: readonly GuardedKey[],
    private readonly stage: Stage,
  ) {
    this.#sets = keys.map(() => new HashSet64());
  }

  add(hashes: readonly Uint32Array[]): void {
    for (let k = 0; k < this.#sets.length; k++) {
      const set = this.#sets[k]!;
      const pairs = hashes[k];
      if (!pairs) continue;
      for (let i = 0; i < pairs.length; i += 2) {
        if (!set.add(pairs[i]!, pairs[i + 1]!)) throw collisionError(this.table, this.keys[k]!, this.stage);
      }
    }
  }

  async finish(): Promise<void> {
    for (let k = 0; k < this.#sets.length; k++) {
      if (await this.#sets[k]!.finish()) throw collisionError(this.table, this.keys[k]!, this.stage);
    }
  }

  async dispose(): Promise<void> {
    await Promise.all(this.#sets.map((s) => s.dispose()));
  }
}

/** Names the table, the columns and the rules, never a value. */
export function collisionError(table: Table, key: GuardedKey, stage: Stage): SandboxError {
  const rules = key.masked.map((m) => `${table.display}.${m.column} (rule "${m.rule}")`).join(', ');
  const where = key.columns.length === 1 ? 'a unique column' : `the unique key (${key.columns.join(', ')})`;
  return new SandboxError(
    'MASK_COLLISION',
    `Two different values of ${rules}, ${where}, were masked to the same value: the masked rows would hold a duplicated key, so they were not kept.`,
    { stage, hint: `Use an anonymizer that keeps distinct values distinct on ${key.masked.map((m) => `${table.display}.${m.column}`).join(', ')} (email, uuid, token, card-number, phone, zip, ip), or a custom function that does.` },
  );
}
