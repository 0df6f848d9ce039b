import { permutation } from './permutation.js';

/** How a column's rows map onto values: NULL, one of the most common values, or one of the other distinct values. */
export interface SlotPlan {
  /** Most common values that get rows at this size (the rarest may round to none at a small scale) */
  readonly mostCommon: number;
  /** Distinct values besides the most common ones */
  readonly others: number;
  /**
   * The value of `row`: -1 for NULL, j < mostCommon for the j-th most common value, mostCommon + k for the k-th other
   * value. `attempt` > 0 moves a row to another value, for a composite unique key that would repeat otherwise.
   */
  slotOf(row: number, attempt?: number): number;
}

export interface SlotPlanInput {
  rows: number;
  nullFraction: number;
  notNull: boolean;
  /** Every row a distinct value (a unique or primary key column) */
  unique: boolean;
  /** Frequencies of the most common values, as fractions of all rows */
  mostCommon: readonly number[];
  /** pg_stats convention: > 0 a count, < 0 minus a fraction of the rows, 0 unknown */
  distinct: number;
  salt: number;
}

/**
 * Exact counts, not draws: NULLs are round(nullFraction × rows) rows, each most common value round(frequency × rows)
 * rows, and the rest spread evenly over exactly the distinct count the profile asks for, so the sandbox's statistics
 * come back as production's. The rows of each slot are spread over the table by a permutation.
 */
export function slotPlan(input: SlotPlanInput): SlotPlan {
  const rows = input.rows;
  const nulls = input.notNull ? 0 : Math.min(rows, Math.round(input.nullFraction * rows));
  const nonNull = rows - nulls;
  const perm = permutation(rows, input.salt);
  if (input.unique) {
    // a NOT NULL key keeps row order, as serial ids and insertion timestamps do
    if (nulls === 0) return { mostCommon: 0, others: nonNull, slotOf: (row) => row };
    return {
      mostCommon: 0,
      others: nonNull,
      slotOf: (row) => {
        const p = perm(row);
        return p < nulls ? -1 : p - nulls;
      },
    };
  }
  const counts: number[] = [];
  let taken = 0;
  for (const frequency of input.mostCommon) {
    const count = Math.min(nonNull - taken, Math.round(frequency * rows));
    if (count <= 0) break;
    counts.push(count);
    taken += count;
  }
  const starts = counts.map((_, j) => counts.slice(0, j).reduce((a, b) => a + b, 0));
  const wanted = input.distinct > 0 ? input.distinct : input.distinct < 0 ? Math.round(-input.distinct * rows) : nonNull;
  const otherRows = nonNull - taken;
  const others = otherRows === 0 ? 0 : Math.max(1, Math.min(otherRows, Math.round(wanted) - counts.length));
  const mostCommon = counts.length;
  return {
    mostCommon,
    others,
    slotOf(row, attempt = 0) {
      const p = perm(row);
      if (p < nulls) return -1;
      const r = p - nulls;
      if (r >= taken) return mostCommon + ((r - taken + attempt) % others);
      let lo = 0;
      let hi = mostCommon - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= r) lo = mid;
        else hi = mid - 1;
      }
      return attempt === 0 || others === 0 ? lo : mostCommon + ((r + attempt) % others);
    },
  };
}
