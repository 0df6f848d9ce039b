import { StringDecoder } from 'node:string_decoder';
import { Transform, type TransformCallback } from 'node:stream';

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

/** A stream stage that rewrites the fields at the given positions of every COPY text row. */
export class CopyRowMapper extends Transform {
  readonly #decoder = new StringDecoder('utf8');
  #rest = '';
  rows = 0;

  constructor(private readonly masks: ReadonlyMap<number, FieldMask>) {
    super();
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
    if (this.masks.size === 0) {
      this.rows += block.split('\n').length;
      return `${block}\n`;
    }
    const out: string[] = [];
    for (const line of block.split('\n')) {
      this.rows++;
      const fields = line.split('\t');
      const original = this.masks.size > 1 ? [...fields] : fields;
      for (const [index, mask] of this.masks) {
        const raw = fields[index];
        if (raw === undefined || raw === '\\N') continue;
        const masked = mask(decodeCopyField(raw), original);
        fields[index] = masked === null ? '\\N' : encodeCopyField(masked);
      }
      out.push(fields.join('\t'));
    }
    return `${out.join('\n')}\n`;
  }
}
