import pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';

/** The frozen copy of a loaded sandbox database that every reset starts from. */
export const baselineDatabase = (database: string) => `${database}_baseline`;

/**
 * Freezes the sandbox database as loaded into a template, so that later operations can each start from it without
 * reloading data. No session may be connected to the database while it is copied.
 */
export async function checkpointDatabase(url: string): Promise<void> {
  await withMaintenance(url, async (admin, database) => {
    const template = admin.escapeIdentifier(baselineDatabase(database));
    await admin.query(`CREATE DATABASE ${template} TEMPLATE ${admin.escapeIdentifier(database)}${await copyStrategy(admin, database)}`);
    // a template nobody can connect to cannot drift from the state it froze
    await admin.query(`ALTER DATABASE ${template} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  });
}

/**
 * Puts the sandbox database back to its checkpoint: drops it, ending any session still on it, and copies the template
 * under the same name, so the sandbox's URL stays valid.
 */
export async function resetDatabase(url: string): Promise<void> {
  await withMaintenance(url, async (admin, database) => {
    const name = admin.escapeIdentifier(database);
    const version = await serverVersion(admin);
    if (version >= 130000) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    else {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    }
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${admin.escapeIdentifier(baselineDatabase(database))}${await copyStrategy(admin, baselineDatabase(database))}`);
  });
}

/** Runs `work` on the server's maintenance database, since a database cannot be copied or dropped from inside. */
async function withMaintenance(url: string, work: (admin: pg.Client, database: string) => Promise<void>): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.toString(), application_name: 'sandbox-reset' });
  admin.on('error', () => undefined);
  try {
    await admin.connect();
    await work(admin, database);
  } catch (cause) {
    throw new SandboxError('SANDBOX_RESET_FAILED', `Could not reset the sandbox database "${database}" to its baseline: ${(cause as Error).message}`, { stage: 'provision', cause });
  } finally {
    await admin.end().catch(() => undefined);
  }
}

// below this size the block-by-block copy wins: the file copy's two checkpoints cost more than the WAL it avoids
const fileCopyFromBytes = 256 * 1024 * 1024;

/**
 * From PostgreSQL 15, CREATE DATABASE copies block by block through WAL (fast for a small database: Pagila resets in
 * ~90 ms against ~300 ms) or file by file after a checkpoint (the cheaper one for a large database). Older servers
 * only know the file copy.
 */
async function copyStrategy(admin: pg.Client, template: string): Promise<string> {
  if ((await serverVersion(admin)) < 150000) return '';
  const { rows } = await admin.query<{ bytes: string }>('SELECT pg_database_size($1) AS bytes', [template]);
  return Number(rows[0]!.bytes) >= fileCopyFromBytes ? ' STRATEGY FILE_COPY' : ' STRATEGY WAL_LOG';
}

async function serverVersion(admin: pg.Client): Promise<number> {
  const { rows } = await admin.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return Number(rows[0]!.v);
}
