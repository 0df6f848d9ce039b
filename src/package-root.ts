import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory of this package's package.json, from src/ (tests) or dist/src/ (the built CLI) alike. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('package.json of sandbox not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export function templatePath(...parts: string[]): string {
  return join(packageRoot(), 'templates', ...parts);
}

/** The version in package.json, recorded in snapshots and shown by --version. */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
