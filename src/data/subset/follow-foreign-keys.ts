import pg from 'pg';
import type { ForeignKey, Table } from '../../source/model.js';
import type { CatalogReader } from '../../source/queries/user-objects.js';
import { keyColumns, keyedRows, keySelect, type KeySet } from './key-sql.js';
import type { PickedKeyRow } from './pick-roots.js';
import { fromTable, type RowUnit, type RowUnits } from './row-units.js';

/** A foreign key with both ends resolved to the model's tables and their row units */
export interface ForeignKeyEnds {
  fk: ForeignKey;
  /** The referencing table (a partitioned table, or a single partition when the key is that partition's own) */
  child: Table;
  childUnit: RowUnit;
  parent: Table;
  parentUnit: RowUnit;
}

const columnList = (alias: string, columns: readonly string[]) => columns.map((c) => `${alias}.${pg.escapeIdentifier(c)}`).join(', ');

/**
 * The parent rows that the given rows of the child unit reference through `ends.fk`. Rows whose key has a NULL
 * reference nothing (row comparison with NULL is not true), as MATCH SIMPLE has it.
 */
export async function parentsOf(source: CatalogReader, units: RowUnits, ends: ForeignKeyEnds, keys: KeySet): Promise<PickedKeyRow[]> {
  const rows: PickedKeyRow[] = [];
  for (const batch of keyedRows(units, ends.childUnit, ends.child, keys, 'c')) {
    rows.push(
      ...(await source.query<PickedKeyRow>(
        `SELECT ${keySelect(ends.parentUnit, 'p')} FROM ${fromTable(ends.parent)} p
          WHERE (${columnList('p', ends.fk.refColumns)}) IN (SELECT ${columnList('c', ends.fk.columns)} FROM ${batch.from} c WHERE ${batch.where})`,
        batch.params,
      )),
    );
  }
  return rows;
}

/**
 * The child rows that reference the given rows of the parent unit through `ends.fk`, at most `cap` per parent row:
 * the first ones by key, so the same snapshot gives the same children.
 */
export async function childrenOf(source: CatalogReader, units: RowUnits, ends: ForeignKeyEnds, keys: KeySet, cap: number): Promise<PickedKeyRow[]> {
  const rows: PickedKeyRow[] = [];
  for (const batch of keyedRows(units, ends.parentUnit, ends.parent, keys, 'p')) {
    rows.push(
      ...(await source.query<PickedKeyRow>(
        `SELECT * FROM (
           SELECT ${keySelect(ends.childUnit, 'c')},
                  row_number() OVER (PARTITION BY ${columnList('c', ends.fk.columns)} ORDER BY ${keyColumns(ends.childUnit, 'c')}) AS n
             FROM ${fromTable(ends.child)} c
            WHERE (${columnList('c', ends.fk.columns)}) IN (SELECT ${columnList('p', ends.fk.refColumns)} FROM ${batch.from} p WHERE ${batch.where})
         ) picked WHERE n <= $${batch.params.length + 1}`,
        [...batch.params, cap],
      )),
    );
  }
  return rows;
}
