import type pg from 'pg';
import type { InvariantConfig } from '../config/config-schema.js';
import { SandboxError } from '../errors/sandbox-error.js';

export type InvariantValues = Map<string, unknown>;

/**
 * Runs every invariant query in a read-only transaction that is rolled back, so measuring cannot change what is
 * measured. Before the operation an invariant that does not run is a config error (the gate cannot judge); after
 * it, the same failure is a finding (the operation broke what the query needs).
 */
export async function measureInvariants(client: pg.Client, invariants: readonly InvariantConfig[], when: 'before' | 'after'): Promise<InvariantValues> {
  const values: InvariantValues = new Map();
  for (const invariant of invariants) {
    try {
      await client.query('BEGIN READ ONLY');
      const result = await client.query({ text: invariant.sql, rowMode: 'array' });
      if (result.rows.length !== 1 || result.fields.length !== 1) {
        throw new Error(`returned ${result.rows.length} row(s) and ${result.fields.length} column(s); expected exactly one of each`);
      }
      values.set(invariant.name, normalise((result.rows[0] as unknown[])[0]));
    } catch (error) {
      const message = `invariant "${invariant.name}" ${when} the operation: ${(error as Error).message}`;
      if (when === 'before') throw new SandboxError('INVARIANT_FAILED', `Could not evaluate ${message}`, { stage: 'gate', cause: error });
      values.set(invariant.name, { error: message });
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
    }
  }
  return values;
}

function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** Compares after with before (`unchanged`) or with a fixed value, tolerant of text vs number (count(*) is text in node-postgres). */
export function invariantHolds(invariant: InvariantConfig, before: unknown, after: unknown): boolean {
  if (after !== null && typeof after === 'object' && 'error' in after) return false;
  const expected = invariant.expect === 'unchanged' ? before : invariant.expect.equals;
  return JSON.stringify(expected) === JSON.stringify(after) || (expected !== null && after !== null && String(expected) === String(after));
}
