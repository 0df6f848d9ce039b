import { configFromObject } from '../../src/config/resolve-config.js';
import type { ResolvedConfig } from '../../src/config/config-schema.js';
import type { SubsetSummary } from '../../src/snapshot/manifest.js';
import { openOrigin } from '../../src/pipeline/origin.js';
import { provision } from '../../src/pipeline/provision.js';
import { testBinDir } from '../helpers/bin-dir.js';
import { withClient } from '../helpers/test-db.js';


/** `--data copy` from a live source with `data.subset`, on the test's server binaries. */
export function subsetConfig(sourceUrl: string, subset: Record<string, unknown>, data: Record<string, unknown> = {}): ResolvedConfig {
  const binDir = testBinDir();
  return configFromObject({ data: { mode: 'copy', subset, ...data }, ...(binDir ? { sandbox: { binDir } } : {}) }, { sourceUrl });
}

export interface SubsetClone extends AsyncDisposable {
  url: string;
  /** Progress lines of the whole run */
  lines: string[];
  summary: SubsetSummary | undefined;
  /** Rows loaded per table */
  loaded: Map<string, number>;
}

/** Clones the live source into a sandbox as `sandbox up --source` does, with the config's subset. */
export async function cloneSubset(config: ResolvedConfig): Promise<SubsetClone> {
  const lines: string[] = [];
  const origin = await openOrigin(config, (line) => lines.push(line));
  try {
    const { sandbox, loaded } = await provision(origin, config, (line) => lines.push(line));
    return {
      url: sandbox.url,
      lines,
      summary: origin.data.subset,
      loaded: loaded.rowsLoaded,
      [Symbol.asyncDispose]: async () => {
        await sandbox[Symbol.asyncDispose]();
        await origin[Symbol.asyncDispose]();
      },
    };
  } catch (error) {
    await origin[Symbol.asyncDispose]();
    throw error;
  }
}

export async function rows<R extends Record<string, unknown>>(url: string, sql: string): Promise<R[]> {
  return withClient(url, async (c) => (await c.query<R>(sql)).rows);
}

export async function count(url: string, sql: string): Promise<number> {
  const [row] = await rows<{ n: string }>(url, `SELECT count(*) AS n FROM (${sql}) x`);
  return Number(row!.n);
}

/**
 * Foreign keys of a database: their number, and those not validated. The sandbox adds its foreign keys after the
 * rows are in (ALTER TABLE … ADD CONSTRAINT checks every row), so one that exists and is validated holds.
 */
export async function foreignKeys(url: string): Promise<{ total: number; notValidated: string[] }> {
  const list = await rows<{ name: string; valid: boolean }>(url, "SELECT conrelid::regclass || '.' || conname AS name, convalidated AS valid FROM pg_constraint WHERE contype = 'f' ORDER BY 1");
  return { total: list.length, notValidated: list.filter((f) => !f.valid).map((f) => f.name) };
}

/** Every row of every table in the sandbox that violates a foreign key, counted again from scratch by anti-joins. */
export async function orphans(url: string): Promise<string[]> {
  const fks = await rows<{ child: string; parent: string; cols: string[]; refcols: string[]; name: string }>(
    url,
    `SELECT c.conname AS name, c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent,
            (SELECT array_agg(quote_ident(a.attname) ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
            (SELECT array_agg(quote_ident(a.attname) ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS refcols
       FROM pg_constraint c WHERE c.contype = 'f' AND c.conparentid = 0`,
  );
  const found: string[] = [];
  for (const fk of fks) {
    const on = fk.cols.map((col, i) => `p.${fk.refcols[i]} = c.${col}`).join(' AND ');
    const notNull = fk.cols.map((col) => `c.${col} IS NOT NULL`).join(' AND ');
    const n = await count(url, `SELECT 1 FROM ${fk.child} c WHERE ${notNull} AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE ${on})`);
    if (n > 0) found.push(`${fk.name}: ${n}`);
  }
  return found;
}
