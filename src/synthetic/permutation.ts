import { mix } from './prng.js';

/**
 * A bijection of 0..n-1 (an affine map with a stride coprime to n): spreads NULLs, common values and parents over
 * the rows without a shuffled array, so memory does not grow with the table.
 */
export function permutation(n: number, salt: number): (i: number) => number {
  if (n <= 1) return () => 0;
  let stride = (mix(salt, n, 1) % n) | 1;
  while (gcd(stride, n) !== 1) stride = (stride + 2) % n || 1;
  const offset = mix(salt, n, 2) % n;
  // i * stride stays below 2^53 for n up to 9·10^7 rows; larger tables fall back to a coarser, still bijective, walk
  if (n < 90_000_000) return (i) => (i * stride + offset) % n;
  return (i) => Number((BigInt(i) * BigInt(stride) + BigInt(offset)) % BigInt(n));
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
