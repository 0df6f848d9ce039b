import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { CopyRowMapper, decodeCopyField, encodeCopyField, type FieldMask } from '../../src/data/copy-text.js';
import { createTestDb, withClient } from '../helpers/test-db.js';
import { to as copyTo, from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';

describe('COPY text fields', () => {
  it('round-trips every character COPY escapes', () => {
    const value = 'a\\b\tc\nd\re\bf\fg\vh ünï ✓';
    expect(decodeCopyField(encodeCopyField(value))).toBe(value);
  });
});

describe('CopyRowMapper', () => {
  it('rewrites only the masked fields, keeps NULLs, and copes with rows split across chunks', async () => {
    const input = ['1\tZoë\tz@x.org\t\\N', '2\tBob\\tTab\tb@y.org\tnote\\nline'].join('\n') + '\n';
    const bytes = Buffer.from(input, 'utf8');
    // split inside a multibyte character and inside a row
    const chunks = [bytes.subarray(0, 4), bytes.subarray(4, 17), bytes.subarray(17)];
    const mapper = new CopyRowMapper(new Map<number, FieldMask>([[1, (v) => v.toUpperCase()], [3, () => null]]));
    const out = await text(Readable.from(chunks).pipe(mapper));
    expect(out).toBe(['1\tZOË\tz@x.org\t\\N', '2\tBOB\\tTAB\tb@y.org\t\\N'].join('\n') + '\n');
    expect(mapper.rows).toBe(2);
  });

  it('loads back into PostgreSQL exactly what the mask returned', async () => {
    await using db = await createTestDb(
      "CREATE TABLE src (id int, note text); INSERT INTO src VALUES (1, E'tab\\there'), (2, E'back\\\\slash'), (3, NULL), (4, E'multi\\nline');" +
        'CREATE TABLE dst (id int, note text);',
    );
    await withClient(db.url, async (read) =>
      withClient(db.url, async (write) => {
        await pipeline(
          read.query(copyTo('COPY src (id, note) TO STDOUT')),
          new CopyRowMapper(new Map<number, FieldMask>([[1, (v) => `<${v}>`]])),
          write.query(copyFrom('COPY dst (id, note) FROM STDIN')),
        );
      }),
    );
    expect(await db.query('SELECT id, note FROM dst ORDER BY id')).toEqual([
      { id: 1, note: '<tab\there>' },
      { id: 2, note: '<back\\slash>' },
      { id: 3, note: null },
      { id: 4, note: '<multi\nline>' },
    ]);
  });
});
