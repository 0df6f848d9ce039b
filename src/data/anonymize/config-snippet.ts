import { describe } from './combine-detections.js';
import { columnKey, type PiiColumn } from './pii-column.js';

/**
 * Ready-to-paste TypeScript for `sandbox.config.ts`: a rule per column with the suggested anonymizer, and a comment
 * with the class and why it was detected. Comments name patterns and shares, never a value. A json column gets a
 * `json-path` rule with the anonymizer of each path in `options.paths`.
 * @example
 * configSnippet(unruledPii(pii, rules))
 * // anonymize: {
 * //   rules: {
 * //     'public.users.email': 'email', // email, by name and values (0.98): name "email" matches "email"; 100% of 40 …
 */
export function configSnippet(columns: readonly PiiColumn[]): string {
  const lines = columns.map((column) => {
    const rule =
      column.suggestedRule === 'json-path' && column.paths && column.paths.length > 0
        ? `{ rule: 'json-path', options: { paths: { ${column.paths.map((p) => `${quote(p.path)}: ${quote(p.suggestedRule)}`).join(', ')} } } }`
        : quote(column.suggestedRule);
    return `    ${quote(columnKey(column))}: ${rule}, // ${comment(column)}`;
  });
  return ['anonymize: {', '  rules: {', ...lines, '  },', '},'].join('\n');
}

function comment(column: PiiColumn): string {
  const by = column.by === 'both' ? 'by name and values' : `by ${column.by}`;
  // one line whatever a column name holds
  return `${describe(column.class, column.part)}, ${by} (${column.confidence.toFixed(2)}): ${column.reason}`.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

/** A single-quoted TypeScript string literal. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;
}
