import { describe, expect, it } from 'vitest';
import type { SchemaModel } from '../../src/source/model.js';
import { createTestDb } from '../helpers/test-db.js';
import { cloneIntoSandbox } from './clone-helpers.js';

// Objects a sandbox does not recreate, beside a table it does. None of them may vanish without being named.
const schema = `
CREATE TABLE public.accounts (id integer PRIMARY KEY, email text);
INSERT INTO public.accounts VALUES (1, 'a@example.com'), (2, 'a@example.com');
CREATE FOREIGN DATA WRAPPER dummy_fdw;
CREATE SERVER elsewhere FOREIGN DATA WRAPPER dummy_fdw;
CREATE USER MAPPING FOR PUBLIC SERVER elsewhere;
CREATE FOREIGN TABLE public.remote_accounts (id integer) SERVER elsewhere;
COMMENT ON FOREIGN TABLE public.remote_accounts IS 'lives elsewhere';
CREATE PUBLICATION accounts_pub FOR TABLE public.accounts;
CREATE FUNCTION public.on_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION public.on_ddl();
CREATE OPERATOR public.=== (LEFTARG = integer, RIGHTARG = integer, FUNCTION = int4eq);
CREATE TEXT SEARCH CONFIGURATION public.english_copy (COPY = pg_catalog.english);
CREATE FUNCTION public.c_handler() RETURNS language_handler LANGUAGE c AS '$libdir/plpgsql', 'plpgsql_call_handler';
`;

/** The model as if the source had an extension that the sandbox's server does not ship. */
function withForeignExtension(model: SchemaModel): SchemaModel {
  const ddl = 'CREATE EXTENSION IF NOT EXISTS no_such_extension WITH SCHEMA public;';
  return {
    ...model,
    objects: [...model.objects, { objectType: 'extension', name: 'no_such_extension', definition: ddl, ddl, phase: 'pre-data', rank: 1 }],
    inventory: [...model.inventory, { objectType: 'extension', name: 'no_such_extension' }],
  };
}

describe('objects the clone cannot reproduce', () => {
  it('are listed by name with a reason, and the rest of the schema is still cloned', async () => {
    await using db = await createTestDb(schema, 'unsup');
    // a unique index built concurrently over duplicates fails and stays behind, invalid
    await expect(db.query('CREATE UNIQUE INDEX CONCURRENTLY accounts_email_idx ON public.accounts (email)')).rejects.toThrow(/could not create unique index/);

    await using clone = await cloneIntoSandbox(db.url, withForeignExtension);
    const { fidelity } = clone.loaded;

    expect(fidelity.notReproduced.map((u) => `${u.objectType}: ${u.name}`).sort()).toEqual([
      'comment: foreign table public.remote_accounts',
      'event trigger: log_ddl',
      'extension: no_such_extension',
      'foreign table: public.remote_accounts',
      'foreign-data wrapper: dummy_fdw',
      'function: public.c_handler()',
      'index: public.accounts_email_idx',
      'operator: public.===(integer,integer)',
      'publication: accounts_pub',
      'server: elsewhere',
      'text search configuration: public.english_copy',
      'user mapping: public on server elsewhere',
    ]);
    // every one of them was known for what it is, none merely went missing
    for (const object of fidelity.notReproduced) expect(object.reason, object.name).not.toMatch(/not found in the sandbox/);
    expect(fidelity.reproduced).toBe(fidelity.inSource - fidelity.notReproduced.length);
    expect(fidelity.kinds.find((k) => k.objectType === 'table')).toEqual({ objectType: 'table', inSource: 1, reproduced: 1, extra: 0 });
    expect(clone.loaded.rowsLoaded.get('public.accounts')).toBe(2);
  });
});
