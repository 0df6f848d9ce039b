import type { RuleResult } from '../report/report-schema.js';
import type { GateInput, Rule } from './rule.js';
import { forbid } from './rules/forbid.js';
import { invariants } from './rules/invariants.js';
import { maxLockOnLargeTables } from './rules/max-lock-on-large-tables.js';
import { maxFractionChanged } from './rules/max-fraction-changed.js';
import { maxRowsDeleted } from './rules/max-rows-deleted.js';
import { operationSucceeded } from './rules/operation-succeeded.js';
import { requireWhere } from './rules/require-where.js';
import { smokeChecks } from './rules/smoke-checks.js';

const rules: readonly Rule[] = [operationSucceeded, forbid, requireWhere, maxRowsDeleted, maxFractionChanged, maxLockOnLargeTables, invariants, smokeChecks];

/** Runs every rule; a rule that throws (a bug) fails the gate rather than passing it. */
export function evaluateGate(input: GateInput): { verdict: 'pass' | 'fail'; rules: RuleResult[] } {
  const results = rules.flatMap((rule) => {
    try {
      return rule(input);
    } catch (error) {
      return [{ id: rule.name || 'rule', ok: false, message: `the rule could not decide: ${(error as Error).message}` }];
    }
  });
  return { verdict: results.every((r) => r.ok) ? 'pass' : 'fail', rules: results };
}
