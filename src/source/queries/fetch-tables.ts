import type { Column, Table } from '../model.js';
import { notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface TableRow {
  oid: string;
  schema: string;
  name: string;
  sql: string;
  relkind: 'r' | 'p';
  unlogged: boolean;
  estimated_rows: number;
  partition_of: string | null;
  partition_bound: string | null;
  partition_key: string | null;
  parents: string[] | null;
  columns: (Column & { inherited: boolean })[] | null;
  primary_key: string[] | null;
}

const query = `
SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, format('%I.%I', n.nspname, c.relname) AS sql,
       c.relkind, c.relpersistence = 'u' AS unlogged, c.reltuples::float8 AS estimated_rows,
       CASE WHEN c.relispartition THEN (SELECT pn.nspname || '.' || p.relname FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
                                        JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid) END AS partition_of,
       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,
       CASE WHEN NOT c.relispartition THEN
         (SELECT json_agg(pn.nspname || '.' || p.relname ORDER BY i.inhseqno) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent
            JOIN pg_namespace pn ON pn.oid = p.relnamespace WHERE i.inhrelid = c.oid) END AS parents,
       (SELECT json_agg(json_build_object(
                 'name', a.attname,
                 'type', format_type(a.atttypid, a.atttypmod),
                 'notNull', a.attnotnull,
                 'default', CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
                 'generated', CASE WHEN a.attgenerated <> '' THEN pg_get_expr(ad.adbin, ad.adrelid) END,
                 'identity', a.attidentity,
                 'collation', CASE WHEN a.attcollation <> t.typcollation THEN
                   (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                     WHERE co.oid = a.attcollation) END,
                 'inherited', NOT a.attislocal) ORDER BY a.attnum)
          FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT json_agg(a.attname ORDER BY k.ord) FROM pg_constraint pk
          CROSS JOIN LATERAL unnest(pk.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = pk.conrelid AND a.attnum = k.attnum
         WHERE pk.conrelid = c.oid AND pk.contype = 'p') AS primary_key
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't' AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
 ORDER BY c.relispartition, c.oid`;

/** Tables and partitioned tables with their columns and primary key, parents before partitions. */
export async function fetchTables(db: CatalogReader): Promise<Table[]> {
  const rows = await db.query<TableRow>(query);
  return rows.map((row) => ({
    oid: Number(row.oid),
    schema: row.schema,
    name: row.name,
    display: `${row.schema}.${row.name}`,
    sql: row.sql,
    kind: row.relkind === 'p' ? 'partitioned' : 'table',
    columns: (row.columns ?? []).map(({ inherited: _inherited, ...column }) => stripNulls(column)),
    primaryKey: row.primary_key ?? [],
    inherits: row.parents ?? [],
    unlogged: row.unlogged,
    estimatedRows: row.estimated_rows,
    ...(row.partition_of ? { partitionOf: row.partition_of, partitionBound: row.partition_bound ?? 'DEFAULT' } : {}),
    ...(row.partition_key ? { partitionKey: row.partition_key } : {}),
    inheritedColumns: (row.columns ?? []).filter((c) => c.inherited).map((c) => c.name),
  }));
}

function stripNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}
