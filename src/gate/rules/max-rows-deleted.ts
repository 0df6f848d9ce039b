import { limitFor, plural, type Rule } from '../rule.js';

/** No table may lose more rows than its limit (the table's own, else the default). */
export const maxRowsDeleted: Rule = ({ policy, tables }) => {
  const limits = policy.maxRowsDeleted;
  if (!limits) return [];
  const over = tables.flatMap((t) => {
    const limit = limitFor(limits, t.name);
    return limit !== undefined && t.deleted > limit ? [`${t.name}: ${t.deleted} deleted, limit ${limit}`] : [];
  });
  const total = tables.reduce((n, t) => n + t.deleted, 0);
  return [
    over.length > 0
      ? { id: 'max-rows-deleted', ok: false, message: `${plural(over.length, 'table')} over the limit: ${over.join('; ')}` }
      : { id: 'max-rows-deleted', ok: true, message: `${plural(total, 'row')} deleted, every table within its limit` },
  ];
};
