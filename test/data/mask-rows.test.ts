import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { getAnonymizer } from '../../anonymizers/index.js';
import { configFromObject, resolveConfig } from '../../src/config/resolve-config.js';
import type { ResolvedConfig } from '../../src/config/config-schema.js';
import { CopyRowMapper } from '../../src/data/copy-text.js';
import { buildMaskPlan, type MaskPlan } from '../../src/data/mask-plan.js';
import { maskRows } from '../../src/data/mask-rows.js';
import { MaskWorkerPool } from '../../src/data/mask-workers.js';
import { connectReadOnly } from '../../src/source/connect-read-only.js';
import { introspect } from '../../src/source/introspect.js';
import type { SchemaModel, Table } from '../../src/source/model.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createTestDb } from '../helpers/test-db.js';

const schema = 'CREATE TABLE people (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, full_name text, phone text, born date, note text);';
const rules = {
  'public.people.email': 'email',
  'public.people.full_name': 'full-name',
  'public.people.phone': 'phone',
  'public.people.born': 'date-shift',
  'public.people.note': 'free-text',
};
const key = 'a-test-key-of-enough-length-0123';

async function model(): Promise<SchemaModel> {
  await using db = await createTestDb(schema);
  await using source = await connectReadOnly(db.url);
  return await introspect(source, source);
}

