import type { SchemaObject } from '../model.js';
import { catalogId, cType, dependenciesOf, notExtensionMember, notInternalPart, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface TypeRow {
  name: string;
  ddl: string;
  provides: string[];
  depends_on: string[] | null;
}

const qualifiedCollation = (oidExpr: string) =>
  `(SELECT format('%I.%I', cn.nspname, co.collname) FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${oidExpr})`;

const qualifiedFunction = (oidExpr: string) => `(SELECT format('%I.%I', fn.nspname, f.proname) FROM pg_proc f JOIN pg_namespace fn ON fn.oid = f.pronamespace WHERE f.oid = ${oidExpr})`;

// multiranges came with PostgreSQL 14: before, a range type has none to name
const multirange = (versionNum: number) =>
  versionNum >= 140000
    ? {
        clause: `(SELECT format(', multirange_type_name = %I.%I', mn.nspname, m.typname) FROM pg_type m JOIN pg_namespace mn ON mn.oid = m.typnamespace WHERE m.oid = r.rngmultitypid)`,
        id: catalogId('pg_type', '(SELECT r.rngmultitypid FROM pg_range r WHERE r.rngtypid = t.oid)'),
      }
    : { clause: "''", id: catalogId('pg_type', '0') };

// No pg_get_typedef exists: the statement is assembled from format_type, pg_get_constraintdef and quote_* in SQL.
const query = (versionNum: number) => `
SELECT n.nspname || '.' || t.typname AS name,
       CASE t.typtype
         WHEN 'e' THEN format('CREATE TYPE %I.%I AS ENUM (%s);', n.nspname, t.typname,
                        (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
         WHEN 'd' THEN format('CREATE DOMAIN %I.%I AS %s%s%s%s;', n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod),
                        CASE WHEN t.typcollation <> bt.typcollation THEN ' COLLATE ' || ${qualifiedCollation('t.typcollation')} ELSE '' END,
                        CASE WHEN t.typdefault IS NOT NULL THEN ' DEFAULT ' || t.typdefault ELSE '' END,
                        CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END)
                      || coalesce((SELECT string_agg(format(E'\\nALTER DOMAIN %I.%I ADD CONSTRAINT %I %s;', n.nspname, t.typname, c.conname, pg_get_constraintdef(c.oid)), '' ORDER BY c.conname)
                                     FROM pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'), '')
         WHEN 'c' THEN format('CREATE TYPE %I.%I AS (%s);', n.nspname, t.typname,
                        (SELECT string_agg(format('%I %s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                                                  CASE WHEN a.attcollation <> at.typcollation THEN ' COLLATE ' || ${qualifiedCollation('a.attcollation')} ELSE '' END), ', ' ORDER BY a.attnum)
                           FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
                          WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped))
         WHEN 'r' THEN (SELECT format('CREATE TYPE %I.%I AS RANGE (subtype = %s, subtype_opclass = %I.%I%s%s%s);', n.nspname, t.typname,
                                      format_type(r.rngsubtype, NULL), opcn.nspname, opc.opcname,
                                      CASE WHEN r.rngcollation <> 0 THEN ', collation = ' || ${qualifiedCollation('r.rngcollation')} ELSE '' END,
                                      CASE WHEN r.rngsubdiff <> 0 THEN ', subtype_diff = ' || ${qualifiedFunction('r.rngsubdiff')} ELSE '' END,
                                      ${multirange(versionNum).clause})
                          FROM pg_range r JOIN pg_opclass opc ON opc.oid = r.rngsubopc JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace
                         WHERE r.rngtypid = t.oid)
       END AS ddl,
       json_build_array(${catalogId('pg_type', 't.oid')}, ${catalogId('pg_type', 't.typarray')}, ${catalogId('pg_class', 't.typrelid')},
                        ${multirange(versionNum).id}) AS provides,
       (SELECT json_agg(DISTINCT dep) FROM (
          SELECT json_array_elements_text(${dependenciesOf('pg_type', 't.oid')}) AS dep
          UNION ALL SELECT json_array_elements_text(${dependenciesOf('pg_class', 't.typrelid')})
          UNION ALL SELECT json_array_elements_text(${dependenciesOf('pg_constraint', 'SELECT c.oid FROM pg_constraint c WHERE c.contypid = t.oid')})) deps) AS depends_on
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
 WHERE t.typtype IN ('e', 'd', 'c', 'r') AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_type', 't.oid')} AND ${notInternalPart('pg_type', 't.oid')}
   AND (t.typtype <> 'c' OR (SELECT rc.relkind FROM pg_class rc WHERE rc.oid = t.typrelid) = 'c') AND NOT ${cType('t')}
 ORDER BY t.oid`;

/** Enum, domain, composite and range types (a range brings its multirange). */
export async function fetchTypes(db: CatalogReader, versionNum: number): Promise<SchemaObject[]> {
  const rows = await db.query<TypeRow>(query(versionNum));
  return rows.map((row) => ({
    objectType: 'type',
    name: row.name,
    definition: row.ddl,
    ddl: row.ddl,
    phase: 'pre-data',
    rank: 2,
    provides: row.provides,
    dependsOn: row.depends_on ?? [],
  }));
}
