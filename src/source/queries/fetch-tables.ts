import type { Column, Table } from '../model.js';
import { catalogId, dependenciesOf, notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface TableRow {
  oid: string;
  schema: string;
  name: string;
  sql: string;
  relkind: 'r' | 'p';
  unlogged: boolean;
  partition_of: string | null;
  partition_bound: string | null;
  partition_key: string | null;
  parents: string[] | null;
  columns: (Column & { inherited: boolean })[] | null;
  primary_key: string[] | null;
  unique_keys: (string[] | null)[] | null;
  storage_parameters: string | null;
  access_method: string | null;
  of_type: string | null;
  provides: string[];
  depends_on: string[] | null;
}

const storageKeyword = `CASE a.attstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'm' THEN 'MAIN' WHEN 'x' THEN 'EXTENDED' END`;

const optionList = (optionsExpr: string, prefix = '') =>
  `(SELECT string_agg(format('${prefix}%I=%L', o.option_name, o.option_value), ', ') FROM pg_options_to_table(${optionsExpr}) o)`;

const query = (versionNum: number) => `
SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, format('%I.%I', n.nspname, c.relname) AS sql,
       c.relkind, c.relpersistence = 'u' AS unlogged,
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
                 'identitySequence', CASE WHEN a.attidentity <> '' THEN
                   (SELECT format('SEQUENCE NAME %I.%I START WITH %s INCREMENT BY %s MINVALUE %s MAXVALUE %s CACHE %s%s', sn.nspname, sc.relname,
                                  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END)
                      FROM pg_depend sd JOIN pg_class sc ON sc.oid = sd.objid AND sc.relkind = 'S' JOIN pg_namespace sn ON sn.oid = sc.relnamespace
                      JOIN pg_sequence s ON s.seqrelid = sc.oid
                     WHERE sd.classid = 'pg_class'::regclass AND sd.refclassid = 'pg_class'::regclass AND sd.refobjid = c.oid
                       AND sd.refobjsubid = a.attnum AND sd.deptype = 'i') END,
                 'collation', CASE WHEN a.attcollation <> t.typcollation THEN
                   (SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace
                     WHERE co.oid = a.attcollation) END,
                 'storage', CASE WHEN a.attstorage <> t.typstorage THEN ${storageKeyword} END,
                 'compression', ${versionNum >= 140000 ? `CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END` : 'NULL'},
                 'statisticsTarget', CASE WHEN a.attstattarget >= 0 THEN a.attstattarget END,
                 'options', ${optionList('a.attoptions')},
                 'inherited', NOT a.attislocal) ORDER BY a.attnum)
          FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT json_agg(a.attname ORDER BY k.ord) FROM pg_constraint pk
          CROSS JOIN LATERAL unnest(pk.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = pk.conrelid AND a.attnum = k.attnum
         WHERE pk.conrelid = c.oid AND pk.contype = 'p') AS primary_key,
       (SELECT json_agg(cols) FROM (
          SELECT (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) AS cols
            FROM pg_index x WHERE x.indrelid = c.oid AND x.indisunique AND x.indpred IS NULL AND x.indexprs IS NULL) u) AS unique_keys,
       concat_ws(', ', ${optionList('c.reloptions')}, ${optionList('tc.reloptions', 'toast.')}) AS storage_parameters,
       (SELECT am.amname FROM pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap') AS access_method,
       CASE WHEN c.reloftype <> 0 THEN format_type(c.reloftype, NULL) END AS of_type,
       json_build_array(${catalogId('pg_class', 'c.oid')}, ${catalogId('pg_type', 'c.reltype')},
                        ${catalogId('pg_type', "(SELECT rt.typarray FROM pg_type rt WHERE rt.oid = c.reltype)")}) AS provides,
       (SELECT json_agg(DISTINCT dep) FROM (
          SELECT json_array_elements_text(${dependenciesOf('pg_class', 'c.oid')}) AS dep
          UNION ALL
          SELECT json_array_elements_text(${dependenciesOf('pg_attrdef', 'SELECT ad2.oid FROM pg_attrdef ad2 WHERE ad2.adrelid = c.oid')})) deps) AS depends_on
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_class tc ON tc.oid = c.reltoastrelid
 WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't' AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
 ORDER BY c.relispartition, c.oid`;

/** Tables and partitioned tables with their columns and primary key, parents before partitions. */
export async function fetchTables(db: CatalogReader, versionNum: number): Promise<Table[]> {
  const rows = await db.query<TableRow>(query(versionNum));
  return rows.map((row) => ({
    oid: Number(row.oid),
    schema: row.schema,
    name: row.name,
    display: `${row.schema}.${row.name}`,
    sql: row.sql,
    kind: row.relkind === 'p' ? 'partitioned' : 'table',
    columns: (row.columns ?? []).map(({ inherited: _inherited, ...column }) => stripNulls(column)),
    primaryKey: row.primary_key ?? [],
    uniqueKeys: (row.unique_keys ?? []).filter((k): k is string[] => Array.isArray(k) && k.length > 0),
    inherits: row.parents ?? [],
    unlogged: row.unlogged,
    ...(row.partition_of ? { partitionOf: row.partition_of, partitionBound: row.partition_bound ?? 'DEFAULT' } : {}),
    ...(row.partition_key ? { partitionKey: row.partition_key } : {}),
    inheritedColumns: (row.columns ?? []).filter((c) => c.inherited).map((c) => c.name),
    ...(row.storage_parameters ? { storageParameters: row.storage_parameters } : {}),
    ...(row.access_method ? { accessMethod: row.access_method } : {}),
    ...(row.of_type ? { ofType: row.of_type } : {}),
    provides: row.provides,
    dependsOn: row.depends_on ?? [],
  }));
}

function stripNulls<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) as T;
}
