import type { ForeignKeyFanout } from '../snapshot/manifest.js';
import { permutation } from './permutation.js';

/** Which parent row each child row references, following production's children-per-parent distribution. */
export interface ParentAssignment {
  /** The parent row of `row`, or -1 when the row references none (a NULL key) */
  parentOf(row: number, attempt?: number): number;
}

export interface AssignmentInput {
  childRows: number;
  parentRows: number;
  /** Production's fan-out along this key; without it children spread evenly over every parent */
  fanout?: ForeignKeyFanout;
  /** Production's row count of the parent, to scale the number of referenced parents */
  productionParentRows?: number;
  nullFraction: number;
  notNull: boolean;
  /** The key is unique in the child (one-to-one): every parent at most once */
  unique: boolean;
  /** Children of one parent are contiguous rows, as they often are when loaded per parent */
  grouped: boolean;
  /** Parent rows production's child references most, most first: they get the largest families (same keys, same skew) */
  preferred?: readonly number[];
  /** Production's most common keys' frequencies (fractions of the child's rows), most first: the largest families' sizes */
  topFrequencies?: readonly number[];
  salt: number;
}

/**
 * Children per parent are drawn at stratified quantiles of the fan-out (min, p50, p90, p99, max, linear between) and
 * rescaled to add up to the child's rows, over as many parents as production references (scaled); the parents that
 * get children, and which get the most, are spread over the parent table by a permutation.
 */
export function assignParents(input: AssignmentInput): ParentAssignment {
  const { childRows, parentRows } = input;
  if (parentRows === 0 || childRows === 0) return { parentOf: () => -1 };
  const nullFraction = input.fanout?.nullFraction ?? input.nullFraction;
  const nulls = input.notNull ? 0 : Math.min(childRows, Math.round(nullFraction * childRows));
  const linked = childRows - nulls;
  const counts = input.unique ? new Array<number>(Math.min(linked, parentRows)).fill(1) : parentCounts(linked, parentRows, input);
  const starts = new Float64Array(counts.length + 1);
  for (let j = 0; j < counts.length; j++) starts[j + 1] = starts[j]! + counts[j]!;
  const covered = starts[counts.length]!; // below `linked` only when a unique key has fewer parents than children
  const parents = parentOrder(parentRows, counts.length, input.preferred ?? [], input.salt);
  const elsewhere = permutation(parentRows, input.salt);
  const rowOrder = permutation(childRows, input.salt ^ 0x5bd1e995);
  const spread = permutation(Math.max(1, covered), input.salt ^ 0x1b873593);
  return {
    parentOf(row, attempt = 0) {
      const p = input.grouped ? row : rowOrder(row);
      if (p < nulls) return -1;
      let r = p - nulls;
      if (r >= covered) return -1;
      if (!input.grouped) r = spread(r);
      let lo = 0;
      let hi = counts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= r) lo = mid;
        else hi = mid - 1;
      }
      return attempt === 0 ? parents(lo) : elsewhere((lo + attempt) % parentRows);
    },
  };
}

function parentCounts(linked: number, parentRows: number, input: AssignmentInput): number[] {
  const fan = input.fanout;
  if (linked === 0) return [];
  let referenced = parentRows;
  if (fan && fan.referencedParents > 0) {
    const ratio = input.productionParentRows ? parentRows / input.productionParentRows : 1;
    referenced = Math.round(fan.referencedParents * ratio);
  }
  referenced = Math.max(1, Math.min(parentRows, linked, referenced));
  const points: [number, number][] = fan && fan.max > 0
    ? [[0, Math.max(1, fan.min)], [0.5, fan.quantiles.p50], [0.9, fan.quantiles.p90], [0.99, fan.quantiles.p99], [1, fan.max]]
    : [[0, 1], [1, 1]];
  const quantile = (u: number) => {
    let i = 0;
    while (i < points.length - 2 && u > points[i + 1]![0]) i++;
    const [u0, v0] = points[i]!;
    const [u1, v1] = points[i + 1]!;
    return Math.max(1, v0 + ((u - u0) / (u1 - u0 || 1)) * (v1 - v0));
  };
  // the largest families are production's most common keys, sized by their frequencies; the quantiles shape the rest
  // (only keys that stand out: the others are as the quantiles make them, and must leave rows for every other parent)
  const top: number[] = [];
  let inTop = 0;
  const standsOut = (1.5 * linked) / referenced;
  for (const frequency of input.topFrequencies ?? []) {
    const count = Math.round(frequency * input.childRows);
    if (count < standsOut || top.length >= referenced - 1 || inTop + count > linked - (referenced - top.length - 1)) break;
    top.push(count);
    inTop += count;
  }
  const restParents = referenced - top.length;
  const restRows = linked - inTop;
  const cap = top.length > 0 ? top[top.length - 1]! : Infinity;
  const raw = Array.from({ length: restParents }, (_, j) => Math.min(cap, quantile((j + 0.5) / restParents)));
  const sum = raw.reduce((a, b) => a + b, 0);
  const rest = raw.map((c) => Math.max(1, Math.round((c * restRows) / sum)));
  // largest remainder, one row at a time: the total is exactly the child's rows, every parent keeps at least one
  let diff = restRows - rest.reduce((a, b) => a + b, 0);
  for (let j = rest.length - 1; diff !== 0; j = j === 0 ? rest.length - 1 : j - 1) {
    if (diff > 0) {
      rest[j]!++;
      diff--;
    } else if (rest[j]! > 1) {
      rest[j]!--;
      diff++;
    }
  }
  // ascending, the largest last: parentOrder gives the last families to the preferred parents, the first to the most common
  return [...rest, ...top.reverse()];
}

/**
 * The parent row of each family (families sorted by size, the largest last): the preferred parents take the largest
 * families, the others are spread over the parent table by a permutation that skips the preferred ones.
 */
function parentOrder(parentRows: number, families: number, preferred: readonly number[], salt: number): (family: number) => number {
  const spread = permutation(parentRows, salt);
  const chosen = [...new Set(preferred)].slice(0, families);
  if (chosen.length === 0) return spread;
  const taken = new Set(chosen);
  const rest = new Int32Array(families - chosen.length);
  for (let i = 0, j = 0; j < rest.length && i < parentRows; i++) {
    const row = spread(i);
    if (!taken.has(row)) rest[j++] = row;
  }
  return (family) => (family >= rest.length ? chosen[families - 1 - family]! : rest[family]!);
}
