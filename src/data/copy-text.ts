import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';
import { hashKeyFields } from './unique-guard.js';

/*
 * PostgreSQL's COPY text format: one row per line, fields separated by tabs, NULL as \N, and backslash escapes for
 * the bytes that would break that (\\ \t \n \r, and \b \f \v). Only the fields that are masked are decoded and
 * re-encoded; every other byte passes through as it came.
 */

const decodeMap: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** A field as COPY prints it → its value (the caller handles \N). */
export function decodeCopyField(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, esc: string) => {
    if (esc.length > 1 && esc[0] === 'x') return String.fromCharCode(Number.parseInt(esc.slice(1), 16));
    if (/^[0-7]+$/.test(esc)) return String.fromCharCode(Number.parseInt(esc, 8));
    return decodeMap[esc] ?? esc;
  });
}

const needsEscape = /[\\\t\n\r\b\f\v]/;

/** A value → the field as COPY FROM reads it. */
export function encodeCopyField(value: string): string {
  if (!needsEscape.test(value)) return value;
  return value.replace(/[\\\t\n\r\b\f\v]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '\t':
        return '\\t';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return '\\v';
    }
  });
}

/**
 * Replaces a field's value; returning null writes NULL. NULL fields are never passed in: they stay NULL. `row` is the
 * whole row as COPY printed it (still escaped; `\\N` for NULL), for masks keyed by another column, such as a date
 * shift that must be the same for every date of one person.
 */
export type FieldMask = (value: string, row: readonly string[]) => string | null;

/** The masked text of a block of COPY rows, with what the unique-key check needs. */
export interface MaskedLines {
  /** The rows, each ending in a newline */
  text: string;
  rows: number;
  /** Per key of `keys`: the 64-bit hash of its masked fields for every row where none is NULL, as (low, high) word pairs */
  hashes: Uint32Array[];
}

/**
 * Masks a block of whole COPY text rows (`block` holds no final newline): the fields at the positions of `masks` are
 * decoded, masked and encoded again, NULLs stay NULL, every other byte is kept, and each mask sees the row as it came.
 * For each key of `keys` (COPY positions) the masked key fields of each row are hashed (unique-guard.ts).
 *
 * @example maskCopyLines('1\tann@x.org', [[1, (v) => v.toUpperCase()]], []).text // '1\tANN@X.ORG\n'
 */
export function maskCopyLines(block: string, masks: readonly (readonly [number, FieldMask])[], keys: readonly (readonly number[])[] = []): MaskedLines {
  // a mask declared with one parameter never reads the row; one that does gets the row split into fields
  if (masks.some(([, mask]) => mask.length !== 1)) return maskSplitLines(block, masks, keys);
  const hashes = keys.map(() => new Uint32Array(64));
  const counts = keys.map(() => 0);
  // the positions to find in each row, in order: the masked fields and the fields of the keys to hash
  const masksAt = new Map(masks);
  const visits = [...new Set([...masksAt.keys(), ...keys.flat()])].sort((a, b) => a - b);
  const visitMasks = visits.map((p) => masksAt.get(p));
  // the row's fields as written out, at the visited positions (for the key hashes)
  const fields: (string | undefined)[] = new Array<string | undefined>((visits.at(-1) ?? 0) + 1).fill(undefined);
  // the output: the block's own text between masked fields (newlines included), and the masked fields
  const out: string[] = [];
  let copied = 0;
  let rows = 0;
  const n = block.length;
  for (let lineStart = 0; ; ) {
    let lineEnd = block.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = n;
    rows++;
    let field = 0;
    let fieldStart = lineStart;
    for (let v = 0; v < visits.length; v++) {
      const position = visits[v]!;
      while (field < position && fieldStart >= 0) {
        const tab = block.indexOf('\t', fieldStart);
        fieldStart = tab === -1 || tab > lineEnd ? -1 : tab + 1;
        field++;
      }
      if (fieldStart < 0) {
        fields[position] = undefined; // a row shorter than the column list: nothing to mask
        continue;
      }
      let fieldEnd = block.indexOf('\t', fieldStart);
      if (fieldEnd === -1 || fieldEnd > lineEnd) fieldEnd = lineEnd;
      let text = block.slice(fieldStart, fieldEnd);
      const mask = visitMasks[v];
      if (mask && text !== '\\N') {
        const masked = mask(decodeCopyField(text), noRow);
        text = masked === null ? '\\N' : encodeCopyField(masked);
        out.push(block.slice(copied, fieldStart), text);
        copied = fieldEnd;
      }
      fields[position] = text;
    }
    for (let k = 0; k < keys.length; k++) {
      if (2 * counts[k]! + 2 > hashes[k]!.length) {
        const grown = new Uint32Array(2 * hashes[k]!.length);
        grown.set(hashes[k]!);
        hashes[k] = grown;
      }
      if (hashKeyFields(fields, keys[k]!, hashes[k]!, 2 * counts[k]!)) counts[k]!++;
    }
    if (lineEnd === n) break;
    lineStart = lineEnd + 1;
  }
  out.push(block.slice(copied), '\n');
  return { text: out.join(''), rows, hashes: hashes.map((h, k) => h.subarray(0, 2 * counts[k]!)) };
}

const noRow: readonly string[] = Object.freeze([]);

/** maskCopyLines for masks that read the row: each mask gets the row as it came, split into fields. */
function maskSplitLines(block: string, masks: readonly (readonly [number, FieldMask])[], keys: readonly (readonly number[])[]): MaskedLines {
  const lines = block.split('\n');
  const hashes = keys.map(() => new Uint32Array(2 * lines.length));
  const counts = keys.map(() => 0);
  for (let l = 0; l < lines.length; l++) {
    const fields = lines[l]!.split('\t');
    const original = masks.length > 1 ? [...fields] : fields;
    for (const [index, mask] of masks) {
      const raw = fields[index];
      if (raw === undefined || raw === '\\N') continue;
      const masked = mask(decodeCopyField(raw), original);
      fields[index] = masked === null ? '\\N' : encodeCopyField(masked);
    }
    for (let k = 0; k < keys.length; k++) {
      if (hashKeyFields(fields, keys[k]!, hashes[k]!, 2 * counts[k]!)) counts[k]!++;
    }
    lines[l] = fields.join('\t');
  }
  return { text: `${lines.join('\n')}\n`, rows: lines.length, hashes: hashes.map((h, k) => h.subarray(0, 2 * counts[k]!)) };
}

/** A stream stage that rewrites the fields at the given positions of every COPY text row, on this thread (mask-rows.ts spreads big tables over worker threads). */
export class CopyRowMapper extends Transform {
  readonly #decoder = new StringDecoder('utf8');
  readonly #masks: [number, FieldMask][];
  #rest = '';
  rows = 0;

  constructor(masks: ReadonlyMap<number, FieldMask>) {
    super();
    this.#masks = [...masks];
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      const text = this.#rest + this.#decoder.write(chunk);
      const end = text.lastIndexOf('\n');
      if (end === -1) {
        this.#rest = text;
        done();
        return;
      }
      this.#rest = text.slice(end + 1);
      done(null, this.#mapLines(text.slice(0, end)));
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      const tail = this.#rest + this.#decoder.end();
      done(null, tail === '' ? undefined : this.#mapLines(tail));
    } catch (error) {
      done(error as Error);
    }
  }

  #mapLines(block: string): string {
    const { text, rows } = maskCopyLines(block, this.#masks);
    this.rows += rows;
    return text;
  }
}
