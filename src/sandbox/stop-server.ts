import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** Whether a process exists (signal 0 checks without sending anything). */
export function isAlive(pid: number | null | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops a server this tool started in an earlier process, by its postmaster pid, and removes its directory. The pid
 * is only signalled while its command line names that directory: a recycled pid is never killed.
 */
export async function stopServer(dataDir: string, pid: number | undefined): Promise<void> {
  const postmaster = pid ?? (await postmasterPid(dataDir));
  if (postmaster && (await commandLineMentions(postmaster, dataDir))) {
    signalGroup(postmaster, 'SIGQUIT');
    for (let i = 0; i < 50 && isAlive(postmaster); i++) await new Promise((r) => setTimeout(r, 100));
    // the postmaster leads its own process group: this also reaps backends a killed postmaster left behind
    signalGroup(postmaster, 'SIGKILL');
  }
  await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function postmasterPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(join(dataDir, 'data', 'postmaster.pid'), 'utf8').catch(() => '');
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function commandLineMentions(pid: number, dataDir: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  // without /proc (macOS) the pid file inside the directory is the best evidence there is
  return cmdline === undefined ? isAlive(pid) : cmdline.includes(dataDir);
}
