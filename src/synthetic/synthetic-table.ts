import { SandboxError } from '../errors/sandbox-error.js';
import type { ForeignKey, Table } from '../source/model.js';
import { columnValues, type ColumnGenerator, type ColumnValues } from './column-values.js';
import { assignParents } from './fanout.js';
import { saltOf } from './prng.js';
import { resolveType } from './resolve-type.js';
import { simpleLimits } from './simple-checks.js';
import type { SyntheticPlan } from './synthetic-plan.js';

/** Rows that can be read by index: a generated table, or a partitioned table over its partitions. */
export interface RowSource {
  readonly display: string;
  readonly rows: number;
  valueAt(row: number, column: string): string | null;
  /** The row whose `column` holds `value`, where the column is ordered by row (a NOT NULL key on a number line); else -1 */
  rowOf?(column: string, value: string): number;
}

// a composite unique key that repeats is retried with other values this many times before the load gives up
const MAX_ATTEMPTS = 64;

/**
 * One table's synthetic rows. Every value is a function of (seed, table, column, row), so rows come out in any order
 * and a child reads its parents' keys by row index without either being stored; only a composite unique key that no
 * column makes unique by construction is checked, with a set of the table's key tuples.
 */
export class SyntheticTable implements RowSource {
  readonly display: string;
  readonly #columns = new Map<string, ColumnGenerator>();
  readonly #foreignKeyOf = new Map<string, ForeignKey>();
  #attempts: Map<number, number> | undefined;
  #keyColumns = new Set<string>();
  #state: 'new' | 'resolving' | 'resolved' = 'new';

