import type { SchemaObject } from '../model.js';
import { inventoryObjects } from './fetch-inventory.js';
import type { CatalogReader } from './user-objects.js';

export interface CommentRow {
  name: string;
  ddl: string;
}

const relationOf = (oidExpr: string) =>
  `(SELECT format('%I.%I', rn.nspname, rc.relname) FROM pg_class rc JOIN pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = ${oidExpr})`;
const qualified = (catalog: string, nameColumn: string, namespaceColumn: string) =>
  `(SELECT format('%I.%I', qn.nspname, q.${nameColumn}) FROM ${catalog} q JOIN pg_namespace qn ON qn.oid = q.${namespaceColumn} WHERE q.oid = d.objoid)`;

// COMMENT ON needs the keyword and the name of what it describes; both are derived from the catalogs, names quoted by
// format(). Only objects of the inventory that the clone recreates get theirs.
const query = `
WITH objects AS (${inventoryObjects})
SELECT pg_describe_object(d.classoid, d.objoid, d.objsubid) AS name,
       format('COMMENT ON %s IS %L;', CASE d.classoid
         WHEN 'pg_class'::regclass THEN
           CASE WHEN d.objsubid > 0 THEN format('COLUMN %s.%I', ${relationOf('d.objoid')},
                                                (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = d.objoid AND a.attnum = d.objsubid))
                ELSE (SELECT CASE c.relkind WHEN 'v' THEN 'VIEW ' WHEN 'm' THEN 'MATERIALIZED VIEW ' WHEN 'S' THEN 'SEQUENCE '
                                            WHEN 'i' THEN 'INDEX ' WHEN 'I' THEN 'INDEX ' WHEN 'c' THEN 'TYPE ' ELSE 'TABLE ' END
                        FROM pg_class c WHERE c.oid = d.objoid) || ${relationOf('d.objoid')} END
         WHEN 'pg_type'::regclass THEN 'TYPE ' || format_type(d.objoid, NULL)
         WHEN 'pg_proc'::regclass THEN
           (SELECT format('%s %I.%I(%s)', CASE p.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
                          pn.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
              FROM pg_proc p JOIN pg_namespace pn ON pn.oid = p.pronamespace WHERE p.oid = d.objoid)
         WHEN 'pg_constraint'::regclass THEN
           (SELECT CASE WHEN con.conrelid <> 0 THEN format('CONSTRAINT %I ON %s', con.conname, ${relationOf('con.conrelid')})
                        ELSE format('CONSTRAINT %I ON DOMAIN %s', con.conname, format_type(con.contypid, NULL)) END
              FROM pg_constraint con WHERE con.oid = d.objoid)
         WHEN 'pg_trigger'::regclass THEN (SELECT format('TRIGGER %I ON %s', tg.tgname, ${relationOf('tg.tgrelid')}) FROM pg_trigger tg WHERE tg.oid = d.objoid)
         WHEN 'pg_rewrite'::regclass THEN (SELECT format('RULE %I ON %s', r.rulename, ${relationOf('r.ev_class')}) FROM pg_rewrite r WHERE r.oid = d.objoid)
         WHEN 'pg_policy'::regclass THEN (SELECT format('POLICY %I ON %s', pol.polname, ${relationOf('pol.polrelid')}) FROM pg_policy pol WHERE pol.oid = d.objoid)
         WHEN 'pg_namespace'::regclass THEN (SELECT format('SCHEMA %I', ns.nspname) FROM pg_namespace ns WHERE ns.oid = d.objoid)
         WHEN 'pg_extension'::regclass THEN (SELECT format('EXTENSION %I', x.extname) FROM pg_extension x WHERE x.oid = d.objoid)
         WHEN 'pg_collation'::regclass THEN 'COLLATION ' || ${qualified('pg_collation', 'collname', 'collnamespace')}
         WHEN 'pg_statistic_ext'::regclass THEN 'STATISTICS ' || ${qualified('pg_statistic_ext', 'stxname', 'stxnamespace')}
       END, d.description) AS ddl
  FROM pg_description d JOIN objects o ON o.classid = d.classoid AND o.objid = d.objoid
 WHERE o.reason IS NULL
 ORDER BY d.classoid, d.objoid, d.objsubid`;

/** COMMENT ON for every commented object the clone recreates, made last, once everything they describe exists. */
export async function fetchComments(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<CommentRow>(query);
  return rows.map((row) => ({ objectType: 'comment', name: row.name, definition: row.ddl, ddl: row.ddl, phase: 'post-data', rank: 14 }));
}
