import type { PiiColumn } from '../data/anonymize/pii-column.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { SourceProfile } from '../source/collect-stats.js';
import type { ColumnProfile, ForeignKeyFanout } from '../snapshot/manifest.js';
import type { ForeignKey, SchemaModel, Table } from '../source/model.js';
import { SyntheticTable, type RowSource } from './synthetic-table.js';

export interface SyntheticOptions {
  /** Rows per table = production's rows × scale */
  scale: number;
  seed: number;
  /** The snapshot's PII classification: PII columns get made-up values of their kind */
  pii?: readonly PiiColumn[];
}

// a chain of foreign keys whose referenced columns are themselves foreign keys, followed this deep at most
const MAX_FOLLOW_DEPTH = 32;

/**
 * The whole synthetic database, from the schema and production's profile only: no row of production is read. Tables
 * are built when first asked for (by the loader, or by a child that needs its parents' keys).
 */
export class SyntheticPlan {
  readonly seed: number;
  readonly makeUpKey: Buffer;
  /** What the generation had to give up or change, for the report */
  readonly notes: string[] = [];
  readonly #sources = new Map<string, RowSource>();
  readonly #tables: Map<string, Table>;
  readonly #pii: Map<string, PiiColumn>;
  readonly #groupingKeys = new Map<string, ForeignKey | undefined>();
  #depth = 0;

  constructor(
    readonly model: SchemaModel,
    readonly profile: SourceProfile,
    readonly options: SyntheticOptions,
  ) {
    this.seed = options.seed;
    this.makeUpKey = Buffer.from(`sandbox synthetic data, seed ${options.seed}`, 'utf8');
    this.#tables = new Map(model.tables.map((t) => [t.display, t]));
    this.#pii = new Map((options.pii ?? []).map((c) => [`${c.table}.${c.column}`, c]));
  }

  /** The generated rows of a table (a leaf table, or a partitioned one over its partitions). */
  source(display: string): RowSource {
    let source = this.#sources.get(display);
    if (source) return source;
    const table = this.#tables.get(display);
    if (!table) throw new SandboxError('SYNTHETIC_FAILED', `Synthetic data: a foreign key references ${display}, which is not in the schema.`, { stage: 'clone' });
    source = table.kind === 'partitioned' ? this.#partitioned(table) : new SyntheticTable(this, table, this.rowsOf(table));
    this.#sources.set(display, source);
    return source;
  }

  table(display: string): SyntheticTable {
    const source = this.source(display);
    if (!(source instanceof SyntheticTable)) throw new Error(`${display} is partitioned: its rows are generated in its partitions`);
    return source;
  }

  rowsOf(table: Table): number {
    const rows = this.#scaledRows(table.display);
    if (!this.profile.tables[table.display]) this.note(`${table.display}: no profile, so no rows`);
    const needed = this.#rowsChildrenNeed(table.display);
    if (needed.rows <= rows) return rows;
    this.note(`${table.display}: ${needed.rows} rows instead of ${rows}, so that ${needed.child}'s unique (${needed.key.join(', ')}) has enough distinct parent combinations`);
    return needed.rows;
  }

  columnProfile(table: Table, column: string): ColumnProfile | undefined {
    return this.profile.tables[table.display]?.columns?.[column];
  }

  /** Foreign keys of the table and of the partitioned tables above it, which its rows must meet too. */
  foreignKeysOf(table: Table): ForeignKey[] {
    const lineage = this.#lineage(table);
    return (this.model.foreignKeys ?? []).filter((fk) => lineage.includes(fk.table));
  }

  /** The foreign key whose children are generated next to each other: the one leading the primary key, else the first. */
  groupingKey(table: Table): ForeignKey | undefined {
    if (!this.#groupingKeys.has(table.display)) {
      const keys = this.foreignKeysOf(table);
      this.#groupingKeys.set(table.display, keys.find((fk) => fk.columns[0] === table.primaryKey[0]) ?? keys[0]);
    }
    return this.#groupingKeys.get(table.display);
  }

