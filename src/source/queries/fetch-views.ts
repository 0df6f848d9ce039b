import type { SchemaObject } from '../model.js';
import { catalogId, dependenciesOf, notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface ViewRow {
  name: string;
  sql: string;
  relkind: 'v' | 'm';
  def: string;
  /** WITH (…) options: security_barrier, check_option, security_invoker; fillfactor and the like for matviews */
  options: string | null;
  access_method: string | null;
  /** ALTER VIEW … ALTER COLUMN … SET DEFAULT statements */
  column_defaults: string | null;
  populated: boolean;
  provides: string[];
  depends_on: string[] | null;
}

const query = `
SELECT n.nspname || '.' || c.relname AS name, format('%I.%I', n.nspname, c.relname) AS sql, c.relkind, pg_get_viewdef(c.oid) AS def,
       (SELECT string_agg(format('%I=%L', o.option_name, o.option_value), ', ') FROM pg_options_to_table(c.reloptions) o) AS options,
       (SELECT quote_ident(am.amname) FROM pg_am am WHERE am.oid = c.relam AND am.amname <> 'heap') AS access_method,
       (SELECT string_agg(format(E'\\nALTER VIEW %I.%I ALTER COLUMN %I SET DEFAULT %s;', n.nspname, c.relname, a.attname, pg_get_expr(ad.adbin, ad.adrelid)), '' ORDER BY a.attnum)
          FROM pg_attrdef ad JOIN pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum WHERE ad.adrelid = c.oid) AS column_defaults,
       c.relispopulated AS populated,
       json_build_array(${catalogId('pg_class', 'c.oid')}, ${catalogId('pg_type', 'c.reltype')},
                        ${catalogId('pg_type', '(SELECT rt.typarray FROM pg_type rt WHERE rt.oid = c.reltype)')}) AS provides,
       (SELECT json_agg(DISTINCT dep) FROM (
          SELECT json_array_elements_text(${dependenciesOf('pg_rewrite', 'SELECT r.oid FROM pg_rewrite r WHERE r.ev_class = c.oid')}) AS dep
          UNION ALL SELECT json_array_elements_text(${dependenciesOf('pg_attrdef', 'SELECT ad.oid FROM pg_attrdef ad WHERE ad.adrelid = c.oid')})) deps
         WHERE dep <> ${catalogId('pg_class', 'c.oid')}) AS depends_on
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('v', 'm') AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
 ORDER BY c.oid`;

/**
 * Views, and materialized views created empty, then refreshed once the data is in when production's are populated
 * (a materialized view production never refreshed stays unpopulated, as there).
 */
export async function fetchViews(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<ViewRow>(query);
  return rows.flatMap((row): SchemaObject[] => {
    const body = row.def.trim().replace(/;$/, '');
    const options = row.options ? ` WITH (${row.options})` : '';
    const dependsOn = row.depends_on ?? [];
    if (row.relkind === 'v') {
      return [
        {
          objectType: 'view',
          name: row.name,
          definition: `${options}${body}${row.column_defaults ?? ''}`,
          ddl: `CREATE VIEW ${row.sql}${options} AS ${body};${row.column_defaults ?? ''}`,
          phase: 'pre-data',
          rank: 8,
          provides: row.provides,
          dependsOn,
        },
      ];
    }
    const using = row.access_method ? ` USING ${row.access_method}` : '';
    const view: SchemaObject = {
      objectType: 'view',
      name: row.name,
      definition: `materialized${options}: ${body}`,
      ddl: `CREATE MATERIALIZED VIEW ${row.sql}${using}${options} AS ${body} WITH NO DATA;`,
      phase: 'pre-data',
      rank: 8,
      provides: row.provides,
      dependsOn,
    };
    if (!row.populated) return [view];
    // a materialized view built on another one is refreshed after it
    const refresh: SchemaObject = {
      objectType: 'view',
      name: `${row.name} refresh`,
      definition: '',
      ddl: `REFRESH MATERIALIZED VIEW ${row.sql};`,
      phase: 'post-data',
      rank: 13,
      provides: row.provides.map((id) => `refresh ${id}`),
      dependsOn: dependsOn.map((id) => `refresh ${id}`),
    };
    return [view, refresh];
  });
}
