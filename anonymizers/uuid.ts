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
    // version 4 (word 1, bits 12–15), variant 10xx (word 2, bits 30–31), RFC 9562
    const w1 = ((words[1]! & 0xffff0fff) | 0x4000) >>> 0;
    const w2 = ((words[2]! & 0x3fffffff) | 0x80000000) >>> 0;
    const a = hex32(words[0]!);
    const b = hex32(w1);
    const c = hex32(w2);
    const d = hex32(words[3]!);
    const canonical = ctx.column.type === 'uuid' || (value.length === 36 && value[8] === '-' && !/[A-F]/.test(value));
    const shape = canonical ? undefined : uuidShape.exec(value);
    const limit = typeShape(ctx.column.type).maxLength;
    const dash = shape ? shape[3]! : limit !== undefined && limit < 36 ? '' : '-'; // a value of another shape in a char(32) column
    let out = `${a}${dash}${b.slice(0, 4)}${dash}${b.slice(4)}${dash}${c.slice(0, 4)}${dash}${c.slice(4)}${d}`;
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

const byteHex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex32 = (w: number) => byteHex[w >>> 24]! + byteHex[(w >>> 16) & 255]! + byteHex[(w >>> 8) & 255]! + byteHex[w & 255]!;
