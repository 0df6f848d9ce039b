import type { FamilyInput, Others } from './family.js';
import { MATERIALIZE_LIMIT } from './family.js';
import type { LineCodec } from './line-codecs.js';

export interface LineLimits {
  min?: number;
  max?: number;
}

/**
 * Values that follow production's histogram: the k-th of n values sits at quantile (k + ½)/n of the piecewise-linear
 * distribution through the bounds (equal-population buckets), then is pushed up to stay distinct, skipping the most
 * common values. Large counts get the same shape without a table when every bucket is wide enough, else an even spread.
 */
export function lineOthers(codec: LineCodec, input: FamilyInput, limits: LineLimits = {}): Others {
  const lo = Math.max(codec.min, limits.min ?? -Infinity);
  const hi = Math.min(codec.max, limits.max ?? Infinity);
  const clamp = (u: number) => Math.min(hi, Math.max(lo, u));
  const avoid = new Set(input.avoid.map((v) => codec.parse(v)).filter((u): u is number => u !== undefined));
  let bounds = (input.bounds ?? []).map((b) => codec.parse(b)).filter((u): u is number => u !== undefined).map(clamp);
  if (bounds.length < 2) {
    const known = [...bounds, ...avoid].map(clamp);
    const [fallbackLo, fallbackHi] = known.length > 0 ? [Math.min(...known), Math.max(...known)] : codec.fallback;
    bounds = [clamp(fallbackLo), clamp(Math.max(fallbackHi, fallbackLo + input.count))];
  }
  bounds.sort((a, b) => a - b);
  const buckets = bounds.length - 1;
  const interp = (q: number) => {
    const x = q * buckets;
    const i = Math.min(buckets - 1, Math.floor(x));
    return Math.floor(bounds[i]! + (x - i) * (bounds[i + 1]! - bounds[i]!));
  };
  // what a line codec prints (digits, dates, dotted addresses) never needs COPY escapes
  const format = (u: number) => codec.format(u);
  const n = input.count;
  if (n <= MATERIALIZE_LIMIT) {
    const values: string[] = new Array(n);
    let previous = -Infinity;
    for (let k = 0; k < n; k++) {
      let u = Math.max(interp((k + 0.5) / n), previous + 1);
      while (avoid.has(u)) u++;
      previous = u > hi ? hi : u;
      values[k] = format(previous);
    }
    return { at: (k) => values[k]! };
  }
  const perBucket = n / buckets;
  const wide = bounds.every((b, i) => i === 0 || b - bounds[i - 1]! >= perBucket);
  if (wide) return { at: (k) => format(interp(k / n)) };
  const step = Math.max(1, Math.floor((bounds[buckets]! - bounds[0]!) / n));
  return { at: (k) => format(clamp(bounds[0]! + k * step)) };
}
