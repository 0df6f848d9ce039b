import pg from 'pg';
import type { SchemaModel } from '../source/model.js';

/**
 * The CHECK constraints generation could not meet by construction are met by rejection: rows that break one are
 * deleted before the constraint is created, then rows left referencing a deleted row, until nothing changes. Every
 * removal is counted and returned, so the report says what the sandbox lacks. Run between data and post-data.
 */
export async function rejectRowsBreakingChecks(client: pg.Client, model: SchemaModel, progress: (line: string) => void): Promise<string[]> {
  const notes: string[] = [];
  const tables = new Map(model.tables.map((t) => [t.display, t]));
  let removed = 0;
  for (const check of model.objects) {
    if (check.objectType !== 'constraint' || !check.table || !check.definition.startsWith('CHECK')) continue;
    const table = tables.get(check.table);
    if (!table) continue;
    const expression = check.definition.replace(/^CHECK \((.*)\)( NOT VALID)?$/s, '$1');
    const { rowCount } = await client.query(`DELETE FROM ${table.sql} WHERE NOT (${expression})`);
    if (rowCount) {
      removed += rowCount;
      notes.push(`${table.display}: ${rowCount} generated row(s) broke CHECK ${check.name} and were left out`);
    }
  }
  for (let round = 0; removed > 0 && round < 16; round++) {
    removed = 0;
    for (const fk of model.foreignKeys ?? []) {
      const child = tables.get(fk.table);
      const parent = tables.get(fk.refTable);
      if (!child || !parent) continue;
      const present = fk.columns.map((c) => `c.${pg.escapeIdentifier(c)} IS NOT NULL`).join(' AND ');
      const match = fk.columns.map((c, i) => `p.${pg.escapeIdentifier(fk.refColumns[i]!)} = c.${pg.escapeIdentifier(c)}`).join(' AND ');
      const { rowCount } = await client.query(`DELETE FROM ${child.sql} c WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${parent.sql} p WHERE ${match})`);
      if (rowCount) {
        removed += rowCount;
        notes.push(`${child.display}: ${rowCount} row(s) referenced rows left out and were left out too (${fk.name})`);
      }
    }
  }
  for (const note of notes) progress(`synthetic: ${note}`);
  return notes;
}