  fanoutOf(fk: ForeignKey): { fanout?: ForeignKeyFanout; productionParentRows?: number } {
    const fanout = this.profile.foreignKeys.find((f) => f.name === `${fk.table}.${fk.name}`);
    const parentRows = this.profile.tables[fk.refTable]?.rows;
    return { ...(fanout ? { fanout } : {}), ...(parentRows !== undefined ? { productionParentRows: parentRows } : {}) };
  }

  /** CHECK constraints of the table and its partitioned ancestors, as pg_get_constraintdef prints their expressions. */
  checksOf(table: Table): string[] {
    const lineage = this.#lineage(table);
    return this.model.objects
      .filter((o) => o.objectType === 'constraint' && o.table !== undefined && lineage.includes(o.table) && o.definition.startsWith('CHECK'))
      .map((o) => o.definition.replace(/^CHECK \((.*)\)( NOT VALID)?$/s, '$1'));
  }

  piiOf(table: Table, column: string): PiiColumn | undefined {
    for (const name of this.#lineage(table)) {
      const pii = this.#pii.get(`${name}.${column}`);
      if (pii) return pii;
    }
    return undefined;
  }

  /** Reads a parent's value; a cycle of keys referencing keys ends with an error instead of a stack overflow. */
  follow<T>(read: () => T): T {
    if (++this.#depth > MAX_FOLLOW_DEPTH) {
      this.#depth = 0;
      throw new SandboxError('SYNTHETIC_FAILED', 'Synthetic data: foreign keys reference each other\'s key columns in a cycle, so no first value exists.', { stage: 'clone' });
    }
    try {
      return read();
    } finally {
      this.#depth--;
    }
  }

  note(line: string): void {
    this.notes.push(line);
  }

  #scaledRows(display: string): number {
    const profile = this.profile.tables[display];
    return profile ? Math.round(profile.rows * this.options.scale) : 0;
  }

  /**
   * A unique key made only of foreign keys (film_category's (film_id, category_id)) needs as many parent combinations
   * as it has rows; scaling every table down can leave too few (a tenth of 16 categories), so the smallest parent is
   * raised, with a margin for the spread of the assignment, and the report says so.
   */
  #rowsChildrenNeed(parent: string): { rows: number; child: string; key: string[] } {
    let most = { rows: 0, child: '', key: [] as string[] };
    for (const child of this.model.tables) {
      if (child.kind !== 'table') continue;
      const keys = this.foreignKeysOf(child);
      for (const key of child.uniqueKeys ?? []) {
        if (key.length < 2) continue;
        const parents = key.map((column) => keys.find((fk) => fk.columns.includes(column))?.refTable);
        if (parents.some((p) => p === undefined) || !parents.includes(parent) || new Set(parents).size !== parents.length) continue;
        // only the smallest parent grows: one table a few rows off, not every parent of the key
        const smallest = parents.reduce((a, b) => (this.#scaledRows(b!) < this.#scaledRows(a!) ? b : a));
        if (smallest !== parent) continue;
        const others = parents.filter((p) => p !== parent).reduce((product, p) => product * Math.max(1, this.#scaledRows(p!)), 1);
        const rows = Math.ceil((this.#scaledRows(child.display) * 1.15) / others);
        if (rows > most.rows) most = { rows, child: child.display, key };
      }
    }
    return most;
  }

  #lineage(table: Table): string[] {
    const lineage = [table.display];
    for (let parent = table.partitionOf; parent && !lineage.includes(parent); parent = this.#tables.get(parent)?.partitionOf) lineage.push(parent);
    return lineage;
  }

  #partitioned(table: Table): RowSource {
    const leaves = this.model.tables.filter((t) => t.partitionOf === table.display).map((t) => this.source(t.display));
    const starts: number[] = [];
    let rows = 0;
    for (const leaf of leaves) {
      starts.push(rows);
      rows += leaf.rows;
    }
    return {
      display: table.display,
      rows,
      valueAt(row, column) {
        let i = leaves.length - 1;
        while (i > 0 && starts[i]! > row) i--;
        return leaves[i]!.valueAt(row - starts[i]!, column);
      },
    };
  }
}
