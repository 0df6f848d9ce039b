import type { RowSelection } from '../copy-table.js';
import type { SubsetReason, SubsetSummary } from '../../snapshot/manifest.js';
import type { SchemaModel, Table } from '../../source/model.js';
import type { CatalogReader } from '../../source/queries/user-objects.js';
import { childrenOf, parentsOf, type ForeignKeyEnds } from './follow-foreign-keys.js';
import { inlinedKeyConditions, keyColumns, type KeySet } from './key-sql.js';
import { PickedRows } from './picked-rows.js';
import { pickRoot } from './pick-roots.js';
import type { ResolvedSubset } from './resolve-subset.js';
import { fromTable, type RowUnit, type RowUnits } from './row-units.js';

/** The rows a subset holds, by key: planned once inside the source's read-only transaction, then streamed table by table. */
export interface SubsetPlan {
  /** Rows per table picked, of production's, and why: for progress, stats.json and the report */
  readonly summary: SubsetSummary;
  /** The picked rows of one leaf table, for copyTableRowsOut; a table the subset did not reach gets none */
  selectionFor(table: Table): RowSelection;
}

export interface PlanSubsetOptions {
  /** data.seed: which rows a fraction picks */
  seed: number;
  progress?: (line: string) => void;
}

/** A batch of newly picked rows whose references are still to follow */
interface Step {
  unit: RowUnit;
  keys: KeySet;
  /** Rows added only as parents have their parents followed, not their children */
  children: boolean;
  /** Times the walk entered each unit on the way to these rows, the root's included */
  passes: ReadonlyMap<RowUnit, number>;
}

const reasonWords: Record<SubsetReason, string> = { root: 'roots', parent: 'parents', child: 'children' };

/**
 * Picks a referentially complete subset, keys only, inside the source's one REPEATABLE READ READ ONLY transaction
 * (which cannot create even a temp table, so the keys stay in this process). Roots first; then, batch by batch:
 * every parent a picked row references (always, so every foreign key of the subset holds), and from roots and
 * children the rows of the configured child tables that reference them, at most maxChildrenPerParent per parent row
 * and foreign key. Each row is picked once, and the walk enters a unit again at most maxCycleDepth times along one
 * path of children, so it ends on self references and cycles; parents are finite and picked once, so they end too.
 * @example const plan = await planSubset(source, model, resolveSubset(model, config.data.subset), { seed: 1 })
 */
export async function planSubset(source: CatalogReader, model: SchemaModel, subset: ResolvedSubset, options: PlanSubsetOptions): Promise<SubsetPlan> {
  const progress = options.progress ?? (() => undefined);
  const { units } = subset;
  const { asChild, asParent } = foreignKeyEnds(model, units);
  const picked = new PickedRows();
  const queue: (Step | undefined)[] = [];
  for (const root of subset.roots) {
    progress(`subset: picking ${root.fraction !== undefined ? `${Number((root.fraction * 100).toPrecision(6))}% of` : 'the rows matching the condition of'} ${root.table.display} (${root.path})`);
    const keys = picked.add(root.unit, await pickRoot(source, root, options.seed), 'root');
    queue.push({ unit: root.unit, keys, children: true, passes: new Map([[root.unit, 1]]) });
  }
  const cut = new Set<RowUnit>();
  for (let i = 0; i < queue.length; i++) {
    const step = queue[i]!;
    queue[i] = undefined; // its keys are in `picked`; the batch itself is done with
    for (const ends of asChild.get(step.unit) ?? []) {
      const keys = picked.add(ends.parentUnit, await parentsOf(source, units, ends, step.keys), 'parent');
      if (keys.size > 0) queue.push({ unit: ends.parentUnit, keys, children: false, passes: step.passes });
    }
    if (!step.children) continue;
    for (const ends of asParent.get(step.unit) ?? []) {
      if (!subset.followsChildrenInto(ends.childUnit)) continue;
      const pass = (step.passes.get(ends.childUnit) ?? 0) + 1;
      if (pass > 1 + subset.maxCycleDepth) {
        cut.add(ends.childUnit);
        continue;
      }
      const keys = picked.add(ends.childUnit, await childrenOf(source, units, ends, step.keys, subset.maxChildrenPerParent), 'child');
      if (keys.size > 0) queue.push({ unit: ends.childUnit, keys, children: true, passes: new Map(step.passes).set(ends.childUnit, pass) });
    }
  }
  const summary = await summarize(source, units, picked);
  for (const [display, t] of Object.entries(summary.tables)) progress(`subset: ${display} ${t.rows} of ${t.productionRows} rows (${t.via.map((v) => reasonWords[v]).join(', ')})`);
  for (const unit of cut) progress(`subset: children in ${unit.table.display} followed to ${subset.maxCycleDepth} extra pass(es) along a cycle, no further (maxCycleDepth)`);
  const reached = Object.keys(summary.tables).length;
  progress(`subset: ${reached} of ${units.units.length} tables hold rows; the others get none`);
  return {
    summary,
    selectionFor(table) {
      const unit = units.unitOf(table.display);
      const keys = unit ? picked.keysIn(unit, table.oid) : [];
      return { conditions: () => (unit ? inlinedKeyConditions(unit, keys) : []), ...(unit ? { orderBy: keyColumns(unit) } : {}) };
    },
  };
}

/** Every foreign key whose two tables the model has, by the unit of its child table and by that of its parent */
function foreignKeyEnds(model: SchemaModel, units: RowUnits): { asChild: Map<RowUnit, ForeignKeyEnds[]>; asParent: Map<RowUnit, ForeignKeyEnds[]> } {
  const asChild = new Map<RowUnit, ForeignKeyEnds[]>();
  const asParent = new Map<RowUnit, ForeignKeyEnds[]>();
  for (const fk of model.foreignKeys ?? []) {
    const child = units.tableNamed(fk.table);
    const parent = units.tableNamed(fk.refTable);
    if (!child || !parent) continue;
    const ends: ForeignKeyEnds = { fk, child, childUnit: units.unitOf(child.display)!, parent, parentUnit: units.unitOf(parent.display)! };
    asChild.set(ends.childUnit, [...(asChild.get(ends.childUnit) ?? []), ends]);
    asParent.set(ends.parentUnit, [...(asParent.get(ends.parentUnit) ?? []), ends]);
  }
  return { asChild, asParent };
}

/** Picked and production rows of every unit the subset reached, in the model's table order */
async function summarize(source: CatalogReader, units: RowUnits, picked: PickedRows): Promise<SubsetSummary> {
  const reached = new Set(picked.reached());
  const tables: SubsetSummary['tables'] = {};
  for (const unit of units.units.filter((u) => reached.has(u))) {
    const [count] = await source.query<{ n: string }>(`SELECT count(*) AS n FROM ${fromTable(unit.table)}`);
    tables[unit.table.display] = { rows: picked.keysOf(unit).size, productionRows: Number(count?.n ?? 0), via: picked.reasonsFor(unit) };
  }
  return { tables };
}
