import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../src/config/resolve-config.js';
import { replay } from '../../src/pipeline/replay.js';
import { takeSnapshot } from '../../src/pipeline/take-snapshot.js';
import type { SnapshotStats } from '../../src/snapshot/manifest.js';
import { testBinDir } from '../helpers/bin-dir.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createTestDb } from '../helpers/test-db.js';
import { dataFileRows } from '../snapshot/snapshot-helpers.js';
import { cloneSubset, count, foreignKeys, orphans } from './subset-helpers.js';

// Orders reference customers by email, a PII column: the subset is picked by the real keys inside production, and the
// masked keys still join in the snapshot, since the same email masks alike in both tables.
const schema = `
CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL UNIQUE, full_name text, plan text);
CREATE TABLE orders (id int PRIMARY KEY, customer_email text NOT NULL REFERENCES customers (email), total int);
CREATE TABLE order_notes (order_id int NOT NULL REFERENCES orders (id), body text);
INSERT INTO customers SELECT g, 'user' || g || '@corp.example', 'Person ' || g, 'free' FROM generate_series(1, 60) g;
INSERT INTO orders SELECT g, 'user' || (1 + g % 50) || '@corp.example', g FROM generate_series(1, 120) g;
INSERT INTO order_notes SELECT o, 'note' FROM generate_series(1, 120) o, generate_series(1, 4) n;
`;

const key = 'a-test-key-of-enough-length-0123';
const rules = { 'public.customers.email': 'email', 'public.customers.full_name': 'full-name', 'public.customers.plan': 'keep', 'public.order_notes.body': 'keep' };
const subset = { roots: [{ table: 'orders', fraction: 0.25 }], children: ['order_notes'], maxChildrenPerParent: 3 };

function anonymized(extra: { sourceUrl?: string; snapshotDir?: string }) {
  const binDir = testBinDir();
  return configFromObject({ data: { mode: 'anonymized', subset }, anonymize: { rules }, ...(binDir ? { sandbox: { binDir } } : {}) }, { ...extra, anonymizeKey: key });
}

describe('sandbox snapshot with data.subset', () => {
  it('writes only the subset, masked, keeps production row counts beside the picked ones, and a sandbox from it keeps every foreign key', async () => {
    await using db = await createTestDb(schema, 'subsetsnap');
    await using dir = await tempDir('sandbox-subset');
    const snapshotDir = join(dir.path, 'snap');
    const lines: string[] = [];
    const manifest = await takeSnapshot(anonymized({ sourceUrl: db.url }), { outDir: snapshotDir, progress: (line) => lines.push(line) });
    expect(lines).toContain('subset: public.orders 30 of 120 rows (roots)');
    expect(lines).toContain('subset: public.order_notes 90 of 480 rows (children)');

    const stats = JSON.parse(await readFile(join(snapshotDir, 'stats.json'), 'utf8')) as SnapshotStats;
    const customers = stats.subset?.tables['public.customers'];
    expect(stats.subset?.tables['public.orders']).toEqual({ rows: 30, productionRows: 120, via: ['root'] });
    expect(customers).toMatchObject({ productionRows: 60, via: ['parent'] });
    expect(stats.tables['public.orders']).toMatchObject({ rows: 120, subsetRows: 30 });
    expect(stats.tables['public.customers']).toMatchObject({ rows: 60, subsetRows: customers!.rows });
    expect(await dataFileRows(join(snapshotDir, stats.tables['public.order_notes']!.file!))).toHaveLength(90);
    // the picked emails are masked on disk
    expect((await dataFileRows(join(snapshotDir, stats.tables['public.orders']!.file!))).join('\n')).not.toContain('@corp.example');

    await using clone = await cloneSubset(anonymized({ snapshotDir }));
    expect(clone.summary).toEqual(stats.subset);
    expect(clone.loaded.get('public.orders')).toBe(30);
    expect(await count(clone.url, 'SELECT 1 FROM orders o JOIN customers c ON c.email = o.customer_email')).toBe(30);
    expect(await orphans(clone.url)).toEqual([]);
    expect(await foreignKeys(clone.url)).toEqual({ total: 2, notValidated: [] });

    // the same source, seed and key give the same snapshot
    const again = await takeSnapshot(anonymized({ sourceUrl: db.url }), { outDir: join(dir.path, 'again') });
    expect(again.files).toEqual(manifest.files);
  });

  it('clones a masked subset live from the source, with the same rows as the snapshot', async () => {
    await using db = await createTestDb(schema, 'subsetsnap');
    await using clone = await cloneSubset(anonymized({ sourceUrl: db.url }));
    expect(clone.loaded.get('public.orders')).toBe(30);
    expect(clone.loaded.get('public.order_notes')).toBe(90);
    expect(clone.summary?.tables['public.orders']).toEqual({ rows: 30, productionRows: 120, via: ['root'] });
    expect(await count(clone.url, "SELECT 1 FROM customers WHERE email LIKE '%@corp.example'")).toBe(0);
    expect(await orphans(clone.url)).toEqual([]);
  });

  it("reports production's row counts, not the subset's, for a replay on a subset cloned live or from a snapshot", async () => {
    await using db = await createTestDb(schema, 'subsetsnap');
    await using dir = await tempDir('sandbox-subset');
    const snapshotDir = join(dir.path, 'snap');
    await takeSnapshot(anonymized({ sourceUrl: db.url }), { outDir: snapshotDir });
    const operation = { kind: 'sql' as const, files: [{ path: 'op.sql', text: 'DELETE FROM order_notes;' }] };
    for (const config of [anonymized({ sourceUrl: db.url }), anonymized({ snapshotDir })]) {
      const report = await replay(operation, config);
      expect(report.errors).toEqual([]);
      expect(report.tables.find((t) => t.name === 'public.order_notes')).toMatchObject({ rowsBefore: 90, deleted: 90, productionRows: 480, estimatedProductionAffected: 480 });
    }
  });
});
