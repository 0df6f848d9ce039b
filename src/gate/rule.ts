import type { PolicyConfig } from '../config/config-schema.js';
import type { CommandOutcome, SmokeResult, InvariantResult, ReportStatement, RuleResult, TableEntry } from '../report/report-schema.js';

/** Everything a rule may look at; rules never touch a database. */
export interface GateInput {
  policy: PolicyConfig;
  statements: readonly ReportStatement[];
  tables: readonly TableEntry[];
  invariants: readonly InvariantResult[];
  /** Production's row count per table (qualified name), for rules about large tables */
  productionRows: ReadonlyMap<string, number>;
  /** How a replayed command ended; absent for SQL files */
  command?: CommandOutcome;
  /** The policy's smoke checks as they ran after the operation */
  smoke?: readonly SmokeResult[];
}

/**
 * Every rule has this shape: it returns its results (none when the policy does not enable it) and never throws.
 * A rule that cannot decide returns ok: false and says why.
 */
export type Rule = (input: GateInput) => RuleResult[];

/** The limit for a table: by qualified name, then bare name, then the default. */
export function limitFor<T>(limits: { default?: T | undefined; tables: Record<string, T> }, table: string): T | undefined {
  const bare = table.slice(table.indexOf('.') + 1);
  return limits.tables[table] ?? limits.tables[bare] ?? limits.default;
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
