import type { SchemaObject } from '../model.js';
import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface TriggerRow {
  name: string;
  table_display: string;
  def: string;
  enabled: string;
  table_sql: string;
  name_sql: string;
}

const query = (versionNum: number) => `
SELECT t.tgname AS name, quote_ident(t.tgname) AS name_sql, n.nspname || '.' || c.relname AS table_display,
       format('%I.%I', n.nspname, c.relname) AS table_sql, pg_get_triggerdef(t.oid) AS def, t.tgenabled AS enabled
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE NOT t.tgisinternal AND c.relkind <> 'f' AND ${userSchemaFilter('n')} ${versionNum >= 130000 ? 'AND t.tgparentid = 0' : ''}
 ORDER BY c.oid, t.tgname`;

const enableClause: Record<string, string> = { D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' };

/** User triggers as pg_get_triggerdef prints them; created after the data so that loading does not fire them. */
export async function fetchTriggers(db: CatalogReader, versionNum: number): Promise<SchemaObject[]> {
  const rows = await db.query<TriggerRow>(query(versionNum));
  return rows.map((row) => {
    const state = enableClause[row.enabled];
    return {
      objectType: 'trigger',
      name: `${row.table_display}.${row.name}`,
      table: row.table_display,
      definition: `${row.def}${state ? ` (${state})` : ''}`,
      ddl: `${row.def};${state ? `\nALTER TABLE ${row.table_sql} ${state} TRIGGER ${row.name_sql};` : ''}`,
      phase: 'post-data',
      rank: 9,
    };
  });
}
