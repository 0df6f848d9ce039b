import type { Rule } from '../rule.js';

/** Statement kinds the policy forbids; `DROP` forbids every DROP …, `DROP TABLE` only that one. */
export const forbid: Rule = ({ policy, statements }) => {
  if (policy.forbid.length === 0) return [];
  const forbidden = policy.forbid.map((k) => k.trim().toUpperCase());
  const hits = statements.filter((s) => forbidden.some((k) => s.kind === k || s.kind.startsWith(`${k} `)));
  return [
    hits.length > 0
      ? { id: 'forbid', ok: false, message: `forbidden statement kind: ${hits.map((s) => `${s.kind} at ${s.file}:${s.line}`).join('; ')}` }
      : { id: 'forbid', ok: true, message: `none of ${forbidden.join(', ')}` },
  ];
};
