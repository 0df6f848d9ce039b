import type { MaskColumn } from '../anonymizer.js';
import { typeShape } from './column-type.js';

/** How a value is capitalised, so that a replacement can look the same. */
export type CaseStyle = 'upper' | 'lower' | 'as-generated';

/** 'upper' / 'lower' when the value has at least two letters, all of one case; else the generator's own style. */
export function caseStyle(value: string): CaseStyle {
  const ascii = asciiCaseStyle(value);
  if (ascii !== undefined) return ascii;
  const upper = value.toUpperCase();
  const lower = value.toLowerCase();
  if (upper === lower) return 'as-generated';
  let letters = 0;
  for (let i = 0; i < value.length && letters < 2; i++) if (upper[i] !== lower[i]) letters++;
  if (letters < 2) return 'as-generated';
  if (value === upper) return 'upper';
  if (value === lower) return 'lower';
  return 'as-generated';
}

/** caseStyle of an ASCII value, counted without converting it; undefined for any other value. */
function asciiCaseStyle(value: string): CaseStyle | undefined {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0x80) return undefined;
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  if (upper + lower < 2) return 'as-generated';
  return lower === 0 ? 'upper' : upper === 0 ? 'lower' : 'as-generated';
}

/** True when `value` has a lower-case ASCII letter, so that it cannot be all upper case. */
export function hasAsciiLowerCase(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 97 && c <= 122) return true;
  }
  return false;
}

export function applyCase(value: string, style: CaseStyle): string {
  return style === 'upper' ? value.toUpperCase() : style === 'lower' ? value.toLowerCase() : value;
}

/** Cuts to `limit` characters (varchar(n) counts characters), never leaving half a surrogate pair. */
export function truncate(value: string, limit: number | undefined): string {
  if (limit === undefined || value.length <= limit) return value;
  const cut = value.slice(0, limit);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

const wordChar = /[\p{L}\p{N}]/u;
const isWordChar = (code: number, text: string, i: number) =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 0x80 && wordChar.test(text[i]!));

/**
 * True when a generated value shows a piece of the real one: the whole value (ignoring case), one of its words of three
 * or more characters inside it, or one of its shorter words as a whole word (an initial 'J' may appear inside 'Jane', not
 * on its own). Generators draw again until this is false, so a coincidence (the real Maria drawn as "Maria") never ships.
 *
 * @example leaks('Mary Smithson', 'John Smith') // true
 */
export function leaks(generated: string, real: string): boolean {
  const out = generated.toLowerCase();
  const input = real.toLowerCase();
  const n = input.length;
  for (let i = 0; i < n; ) {
    if (!isWordChar(input.charCodeAt(i), input, i)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isWordChar(input.charCodeAt(j), input, j)) j++;
    if (j - i >= 3 ? out.includes(input.slice(i, j)) : hasWord(out, input.slice(i, j))) return true;
    i = j;
  }
  const whole = input.trim();
  return whole !== '' && (out === whole || (whole.length >= 3 && out.includes(whole)));
}

/** `word` occurs in `text` with no word character on either side. */
function hasWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const end = at + word.length;
    if ((at === 0 || !isWordChar(text.charCodeAt(at - 1), text, at - 1)) && (end === text.length || !isWordChar(text.charCodeAt(end), text, end))) return true;
  }
  return false;
}

/**
 * Draws candidates from `make` until one neither leaks the real value nor exceeds `limit`, in the case style of the real
 * value; after 16 draws the first one that did not leak is cut to the limit.
 *
 * @example drawText('MARIA', 10, () => random.pick(firstNames)) // 'DESMOND'
 */
export function drawText(real: string, limit: number | undefined, make: () => string, style: CaseStyle = caseStyle(real)): string {
  let fallback: string | undefined;
  let last = '';
  for (let i = 0; i < 16; i++) {
    last = applyCase(make(), style);
    if (leaks(last, real)) continue;
    if (limit === undefined || last.length <= limit) return last;
    fallback ??= last;
  }
  return truncate(fallback ?? last, limit);
}

/** The problem with a column a text rule cannot write, or undefined. */
export function textColumnProblem(rule: string, column: MaskColumn): string | undefined {
  const shape = typeShape(column.type);
  if (!shape.textLike) return `${column.table}.${column.name} is ${column.type}; the ${rule} rule writes text`;
  if (shape.maxLength !== undefined && shape.maxLength < 2) return `${column.table}.${column.name} is ${column.type}: too short for a ${rule}`;
  return undefined;
}
