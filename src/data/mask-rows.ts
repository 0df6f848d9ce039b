import { Transform, type TransformCallback } from 'node:stream';
import type { Stage } from '../errors/sandbox-error.js';
import type { Table } from '../source/model.js';
import { maskCopyLines, type FieldMask } from './copy-text.js';
import type { MaskPlan } from './mask-plan.js';
import { MAX_BLOCK_BYTES, MaskWorkerPool, type MaskedBlock } from './mask-workers.js';
import { guardedKeys, UniqueGuard } from './unique-guard.js';

export interface MaskRowsOptions {
  /** The stage a MASK_COLLISION names: `snapshot` while a snapshot is written, `clone` for a live clone */
  stage: Stage;
  /** COPY bytes masked on this thread before worker threads start: a small table never pays their start-up */
  workersAfterBytes?: number;
  /** Worker threads at most; 0 masks on this thread only (default: one per core, at most 4) */
  threads?: number;
}

/**
 * Bytes of whole rows per block: enough that a block costs far more to mask than to send to a thread, few enough that
 * its text stays out of V8's large-object space (which a worker's garbage collector empties late)
 */
const BLOCK_BYTES = 64 * 1024;
const WORKERS_AFTER_BYTES = 1024 * 1024;

interface Job {
  done: boolean;
  result?: MaskedBlock;
  error?: Error;
}

/**
 * The stream stage that masks the COPY text rows of `table` with `plan` and checks that every unique key with a masked
 * column stays unique (unique-guard.ts): a collision fails the stream with MASK_COLLISION.
 *
 * Rows go in blocks of whole lines; past the first megabyte a block is masked on a worker thread (mask-workers.ts) when
 * the plan can be rebuilt there, else on this one. Blocks leave in the order they came, and at most a few are in flight,
 * so memory does not grow with the table.
 *
 * @example await pipeline(copyOut, maskRows(plan, table, { stage: 'clone' }), copyIn)
 */
export function maskRows(plan: MaskPlan, table: Table, options: MaskRowsOptions): MaskRows {
  return new MaskRows(plan, table, options);
}

export class MaskRows extends Transform {
  /** Rows masked so far */
  rows = 0;
  /** Blocks masked on a worker thread (the rest were masked on this one) */
  workerBlocks = 0;
  readonly #plan: MaskPlan;
  readonly #table: Table;
  readonly #masks: [number, FieldMask][];
  readonly #keys: number[][];
  readonly #guard: UniqueGuard | undefined;
  readonly #workersAfter: number;
  readonly #threads: number | undefined;
  /** whole rows not yet sent off, then the start of the next row */
  #whole: Buffer[] = [];
  #wholeBytes = 0;
  #partial: Buffer[] = [];
  #seen = 0;
  readonly #queue: Job[] = [];
  #pool: MaskWorkerPool | undefined;
  #poolTried = false;
  #tableId = -1;
  /** the write callback, held while too many blocks are in flight */
  #held: TransformCallback | undefined;
  #flushed: TransformCallback | undefined;
  #finishing = false;

  constructor(plan: MaskPlan, table: Table, options: MaskRowsOptions) {
    // room for a few masked blocks on the way out, so that the workers need not wait for each one to be read
    super({ readableHighWaterMark: 4 * BLOCK_BYTES });
    this.#plan = plan;
    this.#table = table;
    this.#masks = [...plan.masksFor(table)];
    const keys = this.#masks.length > 0 ? guardedKeys(table, plan.rulesFor(table)) : [];
    this.#keys = keys.map((k) => k.indexes);
    this.#guard = keys.length > 0 ? new UniqueGuard(table, keys, options.stage) : undefined;
    this.#workersAfter = options.workersAfterBytes ?? WORKERS_AFTER_BYTES;
    this.#threads = options.threads;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    const newline = chunk.lastIndexOf(10);
    if (newline === -1) {
      this.#partial.push(chunk);
    } else {
      this.#whole.push(...this.#partial, chunk.subarray(0, newline + 1));
      this.#wholeBytes += this.#partial.reduce((n, b) => n + b.length, 0) + newline + 1;
      this.#partial = newline + 1 < chunk.length ? [chunk.subarray(newline + 1)] : [];
      if (this.#wholeBytes >= BLOCK_BYTES) this.#dispatch(this.#takeWhole());
    }
    if (this.destroyed) return;
    if (this.#mustWait()) this.#held = done;
    else done();
  }

  // the reader wants more: a writer held back by a full output buffer may go on (Readable asks again only after a push).
  // Transform's own _read comes second: it releases the write callback that Transform itself holds back while the
  // output buffer is full, which the one released here may just have been turned into
  override _read(size: number): void {
    this.#drain(true);
    super._read(size);
  }

  override _flush(done: TransformCallback): void {
    const rest = [...this.#whole, ...this.#partial];
    this.#whole = [];
    this.#partial = [];
    if (rest.length > 0) this.#dispatch(concat(rest));
    this.#flushed = done;
    this.#drain();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.#releasePool();
    if (!this.#guard) {
      done(error);
      return;
    }
    this.#guard.dispose().then(
      () => done(error),
      () => done(error),
    );
  }

  #takeWhole(): Buffer {
    const block = concat(this.#whole);
    this.#whole = [];
    this.#wholeBytes = 0;
    return block;
  }

  /** Too many blocks in flight, or the output not read yet: the writer waits, so memory stays flat whatever the table's size. */
  #mustWait(): boolean {
    return this.#inFlight() >= this.#maxInFlight() || this.readableLength >= this.readableHighWaterMark;
  }

  #inFlight(): number {
    let n = 0;
    for (const job of this.#queue) if (!job.done) n++;
    return n;
  }

  /** A few blocks per worker keep each busy while results travel; blocks masked here are done at once */
  #maxInFlight(): number {
    return this.#pool?.ready ? 4 * this.#pool.size : 1;
  }

