import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from '../data/data-source.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { SchemaModel } from '../source/model.js';
import { postDataStatements, preDataStatements } from './ddl-plan.js';
import { runDdl } from './run-ddl.js';

export interface LoadResult {
  /** Rows loaded per table (display name) */
  rowsLoaded: Map<string, number>;
  objectsCreated: number;
}

/**
 * Loads a sandbox in three phases, as pg_restore does: pre-data (schemas, types, functions, tables), data (one
 * streaming COPY per table, before any index or constraint exists), post-data (keys, indexes, foreign keys,
 * triggers, sequence values), then ANALYZE so plans match production's shape.
 */
export async function loadSandbox(sandboxUrl: string, model: SchemaModel, data: DataSource, progress: (line: string) => void): Promise<LoadResult> {
  const client = new pg.Client({ connectionString: sandboxUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    // function bodies may name tables that come later, as in pg_dump output
    await client.query("SET check_function_bodies = off; SET client_min_messages = warning; SET search_path = ''");
    const pre = preDataStatements(model);
    progress(`schema: ${model.tables.length} tables, ${model.objects.length} other objects`);
    await runDdl(client, pre);
    const rowsLoaded = await loadData(client, model, data, progress);
    const post = postDataStatements(model);
    await runDdl(client, post);
    await client.query('ANALYZE');
    return { rowsLoaded, objectsCreated: pre.length + post.length };
  } finally {
    await client.end().catch(() => undefined);
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
      if (cause instanceof SandboxError) throw cause; // e.g. a tampered snapshot file: its own code says more
      throw new SandboxError('CLONE_FAILED', `Loading the rows of ${table.display} failed: ${(cause as Error).message}`, { stage: 'clone', cause });
    }
    rowsLoaded.set(table.display, sink.rowCount);
    progress(`data: ${table.display} ${sink.rowCount} rows (${i + 1}/${leaves.length})`);
  }
  return rowsLoaded;
}
