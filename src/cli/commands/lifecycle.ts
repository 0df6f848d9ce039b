import type { ExitCode } from '../exit-code.js';
import type { Output } from '../output.js';

/** `sandbox down ID`: stop a detached sandbox and remove its data directory and state entry. */
export async function downCommand(id: string, out: Output, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const [{ StateStore, stateDir }, { stopServer }, { SandboxError }] = await Promise.all([
    import('../../sandbox/state-store.js'),
    import('../../sandbox/stop-server.js'),
    import('../../errors/sandbox-error.js'),
  ]);
  const store = new StateStore(stateDir(env));
  const entry = await store.get(id);
  if (!entry) throw new SandboxError('SANDBOX_NOT_FOUND', `No sandbox with id "${id}" is registered in ${store.dir}.`);
  await stopServer(entry.dataDir, entry.serverPid);
  await store.remove(id);
  out.result(`removed ${id}`);
  return 0;
}

/** `sandbox ls`: the detached sandboxes of this user, with age, origin and size. */
export async function lsCommand(flags: { json?: boolean }, out: Output, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const [{ StateStore, stateDir }, { isAlive }, { directorySize }] = await Promise.all([
    import('../../sandbox/state-store.js'),
    import('../../sandbox/stop-server.js'),
    import('../../sandbox/directory-size.js'),
  ]);
  const entries = await new StateStore(stateDir(env)).list();
  const rows = await Promise.all(
    entries.map(async (e) => ({
      id: e.id,
      provider: e.provider,
      status: isAlive(e.serverPid) ? 'running' : 'stopped',
      ageSeconds: Math.round((Date.now() - Date.parse(e.createdAt)) / 1000),
      origin: e.origin,
      sizeBytes: await directorySize(e.dataDir),
      url: e.url,
    })),
  );
  if (flags.json) {
    out.result(JSON.stringify(rows));
    return 0;
  }
  if (rows.length === 0) {
    out.result('no sandboxes (start one with: sandbox up --detach)');
    return 0;
  }
  const table = [['ID', 'PROVIDER', 'STATUS', 'AGE', 'SIZE', 'ORIGIN'], ...rows.map((r) => [r.id, r.provider, r.status, age(r.ageSeconds), size(r.sizeBytes), r.origin])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  out.result(table.map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n'));
  return 0;
}

/** `sandbox gc`: remove sandboxes and server directories whose owner process is gone. */
export async function gcCommand(out: Output, env: NodeJS.ProcessEnv): Promise<ExitCode> {
  const [{ StateStore, stateDir }, { collectGarbage }] = await Promise.all([import('../../sandbox/state-store.js'), import('../../sandbox/gc.js')]);
  const result = await collectGarbage(new StateStore(stateDir(env)));
  for (const r of result.removed) out.result(`removed ${r.id}: ${r.reason}`);
  out.result(`${result.removed.length} removed, ${result.kept.length} still owned`);
  return 0;
}

function age(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}

function size(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
