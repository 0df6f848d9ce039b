import { getAnonymizer } from '../../anonymizers/index.js';
import type { ResolvedConfig } from '../config/config-schema.js';
import { classifyPii, type PiiColumn } from '../data/anonymize/classify-pii.js';
import { configSnippet } from '../data/anonymize/config-snippet.js';
import { columnKey } from '../data/anonymize/pii-column.js';
import { unruledPii } from '../data/anonymize/unruled-pii.js';
import { buildMaskPlan, type MaskPlan } from '../data/mask-plan.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { CatalogReader } from '../source/queries/user-objects.js';
import type { SchemaModel } from '../source/model.js';

export interface Masking {
  plan: MaskPlan;
  /** Every column's PII class, with the rule applied to it: written to the snapshot as pii.json */
  columns: (PiiColumn & { rule: string | null; carriedFrom?: string })[];
}

/**
 * Before any row leaves production in anonymized mode: classify every column, stop (fail closed) when a column that
 * looks like personal data has no rule, with a ready-to-paste snippet, and check the rules against the schema.
 */
export async function prepareMasking(source: CatalogReader, model: SchemaModel, config: ResolvedConfig, progress: (line: string) => void): Promise<Masking> {
  // the rules and the key are checked first: a config mistake should not wait for the classification
  const plan = buildMaskPlan(model, config, (name) => getAnonymizer(name));
  progress('looking for personal data (column names and a bounded sample of values)');
  const classification = await classifyPii(source, model, { progress });
  const rules = config.anonymize.rules;
  // a foreign key takes the rule of the key it references (mask-plan carries it), so it needs none of its own
  const covered = new Set<string>();
  for (const fk of model.foreignKeys ?? []) {
    fk.columns.forEach((column, i) => {
      if (rules[`${fk.refTable}.${fk.refColumns[i]}`] !== undefined) covered.add(`${fk.table}.${column}`);
    });
  }
  const unruled = unruledPii(classification, rules).filter((c) => !covered.has(columnKey(c)));
  if (unruled.length > 0) {
    const list = unruled.map((c) => `  ${columnKey(c)}: ${c.class}${c.part ? ` (${c.part})` : ''}, ${c.reason}`).join('\n');
    throw new SandboxError(
      'PII_UNRULED',
      `${unruled.length} column(s) look like personal data and have no anonymization rule; no row was copied:\n${list}\n\nReady to paste into sandbox.config.ts:\n${configSnippet(unruled)}`,
      { stage: 'snapshot' },
    );
  }
  const applied = new Map(plan.applied.map((a) => [a.column, a]));
  return {
    plan,
    columns: classification.map((c) => {
      const rule = applied.get(columnKey(c));
      return { ...c, rule: rule?.rule ?? null, ...(rule?.carriedFrom ? { carriedFrom: rule.carriedFrom } : {}) };
    }),
  };
}
