import { describe, expect, it } from 'vitest';
import { getAnonymizer } from '../../anonymizers/index.js';
import { createTestDb } from '../helpers/test-db.js';

// PII detection suggests free-text for a tsvector column (Pagila's film.fulltext), but the rule refused tsvector,
// so the suggested snippet could not be used as it was pasted.
describe('the free-text rule on a tsvector column', () => {
  it('is accepted, and what it writes is valid tsvector input', async () => {
    const freeText = getAnonymizer('free-text')!;
    const column = { table: 'public.film', name: 'fulltext', type: 'tsvector', unique: false, notNull: true };
    expect(freeText.check?.(column, {})).toBeUndefined();
    const masked = freeText.mask("'academi':1 'battl':15 'canadian':20 'dinosaur':2 'drama':5", { key: Buffer.from('a-test-key-of-enough-length-0123'), column, options: {} });
    await using db = await createTestDb('');
    const [row] = await db.query<{ ok: boolean }>('SELECT length($1::tsvector) > 0 AS ok', [masked]);
    expect(row?.ok).toBe(true);
  });
});
