import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import type { ReadOnlySource } from '../source/connect-read-only.js';
import type { Table } from '../source/model.js';

/** Streams one table from the source with COPY TO STDOUT; no row is held in memory. */
export async function copyTableOut(source: ReadOnlySource, table: Table, columns: string[], sink: Writable): Promise<void> {
  const list = columns.map((c) => pg.escapeIdentifier(c)).join(', ');
  await pipeline(source.copyOut(`COPY ${table.sql} (${list}) TO STDOUT`), sink);
}
