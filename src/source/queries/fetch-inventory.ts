import type { InventoryEntry, UnsupportedObject } from '../model.js';
import { cFunction, cType, invalidIndex, notExtensionMember, notInternalPart, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface InventoryRow {
  object_type: string;
  name: string;
  /** Set when the clone does not recreate the object */
  reason: string | null;
}

const notYet = "'objects of this kind are not recreated by the clone'";
const ofForeignTable = "CASE WHEN c.relkind = 'f' THEN 'belongs to a foreign table, which the clone does not recreate' END";
const userRelation = `${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')}`;
const relationOf = (relidExpr: string) => `JOIN pg_class c ON c.oid = ${relidExpr} JOIN pg_namespace n ON n.oid = c.relnamespace`;

/**
 * Every user object of a database as `(classid, objid, counted, reason)`: not the system's, not an extension's (its
 * CREATE EXTENSION brings those), not an implicit part of another object (array types, row types). `counted` is
 * false for the pg_class row of a composite type, which is counted as its pg_type row but can carry column comments.
 * The same text runs on the source and on the sandbox, so what one has and the other lacks is exactly what the
 * clone lost. fetch-comments.ts reads it too, so that no comment is made for an object the clone leaves out.
 */
export const inventoryObjects = `
SELECT 'pg_namespace'::regclass AS classid, n.oid AS objid, true AS counted, NULL::text AS reason
  FROM pg_namespace n WHERE ${userSchemaFilter('n')} AND ${notExtensionMember('pg_namespace', 'n.oid')}
UNION ALL
SELECT 'pg_extension'::regclass, x.oid, true, NULL FROM pg_extension x WHERE x.extname <> 'plpgsql'
UNION ALL
SELECT 'pg_collation'::regclass, co.oid, true, NULL FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
 WHERE ${userSchemaFilter('n')} AND ${notExtensionMember('pg_collation', 'co.oid')}
UNION ALL
SELECT 'pg_type'::regclass, t.oid, true,
       CASE WHEN ${cType('t')} THEN 'base, shell and canonicalised range types need C functions outside an extension' END
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE ${userSchemaFilter('n')} AND ${notExtensionMember('pg_type', 't.oid')}
   AND ${notInternalPart('pg_type', 't.oid')}
UNION ALL
SELECT 'pg_class'::regclass, c.oid, c.relkind <> 'c',
       CASE WHEN c.relkind = 'f' THEN 'foreign tables read another server, which a sandbox must not reach'
            WHEN ${invalidIndex('x', 'it')} THEN 'invalid index, left by a failed CREATE INDEX CONCURRENTLY; pg_dump leaves it out too' END
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_index x ON x.indexrelid = c.oid LEFT JOIN pg_class it ON it.oid = x.indrelid
 WHERE c.relkind IN ('r', 'p', 'S', 'v', 'm', 'i', 'I', 'f', 'c') AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
   AND (x.indrelid IS NULL OR ${notExtensionMember('pg_class', 'x.indrelid')})
UNION ALL
SELECT 'pg_proc'::regclass, p.oid, true, CASE WHEN ${cFunction('p')} THEN 'C function outside an extension: its shared library may not exist in the sandbox' END
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE ${userSchemaFilter('n')} AND ${notExtensionMember('pg_proc', 'p.oid')}
   AND ${notInternalPart('pg_proc', 'p.oid')}
UNION ALL
SELECT 'pg_constraint'::regclass, con.oid, true, ${ofForeignTable} FROM pg_constraint con ${relationOf('con.conrelid')} WHERE ${userRelation}
UNION ALL
SELECT 'pg_constraint'::regclass, con.oid, true, NULL FROM pg_constraint con JOIN pg_type t ON t.oid = con.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
 WHERE ${userSchemaFilter('n')} AND ${notExtensionMember('pg_type', 't.oid')}
UNION ALL
SELECT 'pg_attrdef'::regclass, ad.oid, true, ${ofForeignTable} FROM pg_attrdef ad ${relationOf('ad.adrelid')} WHERE ${userRelation}
UNION ALL
SELECT 'pg_trigger'::regclass, tg.oid, true, ${ofForeignTable} FROM pg_trigger tg ${relationOf('tg.tgrelid')} WHERE NOT tg.tgisinternal AND ${userRelation}
UNION ALL
SELECT 'pg_rewrite'::regclass, r.oid, true, ${ofForeignTable} FROM pg_rewrite r ${relationOf('r.ev_class')} WHERE r.rulename <> '_RETURN' AND ${userRelation}
UNION ALL
SELECT 'pg_policy'::regclass, pol.oid, true, ${ofForeignTable} FROM pg_policy pol ${relationOf('pol.polrelid')} WHERE ${userRelation}
UNION ALL
SELECT 'pg_statistic_ext'::regclass, s.oid, true, ${ofForeignTable} FROM pg_statistic_ext s ${relationOf('s.stxrelid')}
 WHERE ${userRelation} AND ${notExtensionMember('pg_statistic_ext', 's.oid')}
UNION ALL
SELECT 'pg_event_trigger'::regclass, et.oid, true, 'event triggers act on DDL across the database; a sandbox does not install them'
  FROM pg_event_trigger et WHERE ${notExtensionMember('pg_event_trigger', 'et.oid')}
UNION ALL
SELECT 'pg_publication'::regclass, pb.oid, true, 'logical replication is not part of a sandbox' FROM pg_publication pb
UNION ALL
SELECT 'pg_subscription'::regclass, sb.oid, true, 'logical replication is not part of a sandbox'
  FROM pg_subscription sb WHERE sb.subdbid = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())
UNION ALL
SELECT 'pg_foreign_data_wrapper'::regclass, w.oid, true, 'foreign servers and their credentials are not copied into a sandbox'
  FROM pg_foreign_data_wrapper w WHERE ${notExtensionMember('pg_foreign_data_wrapper', 'w.oid')}
UNION ALL
SELECT 'pg_foreign_server'::regclass, fs.oid, true, 'foreign servers and their credentials are not copied into a sandbox'
  FROM pg_foreign_server fs WHERE ${notExtensionMember('pg_foreign_server', 'fs.oid')}
UNION ALL
SELECT 'pg_user_mapping'::regclass, um.umid, true, 'foreign servers and their credentials are not copied into a sandbox' FROM pg_user_mappings um
UNION ALL
SELECT 'pg_cast'::regclass, ca.oid, true, ${notYet} FROM pg_cast ca WHERE ca.oid >= 16384 AND ${notExtensionMember('pg_cast', 'ca.oid')} AND ${notInternalPart('pg_cast', 'ca.oid')}
UNION ALL
SELECT 'pg_language'::regclass, l.oid, true, ${notYet} FROM pg_language l WHERE l.oid >= 16384 AND ${notExtensionMember('pg_language', 'l.oid')} AND ${notInternalPart('pg_language', 'l.oid')}
UNION ALL
SELECT 'pg_am'::regclass, am.oid, true, ${notYet} FROM pg_am am WHERE am.oid >= 16384 AND ${notExtensionMember('pg_am', 'am.oid')} AND ${notInternalPart('pg_am', 'am.oid')}
UNION ALL
SELECT 'pg_transform'::regclass, tr.oid, true, ${notYet} FROM pg_transform tr WHERE tr.oid >= 16384 AND ${notExtensionMember('pg_transform', 'tr.oid')} AND ${notInternalPart('pg_transform', 'tr.oid')}
${[
  ['pg_operator', 'oprnamespace'],
  ['pg_opclass', 'opcnamespace'],
  ['pg_opfamily', 'opfnamespace'],
  ['pg_conversion', 'connamespace'],
  ['pg_ts_config', 'cfgnamespace'],
  ['pg_ts_dict', 'dictnamespace'],
  ['pg_ts_parser', 'prsnamespace'],
  ['pg_ts_template', 'tmplnamespace'],
]
  .map(
    ([catalog, namespace]) => `UNION ALL
SELECT '${catalog}'::regclass, o.oid, true, ${notYet} FROM ${catalog} o JOIN pg_namespace n ON n.oid = o.${namespace}
 WHERE ${userSchemaFilter('n')} AND ${notExtensionMember(catalog!, 'o.oid')} AND ${notInternalPart(catalog!, 'o.oid')}`,
  )
  .join('\n')}`;

const query = `
WITH objects AS (${inventoryObjects})
SELECT i.type AS object_type, i.identity AS name, o.reason FROM objects o CROSS JOIN LATERAL pg_identify_object(o.classid, o.objid, 0) i WHERE o.counted
UNION ALL
SELECT 'comment', pg_describe_object(d.classoid, d.objoid, d.objsubid), CASE WHEN o.reason IS NOT NULL THEN 'comment on an object the clone does not recreate' END
  FROM pg_description d JOIN objects o ON o.classid = d.classoid AND o.objid = d.objoid
UNION ALL
SELECT 'security label', format('%s on %s', l.provider, pg_describe_object(l.classoid, l.objoid, l.objsubid)), 'security labels need their label provider loaded in the sandbox'
  FROM pg_seclabel l JOIN objects o ON o.classid = l.classoid AND o.objid = l.objoid
UNION ALL
SELECT 'tablespace', ts.spcname, format('%s relation(s) of this database live there; the sandbox keeps them in its default tablespace', count(*))
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_tablespace ts ON ts.oid = c.reltablespace
 WHERE ${userSchemaFilter('n')} GROUP BY ts.spcname
 ORDER BY 1, 2`;

export interface Inventory {
  entries: InventoryEntry[];
  unsupported: UnsupportedObject[];
}

/** Every user object of the database by kind and name, and which of them the clone does not recreate, and why. */
export async function fetchInventory(db: CatalogReader): Promise<Inventory> {
  const rows = await db.query<InventoryRow>(query);
  return {
    entries: rows.map((row) => ({ objectType: row.object_type, name: row.name })),
    unsupported: rows.flatMap((row) => (row.reason ? [{ objectType: row.object_type, name: row.name, reason: row.reason }] : [])),
  };
}
