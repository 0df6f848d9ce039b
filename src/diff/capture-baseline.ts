import type pg from 'pg';
import type { Table } from '../source/model.js';
import { baselineSchema, baselineTable, keyList, rowHashExpr } from './row-hash.js';

export interface Baseline {
  /** Tables as they were before the operation, by oid */
  tables: Map<number, Table>;
}

/**
 * Records, inside the sandbox, the primary key and a hash of every row of every table (per distinct hash with a
 * count where there is no primary key). The diff afterwards is one join per table in the server, not a row-by-row
 * compare in Node, and memory does not grow with table size.
 */
export async function captureBaseline(client: pg.Client, tables: readonly Table[]): Promise<Baseline> {
  await client.query(`DROP SCHEMA IF EXISTS ${baselineSchema} CASCADE; CREATE SCHEMA ${baselineSchema}`);
  for (const table of tables.filter((t) => t.kind === 'table')) {
    const hash = rowHashExpr(table.columns.map((c) => c.name));
    const select =
      table.primaryKey.length > 0
        ? `SELECT ${keyList(table.primaryKey, 't.')}, ${hash} AS h FROM ONLY ${table.sql} t`
        : `SELECT ${hash} AS h, count(*) AS n FROM ONLY ${table.sql} t GROUP BY 1`;
    await client.query(`CREATE UNLOGGED TABLE ${baselineTable(table)} AS ${select}`);
  }
  return { tables: new Map(tables.map((t) => [t.oid, t])) };
}
