import { ruleName, type AnonymizeRules } from './anonymize-rules.js';
import { columnKey, type PiiColumn } from './pii-column.js';

/**
 * The PII columns that no rule covers: the snapshot must not be written while this is not empty (fail closed).
 * `keep` counts as a rule, but only when written out. A generated column needs none: the sandbox recomputes it from
 * the masked columns it is built from.
 * @example unruledPii(pii, { 'public.users.email': 'email' }) // [{ table: 'public.users', column: 'phone', class: 'phone', … }]
 */
export function unruledPii(classification: readonly PiiColumn[], rules: AnonymizeRules): PiiColumn[] {
  return classification.filter((column) => column.class !== 'none' && !column.generated && ruleName(rules[columnKey(column)]) === undefined);
}
