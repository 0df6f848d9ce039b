import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/** What `sandbox up --detach` leaves behind so that `ls`, `down` and `gc` can find the sandbox later. */
export const stateEntrySchema = z.object({
  id: z.string(),
  provider: z.string(),
  /** Holds the sandbox's password: the state files are readable by their owner only */
  url: z.string(),
  serverVersion: z.string(),
  createdAt: z.string(),
  /** The snapshot directory or the redacted source URL it was cloned from */
  origin: z.string(),
  dataDir: z.string(),
  serverPid: z.number().int(),
  /** The process whose end makes the sandbox garbage; null: lives until `sandbox down` */
  ownerPid: z.number().int().nullable(),
});

export type StateEntry = z.infer<typeof stateEntrySchema>;

/** Per-user state directory: $SANDBOX_STATE_DIR, else $XDG_STATE_HOME/sandbox, else ~/.local/state/sandbox. */
export function stateDir(env: NodeJS.ProcessEnv): string {
  return env.SANDBOX_STATE_DIR ?? join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'sandbox');
}

export class StateStore {
  constructor(readonly dir: string) {}

  async save(entry: StateEntry): Promise<void> {
    const dir = join(this.dir, 'sandboxes');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, `${entry.id}.json`);
    await writeFile(path, `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
  }

  async get(id: string): Promise<StateEntry | undefined> {
    return (await this.list()).find((e) => e.id === id);
  }

  /** Every readable entry; a corrupt file is skipped here and removed by `gc`. */
  async list(): Promise<StateEntry[]> {
    const dir = join(this.dir, 'sandboxes');
    const names = await readdir(dir).catch(() => [] as string[]);
    const entries: StateEntry[] = [];
    for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
      const parsed = stateEntrySchema.safeParse(JSON.parse(await readFile(join(dir, name), 'utf8').catch(() => 'null')));
      if (parsed.success) entries.push(parsed.data);
    }
    return entries;
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.dir, 'sandboxes', `${id}.json`), { force: true });
  }
}
