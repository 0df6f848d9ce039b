import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { PostgresBinaries } from './find-binaries.js';

const execFileAsync = promisify(execFile);
// copy-on-write clones where the filesystem has them (btrfs, XFS, APFS): then the copy is nearly free
const cpArgs = process.platform === 'linux' ? ['-a', '--reflink=auto'] : process.platform === 'darwin' ? ['-a', '-c'] : ['-a'];

/*
 * initdb costs about a second; copying its result costs a tenth of that. The first sandbox of a given PostgreSQL
 * build keeps a pristine copy of its fresh cluster in the user's cache directory, later ones start from a copy.
 * `cp -a` keeps the ownership the server account needs when we run as root.
 */

/** One template per server build, initdb arguments and server account. */
export function templateKey(binaries: PostgresBinaries, initdbArgs: readonly string[], uid: number | undefined): string {
  return createHash('sha256').update(JSON.stringify([binaries.postgres, binaries.version, initdbArgs, uid ?? null])).digest('hex').slice(0, 20);
}

/** Copies the cached cluster into `dataDir`; returns its superuser password, or undefined when there is none yet. */
export async function restoreTemplate(cacheDir: string, key: string, dataDir: string): Promise<string | undefined> {
  const template = join(cacheDir, 'initdb', key);
  if (!existsSync(join(template, 'data', 'PG_VERSION')) || !existsSync(join(template, 'password'))) return undefined;
  try {
    const password = (await readFile(join(template, 'password'), 'utf8')).trim();
    await execFileAsync('cp', [...cpArgs, join(template, 'data'), dataDir]);
    return password;
  } catch {
    await rm(dataDir, { recursive: true, force: true });
    return undefined;
  }
}

/** Keeps a pristine copy of a fresh cluster; best effort: a cache that cannot be written only costs time. */
export async function saveTemplate(cacheDir: string, key: string, dataDir: string, password: string): Promise<void> {
  const root = join(cacheDir, 'initdb');
  const temp = join(root, `.${key}.${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(temp, { recursive: true, mode: 0o700 });
    await execFileAsync('cp', [...cpArgs, dataDir, join(temp, 'data')]);
    await writeFile(join(temp, 'password'), `${password}\n`, { mode: 0o600 });
    // another process may have won the race: then its template stays and ours goes
    await rename(temp, join(root, key)).catch(() => undefined);
  } catch {
    // no cache this time
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}
