import { describe, expect, it } from 'vitest';
import { collectStats } from '../../src/source/collect-stats.js';
import { connectReadOnly } from '../../src/source/connect-read-only.js';
import { introspect } from '../../src/source/introspect.js';
import { createTestDb } from '../helpers/test-db.js';

// Pagila's film.special_features (text[]) broke the sampled profile: percentile_disc over an array column asks for an
// array of arrays, "could not find array type for data type text[]".
describe('profiling a table that was never analysed', () => {
  it('copes with array columns, which get most-common values but no histogram', async () => {
    await using db = await createTestDb(
      "CREATE TABLE film (id int PRIMARY KEY, features text[], scores int[]); INSERT INTO film SELECT g, (ARRAY['Trailers', 'Deleted Scenes'])[1:(g % 2) + 1], ARRAY[g % 3] FROM generate_series(1, 200) g;",
    );
    await using source = await connectReadOnly(db.url);
    const model = await introspect(source, source);
    const profile = await collectStats(source, model);
    const features = profile.tables['public.film']!.columns!['features']!;
    expect(profile.tables['public.film']!.rows).toBe(200);
    expect(features.nullFraction).toBe(0);
    expect(features.histogram).toBeUndefined();
  });
});
