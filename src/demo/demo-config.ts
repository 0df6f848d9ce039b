import type { UserConfig } from '../config/config-schema.js';

/** The policy a careful platform team would put in front of agents on the demo shop database. */
export const demoConfig = {
  data: { mode: 'copy' }, // the demo's "production" is sample data, so it may be copied as it is
  policy: {
    maxRowsDeleted: { default: 150 },
    // an audit log may grow by any amount; everything else may change by a quarter at most
    maxFractionChanged: { default: 0.25, tables: { 'public.user_deletions': 1 } },
    forbid: ['TRUNCATE', 'DROP TABLE'],
    requireWhere: true,
  },
  invariants: [
    { name: 'service accounts intact', sql: "SELECT count(*) FROM public.users WHERE kind = 'service'", expect: 'unchanged' },
    { name: 'paid orders kept', sql: "SELECT count(*) FROM public.orders WHERE status = 'paid'", expect: 'unchanged' },
  ],
} satisfies UserConfig;
