import { execFileSync } from 'node:child_process';

export interface ServerUser {
  uid: number;
  gid: number;
  name: string;
}

/**
 * PostgreSQL refuses to run as root. When we are root, run it as the `postgres` account if the machine has one,
 * else as `nobody`, rather than creating accounts on the user's machine.
 */
export function serverUser(): ServerUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      if (Number.isInteger(uid) && uid !== 0) return { uid, gid, name };
    } catch {
      // try the next account
    }
  }
  return undefined;
}
