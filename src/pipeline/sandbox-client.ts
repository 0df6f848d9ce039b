import pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';
import type { RunningSandbox } from '../sandbox/provider.js';
import type { CatalogReader } from '../source/queries/user-objects.js';

/** A client on the sandbox whose 'error' event is routed to the fail-closed path instead of crashing the process. */
export async function connectSandbox(sandbox: RunningSandbox): Promise<pg.Client & AsyncDisposable> {
  const client = new pg.Client({ connectionString: sandbox.url, application_name: 'sandbox-replay' }) as pg.Client & AsyncDisposable;
  client.on('error', () => undefined);
  client[Symbol.asyncDispose] = () => client.end().catch(() => undefined);
  try {
    await client.connect();
  } catch (cause) {
    throw new SandboxError('SANDBOX_CRASHED', `Cannot connect to the sandbox: ${(cause as Error).message}`, { stage: 'provision', cause });
  }
  return client;
}

/** Runs `read` in a transaction that is rolled back: introspection of the sandbox changes nothing. */
export async function readInTransaction<T>(client: pg.Client, read: (db: CatalogReader) => Promise<T>): Promise<T> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    return await read(catalogReader(client));
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

/** The client as a CatalogReader, for the catalog queries of src/source/queries and the equivalence report. */
export function catalogReader(client: pg.Client): CatalogReader {
  return { query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await client.query<R>(sql, params as unknown[])).rows };
}
