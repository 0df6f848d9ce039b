import type { TableDelta } from '../diff/diff-tables.js';
import type { SchemaChange } from '../diff/diff-schema.js';
import type { TableEntry } from './report-schema.js';

/**
 * The `tables` of the report: every table whose rows or definition changed, partitioned parents as the sum of their
 * partitions, `collateral` when neither the table nor a partitioned ancestor was named by a statement.
 */
export function tableEntries(
  deltas: readonly TableDelta[],
  schemaChanges: readonly SchemaChange[],
  named: ReadonlySet<string>,
  productionRows: ReadonlyMap<string, number>,
  partitionParents: ReadonlyMap<string, string>,
): TableEntry[] {
  const parentOf = new Map([...partitionParents, ...deltas.filter((d) => d.partitionOf).map((d) => [d.table, d.partitionOf!] as const)]);
  const ancestors = (name: string): string[] => {
    const chain: string[] = [];
    for (let p = parentOf.get(name); p && !chain.includes(p); p = parentOf.get(p)) chain.push(p);
    return chain;
  };
  const sums = new Map<string, TableDelta>();
  for (const delta of deltas) {
    for (const name of [delta.table, ...ancestors(delta.table)]) {
      const sum = sums.get(name) ?? { ...delta, table: name, rowsBefore: 0, rowsAfter: 0, inserted: 0, updated: 0, deleted: 0 };
      for (const key of ['rowsBefore', 'rowsAfter', 'inserted', 'updated', 'deleted'] as const) sum[key] += delta[key];
      sums.set(name, sum);
    }
  }
  const redefined = new Set(schemaChanges.filter((c) => c.objectType === 'table').map((c) => c.name));
  const entries: TableEntry[] = [];
  for (const d of sums.values()) {
    const changed = d.inserted + d.updated + d.deleted;
    if (changed === 0 && !redefined.has(d.table)) continue;
    const isNamed = [d.table, ...ancestors(d.table)].some((n) => named.has(n));
    const production = productionRows.get(d.table) ?? sumOfPartitions(d.table, deltas, ancestors, productionRows);
    entries.push({
      name: d.table,
      rowsBefore: d.rowsBefore,
      rowsAfter: d.rowsAfter,
      inserted: d.inserted,
      updated: d.updated,
      deleted: d.deleted,
      productionRows: production,
      estimatedProductionAffected: production === null ? null : Math.round(d.rowsBefore > 0 ? (changed / d.rowsBefore) * production : changed),
      collateral: changed > 0 && !isNamed,
      partitionOf: parentOf.get(d.table) ?? null,
    });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

function sumOfPartitions(name: string, deltas: readonly TableDelta[], ancestors: (n: string) => string[], productionRows: ReadonlyMap<string, number>): number | null {
  const leaves = deltas.filter((d) => ancestors(d.table).includes(name));
  if (leaves.length === 0) return null;
  return leaves.reduce((n, d) => n + (productionRows.get(d.table) ?? 0), 0);
}
