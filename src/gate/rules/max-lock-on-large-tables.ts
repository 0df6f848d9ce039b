import { lockStrength } from '../../replay/lock-modes.js';
import { plural, type Rule } from '../rule.js';

/**
 * No statement may take a lock stronger than the allowed mode on a table that is large in production: there an
 * ACCESS EXCLUSIVE (most ALTER TABLE) or SHARE (CREATE INDEX) lock blocks the application for as long as it lasts.
 * Judged on the locks actually taken in the sandbox; where they could not be seen, on the mode documented for the kind.
 */
export const maxLockOnLargeTables: Rule = ({ policy, statements, productionRows }) => {
  const limit = policy.maxLockOnLargeTables;
  if (!limit) return [];
  const allowed = lockStrength(limit.mode);
  const over = statements.flatMap((s) => {
    if (s.status === 'skipped') return [];
    const locks = s.locks ?? (s.lockMode ? s.tables.map((table) => ({ table, mode: s.lockMode! })) : []);
    return locks.flatMap(({ table, mode }) => {
      const rows = productionRows.get(table);
      return rows !== undefined && rows >= limit.rows && lockStrength(mode) > allowed ? [`${mode} on ${table} (${rows} rows in production) by ${s.kind} at ${s.file}:${s.line}`] : [];
    });
  });
  return [
    over.length > 0
      ? { id: 'max-lock-on-large-tables', ok: false, message: `${plural(over.length, 'lock')} stronger than ${limit.mode} on a table of ${limit.rows}+ rows: ${over.join('; ')}` }
      : { id: 'max-lock-on-large-tables', ok: true, message: `no lock stronger than ${limit.mode} on a table of ${limit.rows}+ rows` },
  ];
};
