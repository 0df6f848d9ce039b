import { isIPv6 } from 'node:net';
import { columnName, defineAnonymizer, keyedRandom, MaskError } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { limbPermutation } from './support/format-permutation.js';

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

/**
 * IPv4 stays IPv4 and IPv6 stays IPv6, with the prefix length of inet/cidr values kept.
 *
 * @example ip.mask('203.0.113.7', ctx) // '91.144.2.230'; ip.mask('10.1.0.0/16', cidrCtx) // '187.20.0.0/16'
 */
export const ip = defineAnonymizer({
  name: 'ip',
  description:
    'IPv4 stays IPv4 and IPv6 stays IPv6; a /n suffix is kept. IPv4 addresses go through a keyed permutation of the 2^32 addresses (of the 2^n ' +
    'networks for a cidr /n, host bits zero): unique by construction, never equal to the input. IPv6 addresses get 128 bits of the keyed hash ' +
    '(n bits for a cidr /n): distinct inputs collide with probability below m²/2^129 for m addresses. Loopback and private addresses are masked like any other.',
  unique: true,
  mask(value, ctx) {
    const cidr = typeShape(ctx.column.type).base === 'cidr';
    const v4 = ipv4.exec(value);
    if (v4) {
      const octets = v4.slice(1, 5).map(Number);
      const prefix = v4[5] === undefined ? 32 : Number(v4[5]);
      if (octets.some((o) => o > 255) || prefix > 32) throw new MaskError('ip', ctx.column, 'a value is not a valid IPv4 address');
      const address = ((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0;
      const bits = cidr ? prefix : 32;
      const masked = bits === 0 ? 0 : permute32(ctx.key, bits, bits === 32 ? address : address >>> (32 - bits));
      const out = bits === 32 ? masked : bits === 0 ? 0 : (masked << (32 - bits)) >>> 0;
      const text = `${out >>> 24}.${(out >>> 16) & 255}.${(out >>> 8) & 255}.${out & 255}`;
      return v4[5] === undefined ? text : `${text}/${prefix}`;
    }
    const slash = value.indexOf('/');
    const prefix = slash < 0 ? 128 : Number(value.slice(slash + 1));
    if (!isIPv6(slash < 0 ? value : value.slice(0, slash)) || !Number.isInteger(prefix) || prefix < 0 || prefix > 128) throw new MaskError('ip', ctx.column, 'a value is neither an IPv4 nor an IPv6 address');
    const random = keyedRandom(ctx.key, 'ip', value);
    const bits = cidr ? prefix : 128;
    const groups: number[] = [];
    for (let g = 0; g < 8; g++) {
      const word = random.words[g >> 1]!;
      let group = g % 2 === 0 ? word >>> 16 : word & 0xffff;
      const keep = Math.max(0, Math.min(16, bits - g * 16)); // cidr: zero the host bits
      group = keep === 0 ? 0 : (group >>> (16 - keep)) << (16 - keep);
      groups.push(group);
    }
    const text = formatIpv6(groups);
    return slash < 0 ? text : `${text}/${prefix}`;
  },
  check(column) {
    const shape = typeShape(column.type);
    if (shape.base === 'inet' || shape.base === 'cidr') return undefined;
    if (!shape.textLike) return `${columnName(column)} is ${column.type}; the ip rule needs inet, cidr or text`;
    if (shape.maxLength !== undefined && shape.maxLength < 15) return `${columnName(column)} is ${column.type}: too short for an IPv4 address`;
    return undefined;
  },
});

/** The derangement of the `bits`-bit number `value` (an address, or a network's prefix bits) in the permutation for that width. */
function permute32(key: Buffer, bits: number, value: number): number {
  if (bits <= 16) {
    const limbs = [value];
    limbPermutation(key, 'ip', shapes[bits]!, [2 ** bits]).derange(limbs);
    return limbs[0]!;
  }
  const low = bits >> 1;
  const limbs = [value % 2 ** low, Math.floor(value / 2 ** low)];
  limbPermutation(key, 'ip', shapes[bits]!, [2 ** low, 2 ** (bits - low)]).derange(limbs);
  return limbs[1]! * 2 ** low + limbs[0]!;
}

const shapes = Array.from({ length: 33 }, (_, bits) => `v4/${bits}`);

/** RFC 5952 text: lower case, the longest run of two or more zero groups as '::'. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
