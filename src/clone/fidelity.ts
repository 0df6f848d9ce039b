import type { InventoryEntry, UnsupportedObject } from '../source/model.js';

export interface KindFidelity {
  /** pg_identify_object's type: `table`, `index`, `table constraint`, `comment`, … */
  objectType: string;
  inSource: number;
  /** Objects of the source found under the same name in the sandbox */
  reproduced: number;
  /** Objects of this kind in the sandbox that the source does not have (a generated name that came out differently) */
  extra: number;
}

export interface Fidelity {
  inSource: number;
  reproduced: number;
  /** One line per object kind, in name order */
  kinds: KindFidelity[];
  /**
   * Every object of the source the sandbox lacks, by name: those known up front with their reason, then any other
   * the clone lost, so that nothing goes missing without a word.
   */
  notReproduced: UnsupportedObject[];
  /** Objects in the sandbox that the source does not have */
  extra: InventoryEntry[];
}

const lost = 'not found in the sandbox after the clone';

/**
 * Compares the inventory of the source with the sandbox's after the clone: per kind, how many objects of the source
 * the sandbox has under the same name.
 * @example computeFidelity(model.inventory, await fetchInventory(sandboxDb), model.unsupported).reproduced // 612
 */
export function computeFidelity(source: readonly InventoryEntry[], sandbox: readonly InventoryEntry[], known: readonly UnsupportedObject[]): Fidelity {
  const key = (e: { objectType: string; name: string }) => `${e.objectType}\u0000${e.name}`;
  const inSandbox = countBy(sandbox, key);
  const kinds = new Map<string, KindFidelity>();
  const kind = (objectType: string) => {
    let k = kinds.get(objectType);
    if (!k) kinds.set(objectType, (k = { objectType, inSource: 0, reproduced: 0, extra: 0 }));
    return k;
  };
  const missing: InventoryEntry[] = [];
  for (const entry of source) {
    const k = kind(entry.objectType);
    k.inSource++;
    const left = inSandbox.get(key(entry)) ?? 0;
    if (left > 0) {
      k.reproduced++;
      inSandbox.set(key(entry), left - 1);
    } else {
      missing.push(entry);
    }
  }
  const extra = sandbox.filter((e) => {
    const left = inSandbox.get(key(e)) ?? 0;
    if (left === 0) return false;
    inSandbox.set(key(e), left - 1);
    kind(e.objectType).extra++;
    return true;
  });
  const explained = new Set(known.map(key));
  const reproducedAnyway = new Set(sandbox.map(key));
  const notReproduced = [
    ...known.filter((u) => !reproducedAnyway.has(key(u))),
    ...missing.filter((m) => !explained.has(key(m))).map((m) => ({ ...m, reason: lost })),
  ];
  const sorted = [...kinds.values()].sort((a, b) => a.objectType.localeCompare(b.objectType));
  return {
    inSource: source.length,
    reproduced: sorted.reduce((n, k) => n + k.reproduced, 0),
    kinds: sorted,
    notReproduced,
    extra,
  };
}

/** `612 / 615 objects reproduced`, the line `sandbox up` prints. */
export function fidelityLine(fidelity: Fidelity): string {
  return `${fidelity.reproduced} / ${fidelity.inSource} objects reproduced`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
