export interface Orderable {
  /** Catalog ids the item creates */
  provides?: readonly string[];
  /** Catalog ids it needs; ids that no item provides are taken as already there (system, extension objects) */
  dependsOn?: readonly string[];
}

/**
 * Orders items so that each comes after every item it depends on, and otherwise keeps the given order (a stable
 * topological sort). A cycle, which pg_depend can hold (a function returning a table's row type that the table's
 * default calls), is broken at its earliest item; run-ddl.ts retries what still fails for a missing dependency.
 * @example orderByDependencies([{ dependsOn: ['1259:2'] }, { provides: ['1259:2'] }]) // the second item first
 */
export function orderByDependencies<T extends Orderable>(items: readonly T[]): T[] {
  const provider = new Map<string, number>();
  items.forEach((item, i) => item.provides?.forEach((id) => provider.set(id, i)));
  const waitingOn = items.map(() => new Set<number>());
  const dependents = items.map((): number[] => []);
  items.forEach((item, i) => {
    for (const id of item.dependsOn ?? []) {
      const p = provider.get(id);
      if (p === undefined || p === i || waitingOn[i]!.has(p)) continue;
      waitingOn[i]!.add(p);
      dependents[p]!.push(i);
    }
  });
  const done = new Array<boolean>(items.length).fill(false);
  const ready = new MinQueue();
  items.forEach((_, i) => waitingOn[i]!.size === 0 && ready.push(i));
  const ordered: T[] = [];
  let next = 0; // lowest index not yet emitted, where a cycle is broken
  while (ordered.length < items.length) {
    let i = ready.pop();
    if (i === undefined) {
      while (done[next]) next++;
      i = next;
    }
    if (done[i]) continue;
    done[i] = true;
    ordered.push(items[i]!);
    for (const d of dependents[i]!) {
      waitingOn[d]!.delete(i);
      if (waitingOn[d]!.size === 0 && !done[d]) ready.push(d);
    }
  }
  return ordered;
}

/** A binary heap of indexes, smallest first, so that ready items keep their original order. */
class MinQueue {
  readonly #heap: number[] = [];

  push(value: number): void {
    const heap = this.#heap;
    heap.push(value);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= value) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = value;
  }

  pop(): number | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const child = left + 1 < heap.length && heap[left + 1]! < heap[left]! ? left + 1 : left;
        if (heap[child]! >= last) break;
        heap[i] = heap[child]!;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
