import type { Rule } from '../rule.js';

/** Every UPDATE and DELETE must say which rows it means. */
export const requireWhere: Rule = ({ policy, statements }) => {
  if (!policy.requireWhere) return [];
  const unscoped = statements.filter((s) => s.hasWhere === false);
  return [
    unscoped.length > 0
      ? { id: 'require-where', ok: false, message: `without WHERE: ${unscoped.map((s) => `${s.kind} on ${s.tables.join(', ') || '?'} at ${s.file}:${s.line}`).join('; ')}` }
      : { id: 'require-where', ok: true, message: 'every UPDATE and DELETE has a WHERE clause' },
  ];
};
