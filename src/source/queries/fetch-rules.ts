import type { SchemaObject } from '../model.js';
import { notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface RuleRow {
  name: string;
  table_display: string;
  def: string;
  /** ALTER TABLE … DISABLE / ENABLE REPLICA / ENABLE ALWAYS RULE when it is not plainly enabled */
  state: string | null;
}

// A view's own _RETURN rule is its definition, recreated by CREATE VIEW.
const query = `
SELECT format('%I on %I.%I', r.rulename, n.nspname, c.relname) AS name, n.nspname || '.' || c.relname AS table_display, pg_get_ruledef(r.oid) AS def,
       CASE WHEN r.ev_enabled <> 'O' THEN
         format(E'\\nALTER TABLE %I.%I %s RULE %I;', n.nspname, c.relname,
                CASE r.ev_enabled WHEN 'D' THEN 'DISABLE' WHEN 'R' THEN 'ENABLE REPLICA' ELSE 'ENABLE ALWAYS' END, r.rulename) END AS state
  FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE r.rulename <> '_RETURN' AND c.relkind <> 'f' AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_class', 'c.oid')}
 ORDER BY c.oid, r.rulename`;

/** Rewrite rules as pg_get_ruledef prints them; made after the data, like triggers, so that loading cannot fire them. */
export async function fetchRules(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<RuleRow>(query);
  return rows.map((row) => ({
    objectType: 'rule',
    name: row.name,
    table: row.table_display,
    definition: `${row.def}${row.state ?? ''}`,
    ddl: `${row.def}${row.state ?? ''}`,
    phase: 'post-data',
    rank: 10,
  }));
}
