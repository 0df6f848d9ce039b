/*
 * Counter-based randomness: every value of a synthetic table is a pure function of (seed, column, row), so a table
 * can be generated in any order, a child can ask for its parent's key without the parent being generated first, and
 * the same seed gives the same database on every machine.
 */

/** A 32-bit hash of three integers (murmur3's finaliser over a mixed state). */
export function mix(a: number, b: number, c = 0): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ Math.imul(c ^ 0x27d4eb2f, 0x165667b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A number in [0, 1) from three integers. */
export const unit = (a: number, b: number, c = 0): number => mix(a, b, c) / 4294967296;

/** FNV-1a of a string: names of tables and columns become salts. */
export function saltOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
