import type { ResolvedConfig } from '../config/config-schema.js';
import { loadSandbox, type LoadResult } from '../clone/load-sandbox.js';
import { providerFor } from '../sandbox/embedded-provider.js';
import { majorOf } from '../sandbox/find-binaries.js';
import { specFrom, type RunningSandbox } from '../sandbox/provider.js';
import type { CloneOrigin } from './origin.js';

export interface Provisioned {
  sandbox: RunningSandbox;
  loaded: LoadResult;
}

/**
 * Starts a sandbox of production's major version and loads it from the origin. The sandbox belongs to the caller
 * only once this returns: a failed load stops it first.
 */
export async function provision(origin: CloneOrigin, config: ResolvedConfig, progress: (line: string) => void, options: { ownerPid?: number | null; statementLog?: boolean } = {}): Promise<Provisioned> {
  const provider = providerFor(config.sandbox.provider);
  progress(`starting an ${provider.name} sandbox`);
  const spec = specFrom(config, majorOf(origin.model.serverVersionNum), progress);
  const sandbox = await provider.start({ ...spec, ...(options.ownerPid !== undefined ? { ownerPid: options.ownerPid } : {}), ...(options.statementLog ? { statementLog: true } : {}) });
  try {
    const loaded = await loadSandbox(sandbox.url, origin.model, origin.data, progress);
    return { sandbox, loaded };
  } catch (error) {
    await sandbox[Symbol.asyncDispose]();
    throw error;
  }
}
