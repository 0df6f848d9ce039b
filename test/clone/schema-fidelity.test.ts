import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminUrl, createTestDb, withClient } from '../helpers/test-db.js';
import { cloneIntoSandbox, countDumpObjects, countTable, dataState, dumpSchema, normaliseDump, runPsqlFiles } from './clone-helpers.js';
import { sharedFixture } from '../helpers/shared-fixtures.js';

const everyObjectSql = fileURLToPath(new URL('../fixtures/schemas/every-object.sql', import.meta.url));
const pagila = sharedFixture('pagila');

/** Creates `role` for the length of a test unless the server has it already; dropped again only if made here. */
async function borrowRole(role: string): Promise<AsyncDisposable> {
  const exists = await withClient(adminUrl(), async (c) => (await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount === 1);
  if (!exists) await withClient(adminUrl(), (c) => c.query(`CREATE ROLE ${role} NOLOGIN`));
  return {
    async [Symbol.asyncDispose]() {
      if (!exists) await withClient(adminUrl(), (c) => c.query(`DROP ROLE IF EXISTS ${role}`));
    },
  };
}

/** Clones the database and checks that pg_dump cannot tell the sandbox from the source, nor can row counts. */
async function expectFaithfulClone(title: string, sourceUrl: string): Promise<void> {
  await using clone = await cloneIntoSandbox(sourceUrl);
  const [sourceDump, sandboxDump] = [await dumpSchema(sourceUrl), await dumpSchema(clone.sandbox.url)];
  console.log(countTable(`${title}: objects in pg_dump --schema-only`, countDumpObjects(sourceDump), countDumpObjects(sandboxDump)));
  console.log(`${title}: fidelity ${clone.loaded.fidelity.reproduced} / ${clone.loaded.fidelity.inSource} catalog objects reproduced`);

  expect(normaliseDump(sandboxDump)).toEqual(normaliseDump(sourceDump));
  expect(clone.loaded.fidelity.notReproduced).toEqual([]);
  expect(clone.loaded.fidelity.extra).toEqual([]);
  expect(clone.loaded.fidelity.reproduced).toBe(clone.loaded.fidelity.inSource);
  expect(await dataState(clone.sandbox.url)).toEqual(await dataState(sourceUrl));
}

describe('cloning a schema into a sandbox', () => {
  it('reproduces every object kind of the every-object fixture so that pg_dump of the sandbox equals the source', async () => {
    // the fixture makes its policies' role if it is missing; the role outlives the database unless dropped here
    await using _role = await borrowRole('every_object_reader');
    await using db = await createTestDb('', 'every');
    // statement by statement, as psql runs it: the deferred foreign key must not hold its checks for the whole file
    await runPsqlFiles(db.url, [everyObjectSql]);
    const kinds = new Set((await dumpSchema(db.url)).match(/(?<=; Type: )[^;]+/g));
    // the fixture itself must keep using every kind the clone promises: a fixture that lost one proves nothing
    for (const kind of ['SCHEMA', 'EXTENSION', 'COLLATION', 'TYPE', 'DOMAIN', 'SEQUENCE', 'SEQUENCE OWNED BY', 'FUNCTION', 'PROCEDURE', 'AGGREGATE', 'TABLE',
      'TABLE ATTACH', 'DEFAULT', 'VIEW', 'MATERIALIZED VIEW', 'CONSTRAINT', 'CHECK CONSTRAINT', 'FK CONSTRAINT', 'INDEX', 'INDEX ATTACH', 'TRIGGER', 'RULE',
      'POLICY', 'ROW SECURITY', 'STATISTICS', 'COMMENT']) {
      expect(kinds, kind).toContain(kind);
    }
    await expectFaithfulClone('every-object.sql', db.url);
  });

  it('reproduces Pagila, partitions, domains, aggregate and full-text trigger included, so that pg_dump of the sandbox equals the source', async () => {
    // Pagila's schema is a pg_dump that hands every object to the role postgres
    await using _role = await borrowRole('postgres');
    await using db = await createTestDb('', 'pagila');
    await runPsqlFiles(db.url, [`${pagila}/pagila-schema.sql`, `${pagila}/pagila-data.sql`]);
    await expectFaithfulClone('Pagila', db.url);
  });
});