  #dispatch(block: Buffer): void {
    const job: Job = { done: false };
    this.#queue.push(job);
    if (this.#masks.length === 0) {
      let rows = 0;
      for (let i = block.indexOf(10); i !== -1; i = block.indexOf(10, i + 1)) rows++;
      const complete = block.length === 0 || block[block.length - 1] === 10;
      this.#settle(job, { bytes: complete ? block : concat([block, Buffer.from('\n')]), rows: complete ? rows : rows + 1, hashes: [] });
      return;
    }
    const pool = this.#usePool();
    if (pool?.ready && block.length <= MAX_BLOCK_BYTES) {
      this.workerBlocks++;
      pool.run(this.#tableId, block).then(
        (result) => this.#settle(job, result),
        (error: Error) => this.#settle(job, undefined, error),
      );
      return;
    }
    try {
      // a block ends with its last row's newline, but the table's last block may lack it
      const end = block.length > 0 && block[block.length - 1] === 10 ? block.length - 1 : block.length;
      const { text, rows, hashes } = maskCopyLines(block.toString('utf8', 0, end), this.#masks, this.#keys);
      this.#settle(job, { bytes: Buffer.from(text, 'utf8'), rows, hashes });
    } catch (error) {
      this.#settle(job, undefined, error as Error);
    }
  }

  /** The plan's worker pool once this table is big enough for it, if the plan can use one. */
  #usePool(): MaskWorkerPool | undefined {
    if (!this.#poolTried && this.#seen >= this.#workersAfter && this.#threads !== 0 && this.#masks.length > 0) {
      this.#poolTried = true;
      this.#pool = MaskWorkerPool.for(this.#plan, this.#threads);
      this.#pool?.acquire();
      if (this.#pool) this.#tableId = this.#pool.tableId(this.#table, this.#keys);
    }
    return this.#pool?.usable ? this.#pool : undefined;
  }

  #releasePool(): void {
    this.#pool?.release();
    this.#pool = undefined;
  }

  #settle(job: Job, result: MaskedBlock | undefined, error?: Error): void {
    job.done = true;
    if (result) job.result = result;
    if (error) job.error = error;
    this.#drain();
  }

  /** Pushes finished blocks in order, lets the writer go on when few are in flight, and ends the stream after the last. */
  #drain(reading = false): void {
    if (this.destroyed || this.#finishing) return;
    while (this.#queue[0]?.done) {
      const job = this.#queue.shift()!;
      try {
        if (job.error) throw job.error;
        const { bytes, rows, hashes } = job.result!;
        this.rows += rows;
        this.#guard?.add(hashes);
        this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (error) {
        this.#fail(error as Error);
        return;
      }
    }
    if (this.#held && (reading ? this.#inFlight() < this.#maxInFlight() : !this.#mustWait())) {
      const held = this.#held;
      this.#held = undefined;
      held();
    }
    if (this.#flushed && this.#queue.length === 0) {
      const flushed = this.#flushed;
      this.#finishing = true;
      this.#releasePool();
      const finish = this.#guard ? this.#guard.finish() : Promise.resolve();
      finish.then(
        () => flushed(),
        (error: Error) => flushed(error),
      );
    }
  }

  #fail(error: Error): void {
    const callback = this.#held ?? this.#flushed;
    this.#held = undefined;
    this.#flushed = undefined;
    if (callback) callback(error);
    else this.destroy(error);
  }
}

/** One buffer of its own (not a slice of a pooled one), so that it can move to a worker thread without a copy. */
function concat(parts: readonly Buffer[]): Buffer {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = Buffer.allocUnsafeSlow(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
