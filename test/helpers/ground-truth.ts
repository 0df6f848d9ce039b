import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { adminUrl, withClient, type TestDb } from './test-db.js';

/** What the report's `tables` must say about one table, by DESIGN.md's counting conventions. */
export interface TableTruth {
  name: string;
  rowsBefore: number;
  rowsAfter: number;
  inserted: number;
  updated: number;
  deleted: number;
}

export interface GroundTruth {
  /** Every table whose rows changed, partitioned parents as the sum of their partitions, sorted by name */
  tables: TableTruth[];
  /** psql stopped at an error (exit status 3 with ON_ERROR_STOP) */
  opFailed: boolean;
  /** What psql printed on stderr: the error, if any */
  psqlStderr: string;
}

/** A table's rows as Node holds them: by primary key, or as a multiset of whole rows where there is no key. */
type Rows = { kind: 'keyed'; rows: Map<string, string> } | { kind: 'multiset'; rows: Map<string, number> };

interface Snapshot {
  tables: Map<string, Rows>;
  /** leaf partition → its partitioned ancestors */
  ancestors: Map<string, string[]>;
}

const psql = '/usr/bin/psql';

/**
 * Runs the op files with psql on a plain copy of the source (`CREATE DATABASE … TEMPLATE`) and counts, in Node, what
 * changed. Shares nothing with the code under test: rows are compared as `to_jsonb(row)::text`, not by row hash,
 * and the statements run through psql, whose semantics the tool promises to copy. The source must have no open
 * connection while the copy is made.
 * @example const truth = await groundTruth(db, ['test/fixtures/ops/cascade/op.sql']);
 */
export async function groundTruth(source: TestDb, opFiles: readonly string[]): Promise<GroundTruth> {
  const copy = `gt_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE ${copy} TEMPLATE ${source.name}`));
  try {
    const url = adminUrl(copy);
    const before = await withClient(url, snapshot);
    const run = await runPsql(url, opFiles);
    const after = await withClient(url, snapshot);
    return { tables: compare(before, after), opFailed: run.exitCode === 3, psqlStderr: run.stderr };
  } finally {
    await withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`));
  }
}

async function snapshot(client: pg.Client): Promise<Snapshot> {
  const { rows: leaves } = await client.query<{ name: string; sql: string; key: string[] | null; ancestors: string[] | null }>(`
    SELECT n.nspname || '.' || c.relname AS name, format('%I.%I', n.nspname, c.relname) AS sql,
           (SELECT array_agg(format('%I', a.attname) ORDER BY k.ord)
              FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
             WHERE i.indrelid = c.oid AND i.indisprimary) AS key,
           CASE WHEN c.relispartition THEN
             (SELECT array_agg(an.nspname || '.' || ac.relname) FROM pg_partition_ancestors(c.oid) p(relid)
                JOIN pg_class ac ON ac.oid = p.relid JOIN pg_namespace an ON an.oid = ac.relnamespace
               WHERE p.relid <> c.oid) END AS ancestors
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
     ORDER BY 1`);
  const tables = new Map<string, Rows>();
  const ancestors = new Map<string, string[]>();
  for (const leaf of leaves) {
    if (leaf.ancestors) ancestors.set(leaf.name, leaf.ancestors);
    if (leaf.key) {
      const { rows } = await client.query<{ k: string; v: string }>(
        `SELECT jsonb_build_array(${leaf.key.map((c) => `t.${c}`).join(', ')})::text AS k, to_jsonb(t)::text AS v FROM ONLY ${leaf.sql} t`,
      );
      tables.set(leaf.name, { kind: 'keyed', rows: new Map(rows.map((r) => [r.k, r.v])) });
    } else {
      const { rows } = await client.query<{ v: string }>(`SELECT to_jsonb(t)::text AS v FROM ONLY ${leaf.sql} t`);
      const multiset = new Map<string, number>();
      for (const { v } of rows) multiset.set(v, (multiset.get(v) ?? 0) + 1);
      tables.set(leaf.name, { kind: 'multiset', rows: multiset });
    }
  }
  return { tables, ancestors };
}

/** psql as the tool's docs describe it: one statement at a time, the file's own transactions, stop at the first error. */
function runPsql(url: string, files: readonly string[]): Promise<{ exitCode: number; stderr: string }> {
  const args = ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...files.flatMap((f) => ['-f', f]), url];
  return new Promise((resolve, reject) => {
    execFile(psql, args, { env: { ...process.env, PGAPPNAME: 'ground-truth' } }, (error, _stdout, stderr) => {
      const exitCode = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      // 3: the script hit an error and stopped (a finding); anything else means psql itself could not run it
      if (exitCode !== 0 && exitCode !== 3) reject(new Error(`psql exited with ${exitCode}: ${stderr}`));
      else resolve({ exitCode, stderr });
    });
  });
}

function compare(before: Snapshot, after: Snapshot): TableTruth[] {
  const names = new Set([...before.tables.keys(), ...after.tables.keys()]);
  const leaves = [...names].map((name) => countChanges(name, before.tables.get(name), after.tables.get(name)));
  const ancestorsOf = (name: string) => after.ancestors.get(name) ?? before.ancestors.get(name) ?? [];
  const parents = new Map<string, TableTruth>();
  for (const leaf of leaves) {
    for (const parent of ancestorsOf(leaf.name)) {
      const sum = parents.get(parent) ?? { name: parent, rowsBefore: 0, rowsAfter: 0, inserted: 0, updated: 0, deleted: 0 };
      for (const key of ['rowsBefore', 'rowsAfter', 'inserted', 'updated', 'deleted'] as const) sum[key] += leaf[key];
      parents.set(parent, sum);
    }
  }
  return [...leaves, ...parents.values()]
    .filter((t) => t.inserted + t.updated + t.deleted > 0)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A missing side (table created or dropped by the op) counts as an empty table. */
function countChanges(name: string, before: Rows | undefined, after: Rows | undefined): TableTruth {
  const kind = before?.kind ?? after?.kind;
  if (kind === 'keyed') {
    const b = before?.kind === 'keyed' ? before.rows : new Map<string, string>();
    const a = after?.kind === 'keyed' ? after.rows : new Map<string, string>();
    let inserted = 0;
    let updated = 0;
    let deleted = 0;
    for (const [key, row] of b) {
      const now = a.get(key);
      if (now === undefined) deleted++;
      else if (now !== row) updated++;
    }
    for (const key of a.keys()) if (!b.has(key)) inserted++;
    return { name, rowsBefore: b.size, rowsAfter: a.size, inserted, updated, deleted };
  }
  const b = before?.kind === 'multiset' ? before.rows : new Map<string, number>();
  const a = after?.kind === 'multiset' ? after.rows : new Map<string, number>();
  let inserted = 0;
  let deleted = 0;
  for (const value of new Set([...b.keys(), ...a.keys()])) {
    const diff = (a.get(value) ?? 0) - (b.get(value) ?? 0);
    if (diff > 0) inserted += diff;
    else deleted -= diff;
  }
  const total = (m: Map<string, number>) => [...m.values()].reduce((n, x) => n + x, 0);
  return { name, rowsBefore: total(b), rowsAfter: total(a), inserted, updated: 0, deleted };
}
