import type { SchemaObject } from '../model.js';
import { catalogId, notExtensionMember, userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface CollationRow {
  name: string;
  ddl: string;
  provides: string[];
}

// The ICU locale moved between columns: collcollate before 15, colliculocale in 15 and 16, colllocale from 17.
const localeColumn = (versionNum: number) => (versionNum >= 170000 ? 'co.colllocale' : versionNum >= 150000 ? 'co.colliculocale' : 'co.collcollate');

// No pg_get_collationdef exists: CREATE COLLATION is assembled in SQL from pg_collation, values quoted by format().
const query = (versionNum: number) => `
SELECT n.nspname || '.' || co.collname AS name,
       format('CREATE COLLATION %I.%I (provider = %s, deterministic = %s, %s%s);', n.nspname, co.collname,
              CASE co.collprovider WHEN 'i' THEN 'icu' WHEN 'b' THEN 'builtin' ELSE 'libc' END,
              CASE WHEN co.collisdeterministic THEN 'true' ELSE 'false' END,
              CASE WHEN co.collprovider = 'c' THEN format('lc_collate = %L, lc_ctype = %L', co.collcollate, co.collctype)
                   ELSE format('locale = %L', ${localeColumn(versionNum)}) END,
              ${versionNum >= 160000 ? `CASE WHEN co.collicurules IS NOT NULL THEN format(', rules = %L', co.collicurules) ELSE '' END` : "''"}) AS ddl,
       json_build_array(${catalogId('pg_collation', 'co.oid')}) AS provides
  FROM pg_collation co JOIN pg_namespace n ON n.oid = co.collnamespace
 WHERE co.collprovider <> 'd' AND ${userSchemaFilter('n')} AND ${notExtensionMember('pg_collation', 'co.oid')}
 ORDER BY co.oid`;

/** User collations (CREATE COLLATION); a column's COLLATE is part of the table's columns. */
export async function fetchCollations(db: CatalogReader, versionNum: number): Promise<SchemaObject[]> {
  const rows = await db.query<CollationRow>(query(versionNum));
  return rows.map((row) => ({ objectType: 'collation', name: row.name, definition: row.ddl, ddl: row.ddl, phase: 'pre-data', rank: 2, provides: row.provides }));
}
