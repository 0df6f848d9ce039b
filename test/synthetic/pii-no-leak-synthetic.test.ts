import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../src/config/resolve-config.js';
import { openOrigin } from '../../src/pipeline/origin.js';
import { provision } from '../../src/pipeline/provision.js';
import { takeSnapshot } from '../../src/pipeline/take-snapshot.js';
import { testBinDir } from '../helpers/bin-dir.js';
import { leaks, plantedSchema, sandboxText, snapshotText } from '../helpers/planted-pii.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createTestDb, withClient } from '../helpers/test-db.js';

const config = (extra: { sourceUrl?: string; snapshotDir?: string }) => {
  const binDir = testBinDir();
  // no anonymize rules and no key: synthetic mode reads no row, so it needs neither
  return configFromObject({ data: { mode: 'synthetic' }, ...(binDir ? { sandbox: { binDir } } : {}) }, extra);
};

async function provisioned(extra: { sourceUrl?: string; snapshotDir?: string }) {
  await using origin = await openOrigin(config(extra), () => undefined);
  return (await provision(origin, config(extra), () => undefined)).sandbox;
}

describe('synthetic mode and personal data', () => {
  it('writes no planted value into the snapshot (its statistics included) nor into a sandbox made from it, and the generated keys still join', async () => {
    await using db = await createTestDb(plantedSchema);
    await db.query('ANALYZE'); // pg_stats then holds the planted values among its most common values and histogram bounds
    await using dir = await tempDir('sandbox-pii-synthetic');
    const snapshotDir = join(dir.path, 'snap');
    const manifest = await takeSnapshot(config({ sourceUrl: db.url }), { outDir: snapshotDir });
    expect(manifest.data.mode).toBe('synthetic');
    expect(Object.keys(manifest.files).filter((f) => f.startsWith('data/'))).toEqual([]);
    expect(leaks(await snapshotText(snapshotDir))).toEqual([]);

    await using sandbox = await provisioned({ snapshotDir });
    expect(leaks(await sandboxText(sandbox.url))).toEqual([]);
    const counts = await withClient(sandbox.url, async (c) => (await c.query<{ customers: string; orders: string; joined: string }>(
      'SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM orders o JOIN customers c ON c.email = o.customer_email) AS joined',
    )).rows[0]!);
    expect(counts).toEqual({ customers: '60', orders: '120', joined: '120' });
  });

  it('generates a sandbox from the live source with none of the planted values', async () => {
    await using db = await createTestDb(plantedSchema);
    await db.query('ANALYZE');
    await using sandbox = await provisioned({ sourceUrl: db.url });
    expect(leaks(await sandboxText(sandbox.url))).toEqual([]);
  });
});
