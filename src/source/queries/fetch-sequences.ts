import type { SchemaObject, SequenceValue } from '../model.js';
import { catalogId, notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface SequenceRow {
  name: string;
  sql: string;
  type: string;
  start: string;
  increment: string;
  min: string;
  max: string;
  cache: string;
  cycle: boolean;
  unlogged: boolean;
  provides: string[];
  owner_id: string | null;
  last_value: string | null;
  owner_kind: 'a' | 'i' | null;
  owner_table: string | null;
  owner_column: string | null;
}

// last_value needs a privilege on the sequence; without it the loaded maximum of the owning column stands in.
const query = `
SELECT n.nspname || '.' || c.relname AS name, format('%I.%I', n.nspname, c.relname) AS sql, format_type(s.seqtypid, NULL) AS type,
       s.seqstart::text AS start, s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,
       s.seqcache::text AS cache, s.seqcycle AS cycle, c.relpersistence = 'u' AS unlogged, json_build_array(${catalogId('pg_class', 'c.oid')}) AS provides,
       CASE WHEN t.oid IS NOT NULL THEN ${catalogId('pg_class', 't.oid')} END AS owner_id,
       CASE WHEN has_sequence_privilege(c.oid, 'SELECT,USAGE') THEN pg_sequence_last_value(c.oid)::text END AS last_value,
       dep.deptype AS owner_kind, CASE WHEN t.oid IS NOT NULL THEN format('%I.%I', tn.nspname, t.relname) END AS owner_table,
       quote_ident(a.attname) AS owner_column
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_sequence s ON s.seqrelid = c.oid
  LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
  LEFT JOIN pg_class t ON t.oid = dep.refobjid LEFT JOIN pg_namespace tn ON tn.oid = t.relnamespace
  LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
 WHERE c.relkind = 'S' AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
 ORDER BY c.oid`;

export interface FetchedSequences {
  objects: SchemaObject[];
  values: SequenceValue[];
}

/** Sequences (identity sequences come with their column, so they only get a current value). */
export async function fetchSequences(db: CatalogReader): Promise<FetchedSequences> {
  const rows = await db.query<SequenceRow>(query);
  const objects: SchemaObject[] = [];
  const values: SequenceValue[] = [];
  for (const row of rows) {
    const options = `AS ${row.type} START WITH ${row.start} INCREMENT BY ${row.increment} MINVALUE ${row.min} MAXVALUE ${row.max} CACHE ${row.cache}${row.cycle ? ' CYCLE' : ' NO CYCLE'}`;
    if (row.owner_kind !== 'i') {
      const owned = row.owner_kind === 'a' && row.owner_table ? `\nALTER SEQUENCE ${row.sql} OWNED BY ${row.owner_table}.${row.owner_column};` : '';
      const create = `CREATE ${row.unlogged ? 'UNLOGGED ' : ''}SEQUENCE ${row.sql} ${options};`;
      objects.push({ objectType: 'sequence', name: row.name, definition: `${row.unlogged ? 'unlogged ' : ''}${options}`, ddl: create, phase: 'pre-data', rank: 3, provides: row.provides });
      if (owned) {
        // a separate statement: the table's default needs the sequence, and OWNED BY needs the table
        objects.push({ objectType: 'sequence', name: `${row.name} owned by`, definition: owned, ddl: owned.trim(), phase: 'pre-data', rank: 9, dependsOn: row.owner_id ? [row.owner_id] : [] });
      }
    }
    values.push({
      sql: row.sql,
      lastValue: row.last_value,
      isCalled: row.last_value !== null,
      ...(row.owner_table && row.owner_column ? { ownedBy: { tableSql: row.owner_table, column: row.owner_column } } : {}),
    });
  }
  return { objects, values };
}
