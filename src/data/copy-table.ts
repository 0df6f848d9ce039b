import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';
import type { ReadOnlySource } from '../source/connect-read-only.js';
import type { Table } from '../source/model.js';

/**
 * Streams one table from the source with COPY TO STDOUT through `stages` (a sink last); no row is held in memory.
 * A failure on the production side is SOURCE_READ_FAILED naming the table; one downstream keeps its own error.
 */
export async function copyTableOut(source: ReadOnlySource, table: Table, columns: readonly string[], ...stages: [...NodeJS.ReadWriteStream[], Writable]): Promise<void> {
  const list = columns.map((c) => pg.escapeIdentifier(c)).join(', ');
  const rows = source.copyOut(`COPY ${table.sql} (${list}) TO STDOUT`);
  let sourceError: Error | undefined;
  rows.on('error', (error) => {
    sourceError ??= error;
  });
  try {
    await pipeline([rows, ...stages]);
  } catch (cause) {
    if (!sourceError) throw cause;
    const rls = /row-level security/i.test(sourceError.message);
    throw new SandboxError('SOURCE_READ_FAILED', `Reading the rows of ${table.display} failed: ${sourceError.message}`, {
      stage: 'source',
      cause: sourceError,
      ...(rls ? { hint: `Row-level security would hide rows of ${table.display} from this role. Use a role that bypasses it (BYPASSRLS, or the table's owner), so that no row is silently left out.` } : {}),
    });
  }
}
