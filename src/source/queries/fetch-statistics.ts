import type { SchemaObject } from '../model.js';
import { notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface StatisticsRow {
  name: string;
  table_display: string;
  ddl: string;
}

const query = `
SELECT n.nspname || '.' || s.stxname AS name, tn.nspname || '.' || t.relname AS table_display,
       pg_get_statisticsobjdef(s.oid) || ';'
         || CASE WHEN s.stxstattarget >= 0 THEN format(E'\\nALTER STATISTICS %I.%I SET STATISTICS %s;', n.nspname, s.stxname, s.stxstattarget) ELSE '' END AS ddl
  FROM pg_statistic_ext s JOIN pg_namespace n ON n.oid = s.stxnamespace
  JOIN pg_class t ON t.oid = s.stxrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
 WHERE t.relkind <> 'f' AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_statistic_ext', 's.oid')}
 ORDER BY s.oid`;

/** Extended statistics objects as pg_get_statisticsobjdef prints them, with their statistics target. */
export async function fetchStatistics(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<StatisticsRow>(query);
  return rows.map((row) => ({ objectType: 'statistics', name: row.name, table: row.table_display, definition: row.ddl, ddl: row.ddl, phase: 'post-data', rank: 12 }));
}
