import type { z } from 'zod';

/** One line per zod issue: `policy.maxRowsDeleted.default: expected a number, got "lots"`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issuePath(issue.path)}: ${describeIssue(issue)}`);
}

function issuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(config)';
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}

function got(input: unknown): string {
  if (input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'an array';
  if (input === null) return 'null';
  if (typeof input === 'object') return 'an object';
  return JSON.stringify(input);
}

const article = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

function describeIssue(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${article(issue.expected)}, got ${got(input)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (a typo?)`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got(input)}`;
    case 'too_small':
      return `expected ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}, got ${got(input)}`;
    case 'too_big':
      return `expected ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}, got ${got(input)}`;
    case 'invalid_union':
      return `does not match any allowed shape, got ${got(input)}`;
    default:
      return `${issue.message}, got ${got(input)}`;
  }
}
