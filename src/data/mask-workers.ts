import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { getAnonymizer } from '../../anonymizers/index.js';
import { packageRoot } from '../package-root.js';
import type { Table } from '../source/model.js';
import type { MaskPlan, PortablePlan } from './mask-plan.js';

// Masking is CPU work on the thread that also drives the COPY streams. For a big table it is spread over worker threads:
// each builds the same mask plan (buildMaskPlan on the same model, rules and key, with the built-in anonymizers, and the
// custom functions loaded again from the config file) and masks whole blocks of COPY rows; mask-rows.ts keeps the
// blocks in order. A plan a worker cannot rebuild exactly (anonymizers that are not the built-in ones, custom functions
// of a config made in code, or changed in the file since) stays on the main thread.

/** What a worker gets to rebuild the plan; the key travels in memory only, never to disk */
export interface WorkerSetup {
  /** The parts of the schema model buildMaskPlan reads (the model of a live source also holds its connection's functions) */
  model: PortablePlan['model'];
  /** anonymize without its functions, which cannot be sent to a thread */
  anonymize: Omit<PortablePlan['anonymize'], 'custom'>;
  key: Uint8Array;
  configPath?: string;
  /** Source text of each custom function the plan uses, to check the config file still holds the same */
  customSources: Record<string, string>;
}

export type ToWorker =
  | { type: 'table'; id: number; table: string; keys: number[][] }
  | { type: 'block'; job: number; table: number; bytes: Uint8Array };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'unavailable'; reason: string }
  | { type: 'done'; job: number; bytes: Uint8Array; rows: number; hashes: Uint32Array[] }
  | { type: 'failed'; job: number; name: string; message: string };

export interface MaskedBlock {
  bytes: Uint8Array;
  rows: number;
  hashes: Uint32Array[];
}

/** The largest block sent to a worker: its text, split and joined, must fit the worker's heap limit with room to spare */
export const MAX_BLOCK_BYTES = 1024 * 1024;

/** Threads kept for the next table (tables are copied one after another) before an idle pool stops */
const IDLE_MS = 2_000;
const MAX_WORKERS = 4;

interface Slot {
  worker: Worker;
  ready: boolean;
  jobs: Map<number, { resolve: (block: MaskedBlock) => void; reject: (error: Error) => void }>;
}

const pools = new WeakMap<MaskPlan, MaskWorkerPool>();

/**
 * Worker threads that mask blocks of COPY rows for one mask plan, shared by the tables of that plan and stopped when
 * idle. Unusable (`usable` false) when the plan cannot be rebuilt in a thread or the machine has one core: callers mask
 * on their own thread then.
 */
export class MaskWorkerPool {
  readonly #slots: Slot[] = [];
  readonly #tables = new Map<Table, number>();
  #nextJob = 0;
  #users = 0;
  #idle: NodeJS.Timeout | undefined;
  #problem: string | undefined;
  #readyCount = 0;
  #whenReady: Promise<void>;
  #resolveReady!: () => void;

  /** The pool of `plan`, started on first use; undefined when its masks cannot run in worker threads. */
  static for(plan: MaskPlan, threads = Math.min(MAX_WORKERS, availableParallelism())): MaskWorkerPool | undefined {
    const existing = pools.get(plan);
    if (existing && existing.usable) return existing;
    if (existing || threads < 2) return undefined;
    const setup = workerSetup(plan);
    const script = workerScript();
    if (!setup || !script) return undefined;
    const pool = new MaskWorkerPool(plan, setup, script, threads);
    pools.set(plan, pool);
    return pool.usable ? pool : undefined;
  }

