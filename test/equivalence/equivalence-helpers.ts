import { configFromObject } from '../../src/config/resolve-config.js';
import type { ResolvedConfig } from '../../src/config/config-schema.js';
import { openOrigin, type CloneOrigin } from '../../src/pipeline/origin.js';
import { provision, type Provisioned } from '../../src/pipeline/provision.js';
import { catalogReader, connectSandbox } from '../../src/pipeline/sandbox-client.js';
import type { CatalogReader } from '../../src/source/queries/user-objects.js';
import { testBinDir } from '../helpers/bin-dir.js';

/**
 * A small "production" with the shapes the report measures: skewed values (a few countries, a few customers with
 * most of the orders), NULLs, duplicates, a unique column, timestamps, an empty table and a partitioned one.
 */
export const equivalenceSourceSql = `
CREATE TABLE customers (
  id int PRIMARY KEY,
  email text NOT NULL UNIQUE,
  country text NOT NULL,
  tier text,
  signed_up timestamptz NOT NULL,
  score numeric(6, 2),
  -- a boolean: pg_stats prints 't', a cast to text says 'true'; production's values must compare as pg_stats prints them
  active boolean NOT NULL
);
INSERT INTO customers
SELECT g, 'c' || g || '@example.com',
       CASE WHEN g % 10 < 6 THEN 'DE' WHEN g % 10 < 8 THEN 'FR' WHEN g % 10 = 8 THEN 'NL' ELSE 'country-' || (g % 37) END,
       CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN 'gold' ELSE 'basic' END,
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + (g % 20) * INTERVAL '1 day 3 hours',
       CASE WHEN g % 7 = 0 THEN NULL ELSE (g % 50) * 1.5 END,
       g % 10 <> 0
  FROM generate_series(1, 600) g;
CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id int NOT NULL REFERENCES customers (id),
  status text NOT NULL,
  note text
);
INSERT INTO orders (customer_id, status, note)
SELECT CASE WHEN g % 4 = 0 THEN 1 + g % 600 ELSE 1 + g % 5 END,
       (ARRAY['new', 'paid', 'paid', 'paid', 'shipped', 'cancelled'])[1 + g % 6],
       CASE WHEN g % 5 = 0 THEN 'note ' || (g % 11) END
  FROM generate_series(1, 3000) g;
CREATE TABLE archived (id int PRIMARY KEY, note text);
CREATE TABLE events (id int NOT NULL, at date NOT NULL, kind text) PARTITION BY RANGE (at);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO events SELECT g, DATE '2024-06-01' + g, CASE WHEN g % 2 = 0 THEN 'click' ELSE 'view' END FROM generate_series(1, 400) g;
`;

/** The config of a copy-mode clone of `sourceUrl` on the test's server binaries. */
export function copyConfig(sourceUrl: string): ResolvedConfig {
  const binDir = testBinDir();
  return configFromObject({ data: { mode: 'copy' }, sandbox: binDir ? { binDir } : {} }, { sourceUrl });
}

export interface ProvisionedClone extends AsyncDisposable {
  origin: Pick<CloneOrigin, 'model' | 'profile' | 'data'>;
  provisioned: Provisioned;
  /** A catalog reader on the sandbox (no transaction open) */
  reader: CatalogReader;
}

/** Provisions a sandbox as `sandbox up` does (origin, provision), and connects to it. */
export async function provisionClone(config: ResolvedConfig): Promise<ProvisionedClone> {
  const { origin, provisioned } = await (async () => {
    await using origin = await openOrigin(config, () => undefined);
    return { origin: { model: origin.model, profile: origin.profile, data: origin.data }, provisioned: await provision(origin, config, () => undefined) };
  })();
  try {
    const client = await connectSandbox(provisioned.sandbox);
    return {
      origin,
      provisioned,
      reader: catalogReader(client),
      async [Symbol.asyncDispose]() {
        await client[Symbol.asyncDispose]();
        await provisioned.sandbox[Symbol.asyncDispose]();
      },
    };
  } catch (error) {
    await provisioned.sandbox[Symbol.asyncDispose]();
    throw error;
  }
}
