import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface StatsColumnRow {
  table_display: string;
  column: string;
  /** The type under any domains: `varchar`, `int8`, `jsonb`, `_text` (an array) … */
  base_type: string;
  /** pg_type.typcategory of the base type: S string, N numeric, D date/time, I network, B boolean, U user-defined (json, uuid, bytea), A array, E enum … */
  category: string;
  /** Element type and category of an array */
  element_type: string | null;
  element_category: string | null;
  /** A default btree operator class applies, so values can be sorted (histograms) and grouped natively */
  orderable: boolean;
}

/** A default btree operator class takes the type: its own, a binary-coercible one (varchar → text), or a polymorphic one. */
const hasDefaultBtree = (type: string) => `EXISTS (
  SELECT 1 FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
   WHERE am.amname = 'btree' AND oc.opcdefault
     AND (oc.opcintype = ${type}.oid
          OR EXISTS (SELECT 1 FROM pg_cast pc WHERE pc.castsource = ${type}.oid AND pc.casttarget = oc.opcintype AND pc.castmethod = 'b')
          OR (${type}.typtype = 'e' AND oc.opcintype = 'anyenum'::regtype)
          OR (${type}.typtype = 'r' AND oc.opcintype = 'anyrange'::regtype)
          OR (${type}.typtype = 'm' AND oc.opcintype = to_regtype('anymultirange'))))`;

const query = `
SELECT n.nspname || '.' || c.relname AS table_display, a.attname AS column, bt.typname AS base_type, bt.typcategory AS category,
       et.typname AS element_type, et.typcategory AS element_category,
       -- arrays sort, but percentile_disc over them would need an array of arrays: no histogram for arrays
       CASE WHEN et.oid IS NOT NULL THEN false ELSE ${hasDefaultBtree('bt')} END AS orderable
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  CROSS JOIN LATERAL (
    WITH RECURSIVE domains(oid, base) AS (
      SELECT t.oid, t.typbasetype FROM pg_type t WHERE t.oid = a.atttypid
      UNION ALL SELECT d.oid, d.typbasetype FROM domains JOIN pg_type d ON d.oid = domains.base)
    SELECT t.* FROM domains JOIN pg_type t ON t.oid = domains.oid WHERE domains.base = 0) bt
  LEFT JOIN pg_type et ON et.oid = bt.typelem AND bt.typcategory = 'A'
 WHERE c.relkind IN ('r', 'p') AND c.relpersistence <> 't' AND ${userSchemaFilter('n')}
 ORDER BY c.oid, a.attnum`;

/** What each column's type allows: how to sample it for PII, and whether its values sort for a histogram. */
export async function fetchStatsColumns(db: CatalogReader): Promise<StatsColumnRow[]> {
  return db.query<StatsColumnRow>(query);
}
