import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from '../data/data-source.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { SchemaModel, SchemaObject, Table } from '../source/model.js';
import { runDdl, type DdlStatement } from './run-ddl.js';
import { tableDdl } from './table-ddl.js';

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

function byRank(phase: SchemaObject['phase'], objects: readonly SchemaObject[]): DdlStatement[] {
  return objects
    .filter((o) => o.phase === phase)
    .map((o, i) => ({ o, i }))
    .sort((a, b) => a.o.rank - b.o.rank || a.i - b.i)
    .map(({ o }) => ({ label: `${o.objectType} ${o.name}`, sql: o.ddl }));
}

function preDataStatements(model: SchemaModel): DdlStatement[] {
  const sqlOf = new Map(model.tables.map((t) => [t.display, t.sql]));
  const sqlNameOf = (display: string) => sqlOf.get(display) ?? display;
  const objects = byRank('pre-data', model.objects.filter((o) => o.rank < 6));
  const tables = model.tables.map((t) => ({ label: `table ${t.display}`, sql: tableDdl(t, sqlNameOf) }));
  const later = byRank('pre-data', model.objects.filter((o) => o.rank >= 6));
  return [...objects, ...tables, ...later];
}

function postDataStatements(model: SchemaModel): DdlStatement[] {
  const setvals = model.sequenceValues.map((s) => {
    const loadedMax = s.ownedBy ? `(SELECT max(${s.ownedBy.column}) FROM ${s.ownedBy.tableSql})::bigint` : 'NULL::bigint';
    // the larger of production's value and the loaded maximum, so the next insert never collides
    return {
      label: `sequence value ${s.sql}`,
      sql: `SELECT setval(${pg.escapeLiteral(s.sql)}, v) FROM (SELECT greatest(${s.lastValue ?? 'NULL'}::bigint, ${loadedMax}) AS v) s WHERE v IS NOT NULL`,
    };
  });
  return [...byRank('post-data', model.objects), ...setvals];
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
      throw new SandboxError('CLONE_FAILED', `Loading the rows of ${table.display} failed: ${(cause as Error).message}`, { stage: 'clone', cause });
    }
    rowsLoaded.set(table.display, sink.rowCount);
    progress(`data: ${table.display} ${sink.rowCount} rows (${i + 1}/${leaves.length})`);
  }
  return rowsLoaded;
}
