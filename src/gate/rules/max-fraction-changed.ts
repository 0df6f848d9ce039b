import { limitFor, plural, type Rule } from '../rule.js';

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** No table may see more than its fraction of rows inserted, updated or deleted. */
export const maxFractionChanged: Rule = ({ policy, tables }) => {
  const limits = policy.maxFractionChanged;
  if (!limits) return [];
  const over = tables.flatMap((t) => {
    const limit = limitFor(limits, t.name);
    const changed = t.inserted + t.updated + t.deleted;
    // a table that was empty before: any change is all of it
    const fraction = t.rowsBefore > 0 ? changed / t.rowsBefore : changed > 0 ? 1 : 0;
    return limit !== undefined && fraction > limit ? [`${t.name}: ${percent(fraction)} changed (${changed} of ${t.rowsBefore}), limit ${percent(limit)}`] : [];
  });
  return [
    over.length > 0
      ? { id: 'max-fraction-changed', ok: false, message: `${plural(over.length, 'table')} over the limit: ${over.join('; ')}` }
      : { id: 'max-fraction-changed', ok: true, message: 'every table changed within its limit' },
  ];
};
