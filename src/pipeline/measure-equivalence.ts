import type { ResolvedConfig } from '../config/config-schema.js';
import { checkEquivalence } from '../equivalence/check-equivalence.js';
import { equivalenceLine } from '../equivalence/equivalence-line.js';
import type { Equivalence } from '../equivalence/equivalence-schema.js';
import type { RunningSandbox } from '../sandbox/provider.js';
import type { CatalogReader } from '../source/queries/user-objects.js';
import type { CloneOrigin } from './origin.js';
import { catalogReader, connectSandbox } from './sandbox-client.js';

export type EquivalenceOutcome = { equivalence: Equivalence; problem?: undefined } | { equivalence?: undefined; problem: string };

/**
 * The equivalence report of a sandbox just provisioned from `origin`, and its line as progress. It describes the
 * sandbox and judges nothing, so a failure to make it is a problem to name (a warning), not a failed gate.
 * @example const { equivalence, problem } = await measureEquivalence(client, origin, config, loaded.rowsLoaded, progress);
 */
export async function measureEquivalence(
  db: CatalogReader,
  origin: Pick<CloneOrigin, 'model' | 'profile' | 'data'>,
  config: Pick<ResolvedConfig, 'data'>,
  rows: ReadonlyMap<string, number>,
  progress: (line: string) => void,
): Promise<EquivalenceOutcome> {
  try {
    // a subset picked when the snapshot was written counts as one, whatever today's config says
    const data = { ...config.data, subset: config.data.subset ?? origin.data.subset };
    const equivalence = await checkEquivalence(db, { model: origin.model, production: origin.profile, mode: origin.data.mode, data, rows });
    progress(equivalenceLine(equivalence));
    return { equivalence };
  } catch (error) {
    return unmeasured(error, progress);
  }
}

/** measureEquivalence over a connection of its own to the sandbox, closed before it returns. */
export async function measureSandboxEquivalence(
  sandbox: RunningSandbox,
  origin: Pick<CloneOrigin, 'model' | 'profile' | 'data'>,
  config: Pick<ResolvedConfig, 'data'>,
  rows: ReadonlyMap<string, number>,
  progress: (line: string) => void,
): Promise<EquivalenceOutcome> {
  let client: Awaited<ReturnType<typeof connectSandbox>>;
  try {
    client = await connectSandbox(sandbox);
  } catch (error) {
    return unmeasured(error, progress);
  }
  try {
    return await measureEquivalence(catalogReader(client), origin, config, rows, progress);
  } finally {
    await client[Symbol.asyncDispose]();
  }
}

function unmeasured(error: unknown, progress: (line: string) => void): EquivalenceOutcome {
  const problem = `The equivalence report could not be made: ${(error as Error).message}`;
  progress(problem);
  return { problem };
}
