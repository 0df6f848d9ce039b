import type { SchemaModel } from '../source/model.js';
import type { CatalogReader } from '../source/queries/user-objects.js';
import type { TableProfile } from '../snapshot/manifest.js';
import { canonicalValues } from './canonical-values.js';
import { compareProfiles, expectationFor } from './compare-profiles.js';
import type { Equivalence } from './equivalence-schema.js';
import { measureSandbox } from './measure-sandbox.js';
import { scoreEquivalence } from './score-equivalence.js';

export interface EquivalenceInput {
  model: SchemaModel;
  /** Production's profile (the origin's: stats.json of a snapshot, or read from the live source) */
  production: { tables: Record<string, TableProfile> };
  /** The data mode the sandbox was loaded in */
  mode: string;
  /** The config's data section: scale (synthetic mode) and subset */
  data: { scale: number; subset?: unknown };
  /** Rows the loader put in each table; else the sandbox's catalog estimates them */
  rows?: ReadonlyMap<string, number>;
}

/**
 * The equivalence report of a freshly loaded (and ANALYZEd) sandbox: its statistics against production's profile,
 * per table and column, with a summary score. Reads the sandbox's catalog only; `db` must not be inside a
 * transaction (see canonicalValues).
 * @example const equivalence = await checkEquivalence(client, { model, production: origin.profile, mode: 'copy', data: config.data });
 */
export async function checkEquivalence(db: CatalogReader, input: EquivalenceInput): Promise<Equivalence> {
  const sandbox = await measureSandbox(db, input.model, input.rows ? { rows: input.rows } : {});
  const production = await canonicalValues(db, input.model, input.production);
  const expectation = expectationFor(input.mode, input.data);
  return scoreEquivalence(compareProfiles(production, sandbox, expectation), expectation);
}
