import pg from 'pg';
import type { SchemaModel, Table } from '../../source/model.js';

/** One column of a row's key, as SQL on an alias and the type its text form is cast back to */
export interface KeyColumn {
  /** Quoted column name, or the system column `tableoid` / `ctid` */
  sql: string;
  type: string;
}

/**
 * Tables whose rows a subset identifies together: a plain table, or a partitioned table with every partition under
 * it (foreign keys name the partitioned table; the rows live in its partitions).
 */
export interface RowUnit {
  /** The plain table, or the topmost partitioned table */
  table: Table;
  /** Tables holding the rows: the table itself, or the leaf partitions at any depth */
  leaves: Table[];
  /**
   * The primary key; without one, `tableoid` and `ctid`: a row cannot move inside the one REPEATABLE READ
   * transaction, since every table read keeps its ACCESS SHARE lock (VACUUM FULL and CLUSTER wait) until it ends.
   */
  key: KeyColumn[];
  /** The key is tableoid + ctid */
  physical: boolean;
}

export interface RowUnits {
  /** By display name of any table of the model: the unit its rows belong to */
  unitOf(display: string): RowUnit | undefined;
  /** Leaf tables under `table` (itself when it is a leaf) */
  leavesUnder(table: Table): Table[];
  tableNamed(display: string): Table | undefined;
  readonly units: readonly RowUnit[];
}

/** Groups the model's tables into row units, partitions under their topmost partitioned table. */
export function rowUnits(model: SchemaModel): RowUnits {
  const byName = new Map(model.tables.map((t) => [t.display, t]));
  const top = (table: Table): Table => {
    let current = table;
    for (let parent = parentOf(current); parent; parent = parentOf(current)) current = parent;
    return current;
  };
  const parentOf = (table: Table) => (table.partitionOf ? byName.get(table.partitionOf) : undefined);
  const units = new Map<string, RowUnit>();
  for (const table of model.tables) {
    const head = top(table);
    let unit = units.get(head.display);
    if (!unit) {
      const physical = head.primaryKey.length === 0;
      const types = new Map(head.columns.map((c) => [c.name, c.type]));
      const key = physical
        ? [
            { sql: 'tableoid', type: 'oid' },
            { sql: 'ctid', type: 'tid' },
          ]
        : head.primaryKey.map((name) => ({ sql: pg.escapeIdentifier(name), type: types.get(name) ?? 'text' }));
      unit = { table: head, leaves: [], key, physical };
      units.set(head.display, unit);
    }
    if (table.kind === 'table') unit.leaves.push(table);
  }
  const unitOfTable = new Map(model.tables.map((t) => [t.display, units.get(top(t).display)!]));
  const isUnder = (leaf: Table, table: Table): boolean => {
    for (let t: Table | undefined = leaf; t; t = parentOf(t)) if (t === table) return true;
    return false;
  };
  return {
    unitOf: (display) => unitOfTable.get(display),
    leavesUnder: (table) => (unitOfTable.get(table.display)?.leaves ?? []).filter((leaf) => isUnder(leaf, table)),
    tableNamed: (display) => byName.get(display),
    units: [...units.values()],
  };
}

/** A table in FROM as its own rows: ONLY for a plain table (not its inheritance children), all partitions for a partitioned one */
export function fromTable(table: Table): string {
  return table.kind === 'partitioned' ? table.sql : `ONLY ${table.sql}`;
}
