import pg from 'pg';
import { configFromObject } from '../../src/config/resolve-config.js';
import { openOrigin } from '../../src/pipeline/origin.js';
import { provision, type Provisioned } from '../../src/pipeline/provision.js';
import { testBinDir } from '../helpers/bin-dir.js';
import { withClient } from '../helpers/test-db.js';

export interface ColumnShape {
  nullFraction: number;
  distinct: number;
}

export interface TableShape {
  rows: number;
  columns: Map<string, ColumnShape>;
}

/** Provisions a sandbox in synthetic mode from a live source (its profile only), the way `sandbox up` does. */
export async function syntheticSandbox(sourceUrl: string, data: { scale?: number; seed?: number } = {}): Promise<Provisioned & AsyncDisposable> {
  const binDir = testBinDir();
  const config = configFromObject({ data: { mode: 'synthetic', ...data }, ...(binDir ? { sandbox: { binDir } } : {}) }, { sourceUrl });
  await using origin = await openOrigin(config, () => undefined);
  const provisioned = await provision(origin, config, () => undefined);
  return { ...provisioned, [Symbol.asyncDispose]: () => provisioned.sandbox[Symbol.asyncDispose]() };
}

/** Row count, and per column the NULL fraction and the number of distinct values (as text), of every ordinary table and partition. */
export async function measureShapes(url: string): Promise<Map<string, TableShape>> {
  return withClient(url, async (client) => {
    const { rows: columns } = await client.query<{ table: string; sql: string; column: string }>(`
      SELECT format('%s.%s', n.nspname, c.relname) AS table, format('%I.%I', n.nspname, c.relname) AS sql, a.attname AS column
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
        AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum`);
    const shapes = new Map<string, TableShape>();
    for (const { table, sql, column } of columns) {
      const c = pg.escapeIdentifier(column);
      const { rows } = await client.query<{ rows: string; nonnull: string; distinct: string }>(`SELECT count(*) AS rows, count(${c}) AS nonnull, count(DISTINCT ${c}::text) AS distinct FROM ${sql}`);
      const row = rows[0]!;
      const shape = shapes.get(table) ?? { rows: Number(row.rows), columns: new Map() };
      shape.columns.set(column, { nullFraction: Number(row.rows) === 0 ? 0 : 1 - Number(row.nonnull) / Number(row.rows), distinct: Number(row.distinct) });
      shapes.set(table, shape);
    }
    return shapes;
  });
}

/** Constraints of user tables, with whether each is validated, by table and name. */
export async function constraintStates(url: string): Promise<Map<string, boolean>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string; validated: boolean }>(`
      SELECT format('%s.%s', c.conrelid::regclass, c.conname) AS name, c.convalidated AS validated
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.conrelid <> 0 AND n.nspname NOT IN ('pg_catalog', 'information_schema')`);
    return new Map(rows.map((r) => [r.name, r.validated]));
  });
}

/** A digest of every table's rows, to compare two sandboxes' data. */
export async function dataDigest(url: string): Promise<Map<string, string>> {
  return withClient(url, async (client) => {
    const { rows: tables } = await client.query<{ sql: string }>(`
      SELECT format('%I.%I', n.nspname, c.relname) AS sql FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' ORDER BY 1`);
    const digests = new Map<string, string>();
    for (const { sql } of tables) {
      const { rows } = await client.query<{ digest: string }>(`SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM ${sql} t`);
      digests.set(sql, rows[0]!.digest);
    }
    return digests;
  });
}
