import pg from 'pg';
import type { Column, Table } from '../source/model.js';

/**
 * CREATE TABLE for one table, and the ALTER TABLE statements for what CREATE TABLE cannot say. PostgreSQL has no
 * pg_get_tabledef, so this joins the pieces it does print (format_type, pg_get_expr, pg_get_partkeydef, the partition
 * bound, the storage parameters); constraints and indexes come later, from pg_get_constraintdef and pg_get_indexdef.
 * `tableOf` finds a parent by display name: an inherited column takes its parent's default and NOT NULL, so only
 * where the child differs is anything said.
 */
export function tableDdl(table: Table, tableOf: (display: string) => Table | undefined): string {
  const sqlNameOf = (display: string) => tableOf(display)?.sql ?? display;
  const unlogged = table.unlogged ? 'UNLOGGED ' : '';
  const inherited = new Set(table.inheritedColumns);
  const tail = [
    table.partitionKey ? ` PARTITION BY ${table.partitionKey}` : '',
    table.accessMethod ? ` USING ${pg.escapeIdentifier(table.accessMethod)}` : '',
    table.storageParameters ? ` WITH (${table.storageParameters})` : '',
  ].join('');
  let create: string;
  let fromElsewhere: Column[];
  if (table.partitionOf) {
    create = `CREATE ${unlogged}TABLE ${table.sql} PARTITION OF ${sqlNameOf(table.partitionOf)} ${table.partitionBound}${tail};`;
    fromElsewhere = table.columns;
  } else if (table.ofType) {
    // the type makes every column; defaults and NOT NULL are added below
    create = `CREATE ${unlogged}TABLE ${table.sql} OF ${table.ofType}${tail};`;
    fromElsewhere = table.columns;
  } else {
    const columns = table.columns.filter((c) => !inherited.has(c.name)).map(columnDdl);
    const inherits = table.inherits.length > 0 ? ` INHERITS (${table.inherits.map(sqlNameOf).join(', ')})` : '';
    create = `CREATE ${unlogged}TABLE ${table.sql} (${columns.length ? `\n  ${columns.join(',\n  ')}\n` : ''})${inherits}${tail};`;
    fromElsewhere = table.columns.filter((c) => inherited.has(c.name));
  }
  const parents = (table.partitionOf ? [table.partitionOf] : table.inherits).map(tableOf).filter((t): t is Table => t !== undefined);
  const alters = [
    ...fromElsewhere.flatMap((c) => differencesFromParents(c, parents.map((p) => p.columns.find((pc) => pc.name === c.name)))),
    ...table.columns.flatMap(columnSettings),
  ];
  return [create, ...alters.map((a) => `ALTER TABLE ONLY ${table.sql} ${a};`)].join('\n');
}

function columnDdl(column: Column): string {
  const parts = [pg.escapeIdentifier(column.name), column.type];
  if (column.collation) parts.push(`COLLATE ${column.collation}`);
  if (column.identity) {
    const options = column.identitySequence ? ` (${column.identitySequence})` : '';
    parts.push(`GENERATED ${column.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY${options}`);
  }
  if (column.generated) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`);
  if (column.default !== undefined) parts.push(`DEFAULT ${column.default}`);
  if (column.notNull) parts.push('NOT NULL');
  return parts.join(' ');
}

/** A column a parent, partitioned table or type made: set what differs from what it got there. */
function differencesFromParents(column: Column, inParents: (Column | undefined)[]): string[] {
  const name = pg.escapeIdentifier(column.name);
  const alters: string[] = [];
  if (!column.generated && !column.identity) {
    const inheritedDefault = inParents.find((p) => p?.default !== undefined)?.default;
    if (column.default !== inheritedDefault) alters.push(column.default === undefined ? `ALTER COLUMN ${name} DROP DEFAULT` : `ALTER COLUMN ${name} SET DEFAULT ${column.default}`);
  }
  if (column.notNull && !inParents.some((p) => p?.notNull)) alters.push(`ALTER COLUMN ${name} SET NOT NULL`);
  return alters;
}

function columnSettings(column: Column): string[] {
  const name = pg.escapeIdentifier(column.name);
  return [
    column.storage ? `ALTER COLUMN ${name} SET STORAGE ${column.storage}` : '',
    column.compression ? `ALTER COLUMN ${name} SET COMPRESSION ${column.compression}` : '',
    column.statisticsTarget !== undefined ? `ALTER COLUMN ${name} SET STATISTICS ${column.statisticsTarget}` : '',
    column.options ? `ALTER COLUMN ${name} SET (${column.options})` : '',
  ].filter((a) => a !== '');
}