/** COPY text of `n` rows as PostgreSQL prints them: NULLs, escaped tabs and newlines, non-ASCII text. */
function copyText(n: number): Buffer {
  const names = ['Zoë Ünal', 'John Q. Public Jr.', "Seán O'Brien", 'MARIA GARCIA', 'Wei Chen'];
  const lines: string[] = [];
  for (let i = 1; i <= n; i++) {
    const note = i % 4 === 0 ? '\\N' : i % 4 === 1 ? `Call back after ${i % 12}pm.\\nAsk for ${names[i % 5]}.` : `Tab\\there, row ${i} ✓`;
    lines.push([i, `user.${i}@corp.example`, i % 7 === 0 ? '\\N' : names[i % 5], `+1 (415) 555-${String(i % 10000).padStart(4, '0')}`, `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 9}`, note].join('\t'));
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** The bytes in chunks cut anywhere (inside rows and characters), one per turn of the event loop, as a socket gives them. */
function source(bytes: Buffer): Readable {
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += 40_000 + 17) {
      await new Promise((resolve) => setImmediate(resolve));
      yield bytes.subarray(at, at + 40_000 + 17);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

const people = (m: SchemaModel): Table => m.tables.find((t) => t.display === 'public.people')!;
const reference = (plan: MaskPlan, table: Table, bytes: Buffer) => text(source(bytes).pipe(new CopyRowMapper(plan.masksFor(table))));

const builtInPlan = (m: SchemaModel): MaskPlan => buildMaskPlan(m, configFromObject({ anonymize: { rules } }, { anonymizeKey: key }), (name) => getAnonymizer(name));

/** The rows masked on two worker threads, beside the same rows masked on the main thread */
async function maskedOnWorkers(plan: MaskPlan, table: Table, bytes: Buffer) {
  const expected = await reference(plan, table, bytes);
  const pool = await readyPool(plan);
  const stream = maskRows(plan, table, { stage: 'clone', threads: 2, workersAfterBytes: 0 });
  const actual = await text(source(bytes).pipe(stream));
  pool.close();
  return { expected, actual, stream };
}

async function readyPool(plan: MaskPlan): Promise<MaskWorkerPool> {
  const pool = MaskWorkerPool.for(plan, 2);
  expect(pool, 'a worker pool for a plan of built-in rules').toBeDefined();
  await pool!.whenReady();
  expect(pool!.problem).toBeUndefined();
  return pool!;
}

describe('maskRows', () => {
  it('masks on worker threads exactly as on the main thread, rows in order, NULLs kept, date shifts keyed by the row', async () => {
    const m = await model();
    const plan = builtInPlan(m);
    const { expected, actual, stream: parallel } = await maskedOnWorkers(plan, people(m), copyText(30_000));
    expect(actual).toBe(expected);
    expect(parallel.workerBlocks).toBeGreaterThan(3);
    expect(parallel.rows).toBe(30_000);
  });

  it('masks a row too big for a worker on the main thread, in its place among the others', async () => {
    const m = await model();
    const plan = builtInPlan(m);
    const huge = `4242\thuge@corp.example\tAnn Lee\t\\N\t1990-01-01\t${'Call me maybe. '.repeat(100_000)}\n`;
    const rows = copyText(10_000).toString();
    const at = rows.indexOf('\n', rows.length / 2) + 1;
    const { expected, actual, stream: parallel } = await maskedOnWorkers(plan, people(m), Buffer.from(rows.slice(0, at) + huge + rows.slice(at)));
    expect(actual).toBe(expected);
    expect(parallel.rows).toBe(10_001);
    expect(parallel.workerBlocks).toBeGreaterThan(0);
  });

  it('keeps a small table on the main thread', async () => {
    const m = await model();
    const plan = builtInPlan(m);
    const bytes = copyText(500);
    const stream = maskRows(plan, people(m), { stage: 'clone' });
    expect(await text(source(bytes).pipe(stream))).toBe(await reference(plan, people(m), bytes));
    expect(stream.workerBlocks).toBe(0);
  });

  it('loads custom functions again from the config file in the workers, and stays on the main thread for a config made in code', async () => {
    const m = await model();
    await using dir = await tempDir('sandbox-mask-rows');
    const path = join(dir.path, 'sandbox.config.ts');
    await writeFile(
      path,
      `export default {
        anonymize: {
          rules: { 'public.people.email': 'tagged', 'public.people.note': 'shout' },
          custom: { tagged: (value: string) => 'id-' + value.length + '-' + value.split('').reverse().join(''), shout: (value: string) => value.toUpperCase() },
        },
      };\n`,
    );
    const fromFile: ResolvedConfig = await resolveConfig({ config: path }, { SANDBOX_ANONYMIZE_KEY: key }, dir.path);
    const plan = buildMaskPlan(m, fromFile, (name) => getAnonymizer(name));
    const bytes = copyText(20_000);
    const expected = await reference(plan, people(m), bytes);
    const pool = await readyPool(plan);
    const parallel = maskRows(plan, people(m), { stage: 'clone', threads: 2, workersAfterBytes: 0 });
    expect(await text(source(bytes).pipe(parallel))).toBe(expected);
    expect(parallel.workerBlocks).toBeGreaterThan(0);
    pool.close();

    // the same functions in a config object: no file to load them from, so no worker can build them
    const inCode = configFromObject({ anonymize: fromFile.anonymize }, { anonymizeKey: key });
    const planInCode = buildMaskPlan(m, inCode, (name) => getAnonymizer(name));
    expect(MaskWorkerPool.for(planInCode, 2)).toBeUndefined();
    const serial = maskRows(planInCode, people(m), { stage: 'clone', threads: 2, workersAfterBytes: 0 });
    expect(await text(source(bytes).pipe(serial))).toBe(expected);
    expect(serial.workerBlocks).toBe(0);
  });

  it('fails with MASK_COLLISION when blocks masked on workers repeat a unique value', async () => {
    const m = await model();
    await using dir = await tempDir('sandbox-mask-rows');
    const path = join(dir.path, 'sandbox.config.ts');
    await writeFile(path, `export default { anonymize: { rules: { 'public.people.email': 'prefix' }, custom: { prefix: (value: string) => value.slice(0, 7) } } };\n`);
    const plan = buildMaskPlan(m, await resolveConfig({ config: path }, { SANDBOX_ANONYMIZE_KEY: key }, dir.path), (name) => getAnonymizer(name));
    const pool = await readyPool(plan);
    const stream = maskRows(plan, people(m), { stage: 'snapshot', threads: 2, workersAfterBytes: 0 });
    const error = await text(source(copyText(20_000)).pipe(stream)).then(
      () => new Error('expected MASK_COLLISION'),
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error).toMatchObject({ code: 'MASK_COLLISION' });
    expect(error.message).toContain('public.people.email (rule "prefix")');
    pool.close();
  });
});
