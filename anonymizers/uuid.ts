import { columnName, defineAnonymizer, keyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';

const uuidShape = /^(\{?)([0-9a-fA-F]{8})(-?)([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})(\}?)$/;

/** @example uuid.mask('0b6f3b1e-8f0c-4a59-9f44-1c2f6d1f0a3e', ctx) // 'c1d0e2b4-7a3f-4e61-b0d9-52e8a1f3c7d0' */
export const uuid = defineAnonymizer({
  name: 'uuid',
  description:
    'A version-4 UUID made of 122 bits of the keyed hash: distinct inputs collide with probability below n²/2^123. Text columns keep the ' +
    'layout of the real value (braces, no dashes, upper case); other values become canonical UUIDs.',
  unique: true,
  mask(value, ctx) {
    const words = keyedRandom(ctx.key, 'uuid', value).words;
    let hex = '';
    for (let i = 0; i < 4; i++) hex += words[i]!.toString(16).padStart(8, '0');
    // version 4, variant 10xx (RFC 9562)
    hex = `${hex.slice(0, 12)}4${hex.slice(13, 16)}${((parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17)}`;
    const shape = uuidShape.exec(value);
    const dash = shape ? shape[3]! : '-';
    let out = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join(dash);
    if (shape) {
      out = `${shape[1]}${out}${shape[8]}`;
      if (/[A-F]/.test(value) && !/[a-f]/.test(value)) out = out.toUpperCase();
    }
    return out;
  },
  check(column) {
    const shape = typeShape(column.type);
    if (shape.base === 'uuid') return undefined;
    if (!shape.textLike) return `${columnName(column)} is ${column.type}; the uuid rule needs uuid or text`;
    if (shape.maxLength !== undefined && shape.maxLength < 32) return `${columnName(column)} is ${column.type}: too short for a UUID`;
    return undefined;
  },
});
