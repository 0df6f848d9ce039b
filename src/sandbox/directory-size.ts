import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Total size of the files under `dir` (0 when it is gone or unreadable). */
export async function directorySize(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  let total = 0;
  for (const entry of entries) {
    if (entry.isFile()) total += (await lstat(join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
