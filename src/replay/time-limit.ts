import pg from 'pg';

export interface TimeLimit {
  /** Whether the limit has passed (and the session was told to stop) */
  readonly expired: boolean;
  /** Stops the timer; idempotent */
  clear(): void;
}

/** Past the limit, a cancel that has not ended the statement after this long becomes a terminate */
const TERMINATE_AFTER_MS = 5_000;

/**
 * Watches the replaying session: once `limitMs` has passed it cancels the running statement from a second
 * connection (pg_cancel_backend), and terminates the session if the cancel did not end it (a statement that
 * ignores cancels, a COMMIT stuck on a lock). The one that runs the statements then sees `expired` and fails closed.
 */
export function startTimeLimit(url: string, pid: number, limitMs: number): TimeLimit {
  let expired = false;
  let terminate: NodeJS.Timeout | undefined;
  const signal = async (fn: 'pg_cancel_backend' | 'pg_terminate_backend') => {
    const admin = new pg.Client({ connectionString: url, application_name: 'sandbox-time-limit' });
    admin.on('error', () => undefined);
    try {
      await admin.connect();
      await admin.query(`SELECT ${fn}($1)`, [pid]);
    } catch {
      // the server is gone or the session ended: nothing is left to stop
    } finally {
      await admin.end().catch(() => undefined);
    }
  };
  const timer = setTimeout(() => {
    expired = true;
    void signal('pg_cancel_backend');
    terminate = setTimeout(() => void signal('pg_terminate_backend'), TERMINATE_AFTER_MS);
    terminate.unref();
  }, limitMs);
  timer.unref();
  return {
    get expired() {
      return expired;
    },
    clear() {
      clearTimeout(timer);
      clearTimeout(terminate);
    },
  };
}
