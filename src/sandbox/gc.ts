import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serverRoot } from './postgres-server.js';
import type { StateStore } from './state-store.js';
import { isAlive, stopServer } from './stop-server.js';

export interface GcResult {
  removed: { id: string; reason: string }[];
  kept: string[];
}

/**
 * Removes what no live process owns any more: registered sandboxes whose owner or server is gone, and server
 * directories (of crashed or SIGKILLed runs) whose owner process has ended.
 */
export async function collectGarbage(store: StateStore, root = serverRoot()): Promise<GcResult> {
  const result: GcResult = { removed: [], kept: [] };
  const registered = new Set<string>();
  for (const entry of await store.list()) {
    registered.add(entry.dataDir);
    const reason = entry.ownerPid !== null && !isAlive(entry.ownerPid) ? `owner process ${entry.ownerPid} is gone` : !isAlive(entry.serverPid) ? 'its server is no longer running' : undefined;
    if (!reason) {
      result.kept.push(entry.id);
      continue;
    }
    await stopServer(entry.dataDir, entry.serverPid);
    await store.remove(entry.id);
    result.removed.push({ id: entry.id, reason });
  }
  for (const id of await readdir(root).catch(() => [] as string[])) {
    const dir = join(root, id);
    if (registered.has(dir)) continue;
    const owner = JSON.parse(await readFile(join(dir, 'owner.json'), 'utf8').catch(() => 'null')) as { pid?: number | null } | null;
    // a directory without owner.json is half-created: only its creator can know, unless that is long ago
    if (owner === null || owner.pid === null || isAlive(owner.pid)) {
      if (owner !== null) result.kept.push(id);
      continue;
    }
    await stopServer(dir, undefined);
    result.removed.push({ id, reason: `owner process ${owner.pid} is gone` });
  }
  return result;
}
