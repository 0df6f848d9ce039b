import type { SchemaObject } from '../model.js';
import { notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface ViewRow {
  name: string;
  sql: string;
  relkind: 'v' | 'm';
  def: string;
}

const query = `
SELECT n.nspname || '.' || c.relname AS name, format('%I.%I', n.nspname, c.relname) AS sql, c.relkind, pg_get_viewdef(c.oid) AS def
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('v', 'm') AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
 ORDER BY c.oid`;

/** Views, and materialized views created empty then refreshed once the data is in. */
export async function fetchViews(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<ViewRow>(query);
  return rows.flatMap((row): SchemaObject[] => {
    const body = row.def.trim().replace(/;$/, '');
    if (row.relkind === 'v') return [{ objectType: 'view', name: row.name, definition: body, ddl: `CREATE VIEW ${row.sql} AS ${body};`, phase: 'pre-data', rank: 8 }];
    return [
      { objectType: 'view', name: row.name, definition: `materialized: ${body}`, ddl: `CREATE MATERIALIZED VIEW ${row.sql} AS ${body} WITH NO DATA;`, phase: 'pre-data', rank: 8 },
      { objectType: 'view', name: `${row.name} refresh`, definition: '', ddl: `REFRESH MATERIALIZED VIEW ${row.sql};`, phase: 'post-data', rank: 9 },
    ];
  });
}
