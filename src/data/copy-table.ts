import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';
import type { ReadOnlySource } from '../source/connect-read-only.js';
import type { Table } from '../source/model.js';

/**
 * Which rows of a table to copy: WHERE conditions on its own columns, each read with one `COPY (SELECT …)` in turn.
 * COPY takes no bind parameters, so a subset's keys are inlined, in batches; no condition at all means no rows.
 */
export interface RowSelection {
  conditions(): Iterable<string>;
  /** Rows in this order within each condition's COPY, so the same rows give the same bytes whatever plan the server picks */
  orderBy?: string;
}

/**
 * Streams one table from the source with COPY TO STDOUT through `stages` (a sink last); no row is held in memory.
 * A failure on the production side is SOURCE_READ_FAILED naming the table; one downstream keeps its own error.
 */
export async function copyTableOut(source: ReadOnlySource, table: Table, columns: readonly string[], ...stages: [...NodeJS.ReadWriteStream[], Writable]): Promise<void> {
  await copyTableRowsOut(source, table, columns, undefined, ...stages);
}

/**
 * copyTableOut for the rows `selection` names (every row when it is undefined): the same COPY text, streamed the same
 * way, one COPY per condition.
 * @example await copyTableRowsOut(source, table, ['id'], subset.selectionFor(table), sink)
 */
export async function copyTableRowsOut(
  source: ReadOnlySource,
  table: Table,
  columns: readonly string[],
  selection: RowSelection | undefined,
  ...stages: [...NodeJS.ReadWriteStream[], Writable]
): Promise<void> {
  const list = columns.map((c) => pg.escapeIdentifier(c)).join(', ');
  let sourceError: Error | undefined;
  const noteSourceError = (error: Error) => {
    sourceError ??= error;
  };
  let rows: Readable;
  if (selection) {
    // ONLY: COPY table TO copies a table's own rows, and so must the SELECT (inheritance children are tables of their own)
    rows = concatenated(source, selectStatements(`COPY (SELECT ${list} FROM ONLY ${table.sql} WHERE `, selection), noteSourceError);
  } else {
    rows = source.copyOut(`COPY ${table.sql} (${list}) TO STDOUT`);
    rows.on('error', noteSourceError);
  }
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

function* selectStatements(prefix: string, selection: RowSelection): Generator<string> {
  const order = selection.orderBy ? ` ORDER BY ${selection.orderBy}` : '';
  for (const condition of selection.conditions()) yield `${prefix}(${condition})${order}) TO STDOUT`;
}

/** The output of several COPY statements, one after the other, as one stream: each ends on a row boundary. */
function concatenated(source: ReadOnlySource, statements: Iterable<string>, onSourceError: (error: Error) => void): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const statement of statements) {
      const copy = source.copyOut(statement);
      try {
        for await (const chunk of copy) yield chunk as Buffer;
      } catch (error) {
        onSourceError(error as Error);
        throw error;
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}
