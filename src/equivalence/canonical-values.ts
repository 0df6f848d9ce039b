import type { TableProfile } from '../snapshot/manifest.js';
import type { SchemaModel } from '../source/model.js';
import type { CatalogReader } from '../source/queries/user-objects.js';

/**
 * Production's most-common values as the sandbox prints them. The profile holds values as text in production's
 * session settings (a timestamptz in production's TimeZone, a date in its DateStyle), and the sandbox may run with
 * others: each value is read back through its column's type by the sandbox server, so that equal values compare
 * equal. One query per table; a table whose values the sandbox cannot read back (a type whose input depends on a
 * setting it lacks) keeps production's text.
 * Run it on a connection outside a transaction: a failed query must leave the next one usable.
 * @example const production = await canonicalValues(sandboxReader, model, origin.profile);
 */
export async function canonicalValues<T extends { tables: Record<string, TableProfile> }>(db: CatalogReader, model: SchemaModel, profile: T): Promise<T> {
  const tables: Record<string, TableProfile> = { ...profile.tables };
  for (const table of model.tables) {
    const entry = profile.tables[table.display];
    if (!entry?.columns) continue;
    const columns = table.columns.flatMap((c) => {
      const values = entry.columns?.[c.name]?.mostCommon?.values;
      return values && values.length > 0 ? [{ name: c.name, type: c.type, values }] : [];
    });
    if (columns.length === 0) continue;
    // WITH ORDINALITY keeps each value at its index, so it stays paired with its frequency; format() prints with the
    // type's output function, as pg_stats does (a boolean cast to text would read 'true', pg_stats says 't')
    const selects = columns.map((c, i) => `ARRAY(SELECT format('%s', CAST(v AS ${c.type})) FROM unnest($${i + 1}::text[]) WITH ORDINALITY u(v, n) ORDER BY n) AS c${i}`);
    let row: Record<string, string[] | null> | undefined;
    try {
      [row] = await db.query<Record<string, string[] | null>>(`SELECT ${selects.join(', ')}`, columns.map((c) => c.values));
    } catch {
      continue;
    }
    const rewritten = { ...entry.columns };
    for (const [i, c] of columns.entries()) {
      const values = row?.[`c${i}`];
      const column = rewritten[c.name];
      if (column?.mostCommon && values && values.length === c.values.length) rewritten[c.name] = { ...column, mostCommon: { ...column.mostCommon, values } };
    }
    tables[table.display] = { ...entry, columns: rewritten };
  }
  return { ...profile, tables };
}