  private constructor(
    private readonly plan: MaskPlan,
    setup: WorkerSetup,
    script: URL,
    threads: number,
  ) {
    this.#whenReady = new Promise((resolve) => {
      this.#resolveReady = resolve;
    });
    try {
      for (let i = 0; i < threads; i++) this.#start(script, setup);
    } catch (error) {
      // e.g. a rule option that cannot be sent to a thread
      this.#fail(`worker threads could not start: ${(error as Error).message}`);
    }
  }

  /** Worker threads */
  get size(): number {
    return this.#slots.length;
  }

  /** False once a worker could not build the plan, or died: masking stays on the calling thread. */
  get usable(): boolean {
    return this.#problem === undefined;
  }

  /** Every worker has built the plan. */
  get ready(): boolean {
    return this.usable && this.#readyCount === this.#slots.length;
  }

  /** Resolves once every worker is ready, or the pool became unusable. */
  whenReady(): Promise<void> {
    return this.#whenReady;
  }

  /** Why the pool is unusable, if it is. */
  get problem(): string | undefined {
    return this.#problem;
  }

  /** A stream starts using the pool; the pool stays up until the last one releases it (and a moment more). */
  acquire(): void {
    this.#users++;
    clearTimeout(this.#idle);
    this.#idle = undefined;
  }

  release(): void {
    if (--this.#users > 0) return;
    this.#idle = setTimeout(() => this.close(), IDLE_MS);
    this.#idle.unref();
  }

  /** Stops every worker; pending blocks fail. The plan's next big table starts a new pool. */
  close(): void {
    clearTimeout(this.#idle);
    if (pools.get(this.plan) === this) pools.delete(this.plan);
    this.#fail('the mask worker pool was closed');
  }

  /** The id under which workers know `table`'s masks and unique keys. */
  tableId(table: Table, keys: number[][]): number {
    let id = this.#tables.get(table);
    if (id === undefined) {
      id = this.#tables.size;
      this.#tables.set(table, id);
      for (const slot of this.#slots) slot.worker.postMessage({ type: 'table', id, table: table.display, keys } satisfies ToWorker);
    }
    return id;
  }

  /** Masks one block of whole COPY rows (its bytes are moved to the worker, not copied) on the least busy worker. */
  run(table: number, bytes: Uint8Array): Promise<MaskedBlock> {
    if (this.#problem) return Promise.reject(new Error(this.#problem));
    let slot = this.#slots[0]!;
    for (const s of this.#slots) if (s.jobs.size < slot.jobs.size) slot = s;
    const job = this.#nextJob++;
    return new Promise<MaskedBlock>((resolve, reject) => {
      slot.jobs.set(job, { resolve, reject });
      if (slot.jobs.size === 1) slot.worker.ref(); // a starting worker or a block in flight keeps the process alive, an idle worker does not
      const buffer = bytes.buffer as ArrayBuffer;
      const whole = bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
      slot.worker.postMessage({ type: 'block', job, table, bytes } satisfies ToWorker, whole ? [buffer] : []);
    });
  }

  #start(script: URL, setup: WorkerSetup): void {
    // V8's default heap limits let a worker's heap grow by a hundred megabytes of garbage between collections; a
    // block's garbage is short-lived, and each worker's memory counts. Blocks are at most MAX_BLOCK_BYTES (mask-rows.ts
    // masks a bigger one, a huge row, on its own thread), so these limits leave a worker room to spare
    const worker = new Worker(script, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: 12, maxOldGenerationSizeMb: 96 } });
    const slot: Slot = { worker, ready: false, jobs: new Map() };
    this.#slots.push(slot);
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          slot.ready = true;
          if (slot.jobs.size === 0) worker.unref();
          if (++this.#readyCount === this.#slots.length) this.#resolveReady();
          return;
        case 'unavailable':
          this.#fail(message.reason);
          return;
        case 'done':
        case 'failed': {
          const pending = slot.jobs.get(message.job);
          if (!pending) return;
          slot.jobs.delete(message.job);
          if (slot.jobs.size === 0) slot.worker.unref();
          if (message.type === 'done') pending.resolve({ bytes: message.bytes, rows: message.rows, hashes: message.hashes });
          else pending.reject(Object.assign(new Error(message.message), { name: message.name }));
        }
      }
    });
    worker.on('error', (error) => this.#fail(`a mask worker failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (this.usable) this.#fail(`a mask worker stopped (exit code ${code})`);
    });
  }

  #fail(problem: string): void {
    // a pool that failed stays in `pools`, unusable: the plan's tables are masked on the calling thread from now on
    if (this.#problem === undefined) this.#problem = problem;
    for (const slot of this.#slots.splice(0)) {
      for (const pending of slot.jobs.values()) pending.reject(new Error(problem));
      slot.jobs.clear();
      void slot.worker.terminate();
    }
    this.#resolveReady();
  }
}

/** The worker's inputs, when each anonymizer of the plan is one a worker gets by the same name. */
function workerSetup(plan: MaskPlan): WorkerSetup | undefined {
  const portable = plan.portable;
  if (!portable) return undefined;
  const customSources: Record<string, string> = {};
  for (const [name, { anonymizer, custom }] of portable.anonymizers) {
    if (!custom) {
      if (anonymizer !== getAnonymizer(name)) return undefined; // a lookup of the caller's own (tests)
      continue;
    }
    const fn = portable.anonymize.custom[name];
    // a config built in code has no file to load its functions from again
    if (!portable.configPath || typeof fn !== 'function') return undefined;
    customSources[name] = String(fn);
  }
  const { custom: _functions, ...anonymize } = portable.anonymize;
  return { model: { tables: portable.model.tables, foreignKeys: portable.model.foreignKeys }, anonymize, key: new Uint8Array(portable.key), customSources, ...(portable.configPath ? { configPath: portable.configPath } : {}) };
}

/** The compiled worker beside this module; from the TypeScript sources (the tests), the build's, which `npm test` makes first. */
function workerScript(): URL | undefined {
  const here = new URL('./mask-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = join(packageRoot(), 'dist', 'src', 'data', 'mask-worker.js');
  return existsSync(built) ? pathToFileURL(built) : undefined;
}
