import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/load-config.js';
import { configFromObject } from '../../src/config/resolve-config.js';
import { SandboxError } from '../../src/errors/sandbox-error.js';
import { readSource } from '../../src/pipeline/read-source.js';
import { takeSnapshot } from '../../src/pipeline/take-snapshot.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createTestDb } from '../helpers/test-db.js';

async function failure(work: () => Promise<unknown>): Promise<SandboxError> {
  const error = await work().then(
    () => new Error('expected a SandboxError'),
    (e: unknown) => e,
  );
  if (error instanceof SandboxError) return error;
  throw error;
}

const schema = `
CREATE SCHEMA billing;
CREATE TABLE public.customers (id int PRIMARY KEY);
CREATE TABLE public.invoices (id int PRIMARY KEY, customer_id int REFERENCES public.customers (id));
CREATE TABLE billing.invoices (id int PRIMARY KEY);
INSERT INTO public.customers SELECT generate_series(1, 10);
`;

describe('data.subset in the config', () => {
  it('takes a root with either a fraction or a WHERE condition, not both and not neither', () => {
    const both = () => validateConfig({ data: { subset: { roots: [{ table: 'customers' }, { table: 'orders', fraction: 0.1, where: 'id > 3' }] } } }, 'sandbox.config.ts');
    expect(both).toThrow(SandboxError);
    let message = '';
    try {
      both();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatchInlineSnapshot(`
      "Invalid config in sandbox.config.ts:
        data.subset.roots[0]: a root takes either fraction (e.g. 0.1) or where (a SQL condition), exactly one of them, got an object
        data.subset.roots[1]: a root takes either fraction (e.g. 0.1) or where (a SQL condition), exactly one of them, got an object"
    `);
    expect(validateConfig({ data: { subset: { roots: [{ table: 'customers', fraction: 0.1 }] } } }, 'x').data.subset).toEqual({
      roots: [{ table: 'customers', fraction: 0.1 }],
      children: 'none',
      maxChildrenPerParent: 100,
      maxCycleDepth: 2,
    });
  });

  it('stops before any row moves when a table it names is not one table of the source', async () => {
    await using db = await createTestDb(schema, 'subsetcfg');
    await using dir = await tempDir('sandbox-subset');
    const config = configFromObject(
      { data: { mode: 'copy', subset: { roots: [{ table: 'public.custmers', fraction: 0.5 }, { table: 'invoices', where: 'true' }], children: ['customers', 'nope'] } } },
      { sourceUrl: db.url },
    );
    const error = await failure(() => takeSnapshot(config, { outDir: join(dir.path, 'snap') }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatchInlineSnapshot(`
      "Invalid data.subset: no row was copied:
        data.subset.roots[0].table: no table "public.custmers" in the source
        data.subset.roots[1].table: "invoices" is a table in several schemas (billing.invoices, public.invoices): name one of them
        data.subset.children[1]: no table "nope" in the source"
    `);
    expect(await readdir(dir.path)).toEqual([]);
  });

  it('is ignored in synthetic mode, which reads no row of production, and says so', async () => {
    await using db = await createTestDb(schema, 'subsetcfg');
    const lines: string[] = [];
    const config = configFromObject({ data: { mode: 'synthetic', subset: { roots: [{ table: 'no_such_table', fraction: 0.5 }] } } }, { sourceUrl: db.url });
    const read = await readSource(config, (line) => lines.push(line), 'no source');
    await read.source[Symbol.asyncDispose]();
    expect(read.subset).toBeUndefined();
    expect(lines).toContain('subset: data.subset is ignored in synthetic mode, which reads no row of production (data.scale sets the size)');
  });
});
