/**
 * A column's rule as `sandbox.config.ts` writes it under `anonymize.rules` (config-schema.ts's ColumnRule): an
 * anonymizer's name, or the name with options (`{ rule: 'json-path', options: { paths: { '$.email': 'email' } } }`).
 */
export type AnonymizeRule = string | { rule: string; options?: Record<string, unknown> };

/** Rules by column, `'public.users.email': 'email'`; `keep` must be written out to leave a PII column as it is. */
export type AnonymizeRules = Readonly<Record<string, AnonymizeRule | undefined>>;

/** The anonymizer a rule names, or undefined when the entry is not a rule at all (so it counts as missing). */
export function ruleName(rule: AnonymizeRule | undefined): string | undefined {
  if (typeof rule === 'string') return rule.trim() || undefined;
  if (rule && typeof rule === 'object' && typeof rule.rule === 'string') return rule.rule.trim() || undefined;
  return undefined;
}

/**
 * The columns the config marks `keep`: their values stay, in the data and in the statistics.
 * @example keptColumns({ 'public.users.country': 'keep', 'public.users.email': 'email' }) // ['public.users.country']
 */
export function keptColumns(rules: AnonymizeRules): string[] {
  return Object.entries(rules)
    .filter(([, rule]) => ruleName(rule) === 'keep')
    .map(([key]) => key);
}
