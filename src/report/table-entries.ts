import type { TableDelta } from '../diff/diff-tables.js';
import type { SchemaChange } from '../diff/diff-schema.js';
import type { TableEntry } from './report-schema.js';

/**
 * The `tables` of the report: every table whose rows or definition changed, partitioned parents as the sum of their
 * partitions, `collateral` when neither the table nor a partitioned ancestor was named by a statement. A partitioned
 * parent is collateral only when one of its changed partitions is: naming a partition is naming that part of it.
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
  const changedLeaf = (d: TableDelta) => d.inserted + d.updated + d.deleted > 0;
  const isNamed = (name: string) => [name, ...ancestors(name)].some((n) => named.has(n));
  const collateralLeaves = new Set(deltas.filter((d) => changedLeaf(d) && !isNamed(d.table)).map((d) => d.table));
  const isCollateral = (name: string) => collateralLeaves.has(name) || [...collateralLeaves].some((leaf) => ancestors(leaf).includes(name) && !isNamed(name));
  const entries: TableEntry[] = [];
  for (const d of sums.values()) {
    const changed = d.inserted + d.updated + d.deleted;
    if (changed === 0 && !redefined.has(d.table)) continue;
    const leaves = deltas.filter((leaf) => leaf.table === d.table || ancestors(leaf.table).includes(d.table));
    const production = productionRows.get(d.table) ?? sumOrNull(leaves.map((leaf) => productionRows.get(leaf.table) ?? null));
    // each partition scales by its own production size; the parent is the sum of its partitions' estimates
    const estimated = sumOrNull(leaves.map((leaf) => estimate(leaf, productionRows.get(leaf.table) ?? null)));
    entries.push({
      name: d.table,
      rowsBefore: d.rowsBefore,
      rowsAfter: d.rowsAfter,
      inserted: d.inserted,
      updated: d.updated,
      deleted: d.deleted,
      productionRows: production,
      estimatedProductionAffected: estimated,
      collateral: changed > 0 && isCollateral(d.table),
      partitionOf: parentOf.get(d.table) ?? null,
    });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}

function estimate(leaf: TableDelta, production: number | null): number | null {
  if (production === null) return null;
  const changed = leaf.inserted + leaf.updated + leaf.deleted;
  return Math.round(leaf.rowsBefore > 0 ? (changed / leaf.rowsBefore) * production : changed);
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return values.reduce<number>((n, v) => n + v!, 0);
}
