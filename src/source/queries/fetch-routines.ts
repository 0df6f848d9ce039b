import type { SchemaObject } from '../model.js';
import { notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface RoutineRow {
  name: string;
  def: string;
}

const query = `
SELECT format('%I.%I(%s)', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid)) AS name, pg_get_functiondef(p.oid) AS def
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE p.prokind IN ('f', 'p') AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_proc', 'p.oid')}
 ORDER BY p.oid`;

/** Functions and procedures, as pg_get_functiondef prints them (trigger functions among them). */
export async function fetchRoutines(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<RoutineRow>(query);
  return rows.map((row) => ({ objectType: 'function', name: row.name, definition: row.def, ddl: `${row.def};`, phase: 'pre-data', rank: 4 }));
}
