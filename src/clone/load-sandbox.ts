import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from '../data/data-source.js';
import { pgErrorInfo } from '../errors/pg-error.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { SchemaModel, SchemaObject, UnsupportedObject } from '../source/model.js';
import { fetchInventory } from '../source/queries/fetch-inventory.js';
import type { CatalogReader } from '../source/queries/user-objects.js';
import { postDataStatements, preDataStatements } from './ddl-plan.js';
import { computeFidelity, fidelityLine, type Fidelity } from './fidelity.js';
import { runDdl } from './run-ddl.js';

export interface LoadResult {
  /** Rows loaded per table (display name) */
  rowsLoaded: Map<string, number>;
  objectsCreated: number;
  /** Objects of the source found in the sandbox, per kind, and by name what was not */
  fidelity: Fidelity;
  /** What the data source had to change or leave out (synthetic rows rejected by a CHECK, …), for the report */
  dataNotes: string[];
}

/**
 * Loads a sandbox in three phases, as pg_restore does: pre-data (schemas, types, functions, tables), data (one
 * streaming COPY per table, before any index or constraint exists), post-data (keys, indexes, foreign keys,
 * triggers, sequence values), then ANALYZE so plans match production's shape. Last, it takes the sandbox's inventory
 * and compares it with the source's: what the clone could not make is named, never silently dropped.
 */
export async function loadSandbox(sandboxUrl: string, model: SchemaModel, data: DataSource, progress: (line: string) => void): Promise<LoadResult> {
  const client = new pg.Client({ connectionString: sandboxUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    // function bodies may name tables that come later, as in pg_dump output
    await client.query("SET check_function_bodies = off; SET client_min_messages = warning; SET search_path = ''");
    const { buildable, unavailable } = await withoutUnavailableExtensions(client, model);
    const pre = preDataStatements(buildable);
    progress(`schema: ${model.tables.length} tables, ${model.objects.length} other objects`);
    await explainingMissingExtensions(unavailable, () => runDdl(client, pre));
    const rowsLoaded = await loadData(client, model, data, progress);
    const dataNotes = (await data.afterData?.(client, progress)) ?? [];
    const post = postDataStatements(buildable);
    await explainingMissingExtensions(unavailable, () => explainingMaskCollisions(data.mode, () => runDdl(client, post)));
    await client.query('ANALYZE');
    const reader: CatalogReader = { query: async (sql, params) => (await client.query(sql, params as unknown[])).rows };
    const fidelity = computeFidelity(model.inventory, (await fetchInventory(reader)).entries, [...model.unsupported, ...unavailable]);
    progress(`fidelity: ${fidelityLine(fidelity)}`);
    for (const object of fidelity.notReproduced) progress(`not reproduced: ${object.objectType} ${object.name}: ${object.reason}`);
    return { rowsLoaded, objectsCreated: pre.length + post.length, fidelity, dataNotes };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Extensions the sandbox's server does not ship are left out and named, instead of failing the first statement. */
async function withoutUnavailableExtensions(client: pg.Client, model: SchemaModel): Promise<{ buildable: SchemaModel; unavailable: UnsupportedObject[] }> {
  const { rows } = await client.query<{ name: string }>('SELECT name FROM pg_catalog.pg_available_extensions');
  const available = new Set(rows.map((r) => r.name));
  const isUnavailable = (o: SchemaObject) => o.objectType === 'extension' && !available.has(o.name);
  const unavailable = model.objects.filter(isUnavailable).map((o) => ({
    objectType: 'extension',
    name: o.name,
    reason: "not available on the sandbox's PostgreSQL: install the extension's package there, or set sandbox.binDir to server binaries that have it",
  }));
  return { buildable: { ...model, objects: model.objects.filter((o) => !isUnavailable(o)) }, unavailable };
}

/** A unique key that cannot be built over masked rows means two values masked to one: fail closed, and say so. */
async function explainingMaskCollisions(mode: DataSource['mode'], run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (mode !== 'anonymized' || !(error instanceof SandboxError) || pgErrorInfo(error.cause).sqlstate !== '23505') throw error;
    throw new SandboxError(error.code, `${error.message}\nTwo different values were masked to the same one in a unique column, so the masked rows cannot keep the key.`, {
      ...error.detail,
      hint: 'Use an anonymizer that keeps distinct values distinct (email, uuid, token, card-number, phone, zip, ip) on that column, or a custom one that does.',
    });
  }
}

async function explainingMissingExtensions(unavailable: readonly UnsupportedObject[], run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (unavailable.length === 0 || !(error instanceof SandboxError)) throw error;
    const names = unavailable.map((u) => u.name).join(', ');
    throw new SandboxError(error.code, `${error.message}\nThe sandbox's PostgreSQL lacks the extension(s) ${names}, which this object may need.`, error.detail);
  }
}

async function loadData(client: pg.Client, model: SchemaModel, data: DataSource, progress: (line: string) => void): Promise<Map<string, number>> {
  const rowsLoaded = new Map<string, number>();
  const leaves = model.tables.filter((t) => t.kind === 'table');
  for (const [i, table] of leaves.entries()) {
    const columns = table.columns.filter((c) => !c.generated).map((c) => c.name);
    const list = columns.map((c) => pg.escapeIdentifier(c)).join(', ');
    const sink = client.query(copyFrom(`COPY ${table.sql} (${list}) FROM STDIN`));
    try {
      await data.pipeTable(table, columns, sink);
    } catch (cause) {
      if (cause instanceof SandboxError) throw cause; // a tampered snapshot file, an unreadable source table: their own code says more
      throw new SandboxError('CLONE_FAILED', `Loading the rows of ${table.display} failed: ${(cause as Error).message}`, { stage: 'clone', cause });
    }
    rowsLoaded.set(table.display, sink.rowCount);
    progress(`data: ${table.display} ${sink.rowCount} rows (${i + 1}/${leaves.length})`);
  }
  return rowsLoaded;
}
