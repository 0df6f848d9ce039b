import pg from 'pg';
import type { Column, Table } from '../source/model.js';

/**
 * CREATE TABLE for one table. PostgreSQL has no pg_get_tabledef, so this joins the pieces it does print
 * (format_type, pg_get_expr, pg_get_partkeydef, the partition bound); constraints and indexes come later, from
 * pg_get_constraintdef and pg_get_indexdef.
 */
export function tableDdl(table: Table, sqlNameOf: (display: string) => string): string {
  const unlogged = table.unlogged ? 'UNLOGGED ' : '';
  const partitionBy = table.partitionKey ? ` PARTITION BY ${table.partitionKey}` : '';
  if (table.partitionOf) {
    return `CREATE ${unlogged}TABLE ${table.sql} PARTITION OF ${sqlNameOf(table.partitionOf)} ${table.partitionBound}${partitionBy};`;
  }
  const inherited = new Set(table.inheritedColumns);
  const columns = table.columns.filter((c) => !inherited.has(c.name)).map(columnDdl);
  const inherits = table.inherits.length > 0 ? ` INHERITS (${table.inherits.map(sqlNameOf).join(', ')})` : '';
  return `CREATE ${unlogged}TABLE ${table.sql} (${columns.length ? `\n  ${columns.join(',\n  ')}\n` : ''})${inherits}${partitionBy};`;
}

function columnDdl(column: Column): string {
  const parts = [pg.escapeIdentifier(column.name), column.type];
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.identity) parts.push(`GENERATED ${column.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push('NOT NULL');
  return parts.join(' ');
}
