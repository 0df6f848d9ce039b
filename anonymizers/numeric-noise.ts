import { columnName, defineAnonymizer, keyedRandom, MaskError } from './anonymizer.js';
import { integerRanges, isNumericBase, typeShape } from './support/column-type.js';

const DEFAULT_PERCENT = 10;
const fixedPoint = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * The value moved by up to ±percent of itself, keeping the column's type, range and the number of decimals it was
 * printed with.
 *
 * @example numericNoise.mask('52000.00', { ...ctx, options: { percent: 5 } }) // '53876.12'
 */
export const numericNoise = defineAnonymizer({
  name: 'numeric-noise',
  description:
    'The value times (1 ± u·percent/100) with u in (0, 1] from the keyed hash (option percent, default 10, at most 100): sign, integer-ness and the ' +
    'printed number of decimals kept; kept inside the range of smallint/integer/bigint, the precision of numeric(p,s) and the options min and max. ' +
    'Exact for any size (decimal arithmetic on BigInt). Never returns the value itself unless ±percent of it is less than one unit of its last ' +
    'digit (5 at 10% stays 5); 0, NaN and infinities stay. Not unique.',
  unique: false,
  mask(value, ctx) {
    if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
    const options = ctx.options;
    const percent = (options['percent'] as number | undefined) ?? DEFAULT_PERCENT;
    const random = keyedRandom(ctx.key, 'numeric-noise', value);
    const maxPpm = Math.max(1, Math.round(percent * 10_000)); // parts per million of the value
    const factor = (random.int(2) === 0 ? -1 : 1) * (1 + random.int(maxPpm));
    const parts = fixedPoint.exec(value);
    if (!parts) {
      // exponent notation (real, double precision): relative noise in floating point is all the type holds anyway
      const n = Number(value);
      if (!Number.isFinite(n)) throw new MaskError('numeric-noise', ctx.column, 'a value is not a number');
      let out = n * (1 + factor / 1_000_000);
      if (typeof options['min'] === 'number') out = Math.max(out, options['min']);
      if (typeof options['max'] === 'number') out = Math.min(out, options['max']);
      return String(typeShape(ctx.column.type).base === 'real' ? Math.fround(out) : out);
    }
    const scale = parts[3]?.length ?? 0;
    const v = BigInt(`${parts[1]}${parts[2]}${parts[3] ?? ''}`);
    let delta = (v * BigInt(factor)) / 1_000_000n;
    // a small value: the draw fell below one unit, but the allowed noise reaches one
    if (delta === 0n && (abs(v) * BigInt(maxPpm)) / 1_000_000n >= 1n) delta = factor < 0 ? -1n : 1n;
    const [low, high] = range(ctx.column.type, scale, options);
    let out = v + delta;
    if (out < low || out > high) out = v - delta;
    if (out < low) out = low;
    if (out > high) out = high;
    return format(out, scale);
  },
  check(column, options) {
    const shape = typeShape(column.type);
    if (!isNumericBase(shape.base)) return `${columnName(column)} is ${column.type}; the numeric-noise rule needs smallint, integer, bigint, numeric, real or double precision`;
    const percent = options['percent'];
    if (percent !== undefined && !(typeof percent === 'number' && percent > 0 && percent <= 100)) return `${columnName(column)}: numeric-noise option percent must be a number above 0 and at most 100`;
    for (const bound of ['min', 'max']) {
      if (options[bound] !== undefined && typeof options[bound] !== 'number') return `${columnName(column)}: numeric-noise option ${bound} must be a number`;
    }
    if (typeof options['min'] === 'number' && typeof options['max'] === 'number' && options['min'] > options['max']) return `${columnName(column)}: numeric-noise option min is above max`;
    return undefined;
  },
});

const abs = (n: bigint) => (n < 0n ? -n : n);

const unbounded = 10n ** 1000n; // numeric holds up to 131072 digits before the point; this far is as good as no bound
const ranges = new Map<string, [bigint, bigint]>();

/** The allowed values, in units of the value's last printed decimal. */
function range(type: string, scale: number, options: Record<string, unknown>): [bigint, bigint] {
  const id = `${type}\0${scale}\0${String(options['min'])}\0${String(options['max'])}`;
  let known = ranges.get(id);
  if (!known) {
    if (ranges.size > 1000) ranges.clear();
    ranges.set(id, (known = computeRange(type, scale, options)));
  }
  return known;
}

function computeRange(type: string, scale: number, options: Record<string, unknown>): [bigint, bigint] {
  const shape = typeShape(type);
  let [low, high] = integerRanges[shape.base] ?? [-unbounded, unbounded];
  const [precision, typeScale = 0] = shape.modifiers;
  if ((shape.base === 'numeric' || shape.base === 'decimal') && precision !== undefined) {
    const max = 10n ** BigInt(precision) - 1n; // in units of 10^-typeScale
    high = scale >= typeScale ? max * 10n ** BigInt(scale - typeScale) : max / 10n ** BigInt(typeScale - scale);
    low = -high;
  }
  if (typeof options['min'] === 'number') low = maxOf(low, scaled(options['min'], scale, 'up'));
  if (typeof options['max'] === 'number') high = minOf(high, scaled(options['max'], scale, 'down'));
  return [low, high];
}

const maxOf = (a: bigint, b: bigint) => (a > b ? a : b);
const minOf = (a: bigint, b: bigint) => (a < b ? a : b);

function scaled(n: number, scale: number, round: 'up' | 'down'): bigint {
  const [int, frac = ''] = Math.abs(n).toFixed(Math.min(100, scale + 1)).split('.');
  let units = BigInt(int! + frac.slice(0, scale).padEnd(scale, '0'));
  const cut = frac.length > scale && /[1-9]/.test(frac.slice(scale));
  if (n < 0) units = -units;
  if (cut && round === 'up' && n > 0) units += 1n;
  if (cut && round === 'down' && n < 0) units -= 1n;
  return units;
}

function format(units: bigint, scale: number): string {
  const sign = units < 0n ? '-' : '';
  const digits = abs(units).toString().padStart(scale + 1, '0');
  return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}
