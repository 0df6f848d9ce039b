import { describe, expect, it } from 'vitest';
import { readOperation } from '../../src/pipeline/operation.js';
import { replay } from '../../src/pipeline/replay.js';
import { sourceState } from '../helpers/source-state.js';
import { createReadOnlyRole, withClient } from '../helpers/test-db.js';
import { createFixtureDb, fixturePath, replayConfig, tableCounts } from './fixture-cases.js';

describe('replaying from a source reached with a read-only role', () => {
  it('clones, replays a destructive operation and leaves every row and table of the source as it was', async () => {
    await using db = await createFixtureDb('read-only-source');
    const readOnlyUrl = await createReadOnlyRole(db);
    // the role really cannot write: otherwise this test would prove nothing
    await expect(withClient(readOnlyUrl, (c) => c.query('DELETE FROM customers'))).rejects.toThrow(/permission denied/);
    const before = await sourceState(db);

    const report = await replay(await readOperation([fixturePath('read-only-source')]), replayConfig(readOnlyUrl));

    expect(report.errors).toEqual([]);
    expect(await sourceState(db)).toEqual(before);
    // … while the sandbox did lose the rows and the table
    expect(tableCounts(report).map((t) => t.name)).toEqual(['public.audit_log', 'public.customers', 'public.orders']);
    expect(report.tables.find((t) => t.name === 'public.customers')).toMatchObject({ deleted: 20 });
    expect(report.schemaChanges).toContainEqual(expect.objectContaining({ change: 'drop', objectType: 'table', name: 'public.audit_log' }));
    expect(report.operation.statements.map((s) => s.status)).toEqual(['ok', 'ok', 'ok']);
    expect(JSON.stringify(report)).not.toContain(decodeURIComponent(new URL(readOnlyUrl).password));
  });
});
