import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { loadSandbox, type LoadResult } from '../../src/clone/load-sandbox.js';
import { dataSourceFor } from '../../src/data/data-source.js';
import { providerFor } from '../../src/sandbox/embedded-provider.js';
import type { RunningSandbox } from '../../src/sandbox/provider.js';
import { connectReadOnly } from '../../src/source/connect-read-only.js';
import { introspect } from '../../src/source/introspect.js';
import type { SchemaModel } from '../../src/source/model.js';
import { testBinDir } from '../helpers/bin-dir.js';
import { withClient } from '../helpers/test-db.js';

const execFileAsync = promisify(execFile);

/** The client tools of the test server's major version: pg_dump refuses a newer server, and prints per version. */
export const pgBin = '/usr/lib/postgresql/15/bin';

export interface Clone extends AsyncDisposable {
  sandbox: RunningSandbox;
  loaded: LoadResult;
  model: SchemaModel;
}

/**
 * Clones `sourceUrl` into a fresh embedded sandbox as the pipeline does: introspect → copy data source → embedded
 * provider on the test's server binaries → loadSandbox. `edit` may change the model before it is loaded.
 */
export async function cloneIntoSandbox(sourceUrl: string, edit: (model: SchemaModel) => SchemaModel = (m) => m): Promise<Clone> {
  await using source = await connectReadOnly(sourceUrl);
  const model = edit(await introspect(source, source));
  const sandbox = await providerFor('embedded').start({ database: 'sandbox', binDir: testBinDir(), startTimeoutMs: 60_000 });
  try {
    const loaded = await loadSandbox(sandbox.url, model, dataSourceFor('copy', source), () => undefined);
    return { sandbox, loaded, model, [Symbol.asyncDispose]: () => sandbox[Symbol.asyncDispose]() };
  } catch (error) {
    await sandbox[Symbol.asyncDispose]();
    throw error;
  }
}

/** `pg_dump --schema-only --no-owner --no-privileges` of a database. */
export async function dumpSchema(url: string): Promise<string> {
  const { stdout } = await execFileAsync(`${pgBin}/pg_dump`, ['--schema-only', '--no-owner', '--no-privileges', '--dbname', url], { maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * A dump with only what must differ between two databases taken out: the random keys of `\restrict` /
 * `\unrestrict` (pg_dump 15.14 on), the version header comments, the SET lines and blank lines.
 */
export function normaliseDump(dump: string): string {
  return dump
    .split('\n')
    .filter((line) => !/^\\(un)?restrict /.test(line))
    .filter((line) => !/^-- Dumped (from database|by pg_dump) version /.test(line))
    .filter((line) => !/^SET /.test(line) && !/^SELECT pg_catalog\.set_config\('search_path'/.test(line))
    .filter((line) => line.trim() !== '')
    .join('\n');
}

/** How many objects of each type a dump holds, from its `-- Name: …; Type: X; Schema: …` headers. */
export function countDumpObjects(dump: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [, type] of dump.matchAll(/^-- Name: .*?; Type: ([^;]+); Schema: /gm)) counts.set(type!, (counts.get(type!) ?? 0) + 1);
  return counts;
}

/** A plain text table of both dumps' object counts per type, for the test log. */
export function countTable(title: string, source: Map<string, number>, sandbox: Map<string, number>): string {
  const types = [...new Set([...source.keys(), ...sandbox.keys()])].sort();
  const width = Math.max(20, ...types.map((t) => t.length));
  const row = (type: string, a: string | number, b: string | number, mark = '') => `${type.padEnd(width)}  ${String(a).padStart(6)}  ${String(b).padStart(7)}${mark}`;
  const total = (m: Map<string, number>) => [...m.values()].reduce((n, x) => n + x, 0);
  return [
    title,
    row('pg_dump object type', 'source', 'sandbox'),
    ...types.map((t) => row(t, source.get(t) ?? 0, sandbox.get(t) ?? 0, (source.get(t) ?? 0) === (sandbox.get(t) ?? 0) ? '' : '  ≠')),
    row('total', total(source), total(sandbox)),
  ].join('\n');
}

/** Runs SQL files with psql, stopping at the first error, as a pg_dump script must be loaded. */
export async function runPsqlFiles(url: string, files: readonly string[]): Promise<void> {
  await execFileAsync(`${pgBin}/psql`, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...files.flatMap((f) => ['-f', f]), '--dbname', url], { maxBuffer: 64 << 20 });
}

export interface DataState {
  /** Row count of every table, partitions and inheritance children counted on their own */
  rows: Record<string, number>;
  /** last_value of every sequence (null before its first nextval) */
  sequences: Record<string, string | null>;
  /** Whether each materialized view holds rows */
  populated: Record<string, boolean>;
}

/** What pg_dump --schema-only does not show but a clone must get right too. */
export async function dataState(url: string): Promise<DataState> {
  return withClient(url, async (client) => {
    const { rows: relations } = await client.query<{ name: string; sql: string; relkind: string; populated: boolean; last_value: string | null }>(`
      SELECT n.nspname || '.' || c.relname AS name, format('%I.%I', n.nspname, c.relname) AS sql, c.relkind, c.relispopulated AS populated,
             CASE WHEN c.relkind = 'S' THEN pg_sequence_last_value(c.oid)::text END AS last_value
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind IN ('r', 'S', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
       ORDER BY 1`);
    const state: DataState = { rows: {}, sequences: {}, populated: {} };
    for (const r of relations) {
      if (r.relkind === 'S') state.sequences[r.name] = r.last_value;
      if (r.relkind === 'm') state.populated[r.name] = r.populated;
      if (r.relkind === 'r') state.rows[r.name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ONLY ${r.sql}`)).rows[0]!.n);
    }
    return state;
  });
}
