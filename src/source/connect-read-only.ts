import type { Readable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { SandboxError } from '../errors/sandbox-error.js';
import { redactText, redactUrl, secretsOf } from '../errors/redact.js';

/**
 * The only handle on production: one REPEATABLE READ READ ONLY transaction, with nothing but `query()` and
 * `copyOut()`. The session is also read-only by default, so even a stray COMMIT cannot open a writable transaction.
 */
export interface ReadOnlySource extends AsyncDisposable {
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Streams `COPY (…) TO STDOUT`; the caller pipes it and must consume it before the next query. */
  copyOut(copySql: string): Readable;
  readonly serverVersion: string;
  readonly serverVersionNum: number;
  readonly database: string;
  /** The URL without its password, for reports. */
  readonly redactedUrl: string;
}

export async function connectReadOnly(url: string): Promise<ReadOnlySource> {
  let lostError: Error | undefined;
  const client = await connectClient(url, (error) => {
    lostError = error;
  });
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // a policy must not silently hide rows: with row security off, a table it would filter raises an error instead
    await client.query("SELECT pg_catalog.set_config('row_security', 'off', true)");
    const [info] = (await client.query<{ version: string; num: string; db: string }>(
      "SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num, current_database() AS db",
    )).rows;
    let closed = false;
    return {
      serverVersion: info!.version,
      serverVersionNum: Number(info!.num),
      database: info!.db,
      redactedUrl: redactUrl(url),
      async query<R extends object>(sql: string, params: readonly unknown[] = []) {
        if (lostError) throw lostConnection(lostError);
        try {
          // extended protocol: one statement per call, so no text can smuggle a COMMIT and a write behind a read
          // (queryMode is in node-postgres since 8.12 but not yet in @types/pg)
          const config = { text: sql, values: [...params], queryMode: 'extended' } as pg.QueryConfig;
          return (await client.query<R>(config)).rows;
        } catch (cause) {
          throw new SandboxError('SOURCE_READ_FAILED', `Reading the source failed: ${(cause as Error).message}`, { stage: 'source', cause });
        }
      },
      copyOut(copySql: string) {
        return client.query(copyTo(copySql));
      },
      async [Symbol.asyncDispose]() {
        if (closed) return;
        closed = true;
        // ROLLBACK, not COMMIT: nothing was written, and there is nothing to keep
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  } catch (cause) {
    await client.end().catch(() => undefined);
    throw cause instanceof SandboxError ? cause : new SandboxError('SOURCE_READ_FAILED', `Could not open a read-only snapshot of the source: ${(cause as Error).message}`, { stage: 'source', cause });
  }
}

/**
 * Connects with the session read-only by default as a second guard behind the READ ONLY transaction. Poolers such as
 * PgBouncer reject the `options` startup parameter; then the READ ONLY transaction alone guards.
 */
async function connectClient(url: string, onError: (error: Error) => void): Promise<pg.Client> {
  let lastError: unknown;
  for (const options of ['-c default_transaction_read_only=on', undefined]) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000, ...(options ? { options } : {}) });
    client.on('error', onError);
    try {
      await client.connect();
      return client;
    } catch (cause) {
      lastError = cause;
      await client.end().catch(() => undefined);
      if (!/unsupported startup parameter/i.test((cause as Error).message)) break;
    }
  }
  throw new SandboxError('SOURCE_UNREACHABLE', `Cannot connect to the source ${redactUrl(url)}: ${redactText((lastError as Error).message, secretsOf(url))}`, { stage: 'source', cause: lastError });
}

function lostConnection(error: Error): SandboxError {
  return new SandboxError('SOURCE_UNREACHABLE', `The connection to the source was lost: ${error.message}`, { stage: 'source', cause: error });
}