  constructor(
    private readonly plan: SyntheticPlan,
    readonly table: Table,
    readonly rows: number,
  ) {
    this.display = table.display;
    for (const fk of plan.foreignKeysOf(table)) for (const column of fk.columns) if (!this.#foreignKeyOf.has(column)) this.#foreignKeyOf.set(column, fk);
  }

  valueAt(row: number, column: string): string | null {
    this.#resolve();
    return this.#column(column).values(row, this.#keyColumns.has(column) ? (this.#attempts?.get(row) ?? 0) : 0);
  }

  rowOf(column: string, value: string): number {
    return this.#foreignKeyOf.has(column) ? -1 : (this.#column(column).rowOf?.(value, this.rows) ?? -1);
  }

  /** The table as COPY text, in chunks of about 64 kB. */
  *chunks(columns: readonly string[]): Generator<string> {
    this.#resolve();
    const values = columns.map((c) => this.#column(c).values);
    const keyed = columns.map((c) => this.#keyColumns.has(c));
    const attempts = this.#attempts;
    let chunk = '';
    for (let row = 0; row < this.rows; row++) {
      const attempt = attempts?.get(row) ?? 0;
      for (let i = 0; i < values.length; i++) {
        const value = values[i]!(row, keyed[i] ? attempt : 0);
        chunk += (i === 0 ? '' : '\t') + (value ?? '\\N');
      }
      chunk += '\n';
      if (chunk.length >= 65536) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }

  #column(name: string) {
    let column = this.#columns.get(name);
    if (!column) {
      column = this.#build(name);
      this.#columns.set(name, column);
    }
    return column;
  }

  #build(name: string): ColumnGenerator {
    const column = this.table.columns.find((c) => c.name === name);
    if (!column) throw new Error(`no column ${name} in ${this.display}`); // the loader asks only for the table's columns
    const fk = this.#foreignKeyOf.get(name);
    if (fk) return { values: this.#referencing(fk, name), injective: false };
    const profile = this.plan.columnProfile(this.table, name);
    const samples = [...(profile?.histogram?.bounds ?? []), ...(profile?.mostCommon?.values ?? [])];
    const { type, domainChecks } = resolveType(column.type, this.plan.model, samples);
    const limits = { ...simpleLimits(domainChecks).get('VALUE'), ...simpleLimits(this.plan.checksOf(this.table)).get(name) };
    const unique = (this.table.uniqueKeys ?? []).some((key) => key.length === 1 && key[0] === name);
    return columnValues({
      table: this.display,
      column,
      type,
      profile,
      rows: this.rows,
      unique,
      limits,
      pii: this.plan.piiOf(this.table, name),
      seed: this.plan.seed,
      makeUpKey: this.plan.makeUpKey,
    });
  }

  /** A foreign-key column: the referenced column of the parent row its assignment picks. */
  #referencing(fk: ForeignKey, name: string): ColumnValues {
    let assignment: ReturnType<typeof assignParents> | undefined;
    let parent: RowSource | undefined;
    const refColumn = fk.refColumns[fk.columns.indexOf(name)]!;
    return (row, attempt) => {
      if (!assignment) {
        parent = this.plan.source(fk.refTable);
        const childColumns = fk.columns.map((c) => this.table.columns.find((col) => col.name === c));
        const unique = (this.table.uniqueKeys ?? []).some((key) => key.length === fk.columns.length && key.every((c) => fk.columns.includes(c)));
        const grouped = this.plan.groupingKey(this.table) === fk;
        // the parents production's children reference most, found by key value where the parent's key is ordered by row
        const mostCommon = fk.columns.length === 1 ? this.plan.columnProfile(this.table, name)?.mostCommon : undefined;
        const common = mostCommon?.values ?? [];
        const preferred = parent.rowOf ? common.map((value) => parent!.rowOf!(refColumn, value)).filter((row) => row >= 0) : [];
        assignment = assignParents({
          childRows: this.rows,
          parentRows: parent.rows,
          ...this.plan.fanoutOf(fk),
          nullFraction: this.plan.columnProfile(this.table, fk.columns[0]!)?.nullFraction ?? 0,
          notNull: childColumns.some((c) => c?.notNull),
          unique,
          grouped,
          preferred,
          ...(mostCommon ? { topFrequencies: mostCommon.frequencies } : {}),
          salt: saltOf(`${this.plan.seed}\0${this.display}\0${fk.name}`),
        });
      }
      const parentRow = assignment.parentOf(row, attempt);
      return parentRow < 0 ? null : this.plan.follow(() => parent!.valueAt(parentRow, refColumn));
    };
  }

  /** Finds the rows whose composite unique key would repeat and the attempt that makes each one new. */
  #resolve(): void {
    if (this.#state !== 'new') return;
    this.#state = 'resolving';
    const keys = (this.table.uniqueKeys ?? []).filter((key) => key.length > 1 && !key.some((c) => !this.#foreignKeyOf.has(c) && this.#column(c).injective));
    if (keys.length > 0 && this.rows > 0) {
      for (const key of keys) for (const c of key) this.#keyColumns.add(c);
      const attempts = new Map<number, number>();
      const seen = keys.map(() => new Set<string>());
      const columns = keys.map((key) => key.map((c) => this.#column(c).values));
      for (let row = 0; row < this.rows; row++) {
        let attempt = 0;
        for (; attempt < MAX_ATTEMPTS; attempt++) {
          const tuples = columns.map((values) => values.map((v) => v(row, attempt)));
          // a key with a NULL in it never repeats (NULLs are distinct in unique indexes)
          const text = tuples.map((t) => (t.includes(null) ? undefined : t.join('\t')));
          if (text.every((t, i) => t === undefined || !seen[i]!.has(t))) {
            text.forEach((t, i) => t !== undefined && seen[i]!.add(t));
            break;
          }
        }
        if (attempt === MAX_ATTEMPTS) {
          throw new SandboxError('SYNTHETIC_FAILED', `Synthetic data: ${this.display} cannot get ${this.rows} rows with distinct (${keys.map((k) => k.join(', ')).join('), (')}) from the profile; row ${row} repeats a key after ${MAX_ATTEMPTS} tries.`, { stage: 'clone' });
        }
        if (attempt > 0) attempts.set(row, attempt);
      }
      this.#attempts = attempts;
      if (attempts.size > 0) this.plan.note(`${this.display}: ${attempts.size} row(s) took other values to keep (${keys.map((k) => k.join(', ')).join('), (')}) unique`);
    }
    this.#state = 'resolved';
  }
}
