import type { SubsetReason } from '../../snapshot/manifest.js';
import { keyOf, type KeyRow, type KeySet } from './key-sql.js';
import type { RowUnit } from './row-units.js';

/**
 * The rows a subset holds so far: keys only, per unit, each with the leaf table it lives in. This is all the subset
 * keeps in memory; the rows themselves stream later.
 */
export class PickedRows {
  readonly #keys = new Map<RowUnit, Map<string, number>>();
  readonly #reasons = new Map<RowUnit, Set<SubsetReason>>();

  /** Adds the rows not picked yet and returns them (empty when every one was picked already). */
  add(unit: RowUnit, rows: readonly (KeyRow & { leaf: string })[], reason: SubsetReason): Map<string, number> {
    let keys = this.#keys.get(unit);
    if (!keys) this.#keys.set(unit, (keys = new Map()));
    const added = new Map<string, number>();
    for (const row of rows) {
      const key = keyOf(unit, row);
      if (keys.has(key)) continue;
      const leaf = Number(row.leaf);
      keys.set(key, leaf);
      added.set(key, leaf);
    }
    if (added.size > 0) {
      let reasons = this.#reasons.get(unit);
      if (!reasons) this.#reasons.set(unit, (reasons = new Set()));
      reasons.add(reason);
    }
    return added;
  }

  keysOf(unit: RowUnit): KeySet {
    return this.#keys.get(unit) ?? new Map();
  }

  /** Keys of the rows held by one leaf table, in the order they were picked */
  keysIn(unit: RowUnit, leafOid: number): string[] {
    return [...this.keysOf(unit)].filter(([, oid]) => oid === leafOid).map(([key]) => key);
  }

  /** Why the unit's rows were picked, in the order root, parent, child */
  reasonsFor(unit: RowUnit): SubsetReason[] {
    const reasons = this.#reasons.get(unit) ?? new Set();
    return (['root', 'parent', 'child'] as const).filter((r) => reasons.has(r));
  }

  /** Units that hold at least one row, in the order they were first reached */
  reached(): RowUnit[] {
    return [...this.#keys].filter(([, keys]) => keys.size > 0).map(([unit]) => unit);
  }
}
