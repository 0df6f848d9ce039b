import { z } from 'zod';

const rootSchema = z
  .strictObject({
    /** `public.customer`, or a bare name when it is unambiguous */
    table: z.string().min(1),
    /** 0 < fraction ≤ 1 of the table's rows, picked deterministically for `data.seed` (by a hash of each row's key) */
    fraction: z.number().gt(0).max(1).optional(),
    /** A SQL condition on the table's columns, e.g. `created_at > now() - interval '30 days'` */
    where: z.string().min(1).optional(),
  })
  // both at once would be ambiguous (a fraction of the table, or of the rows matching?): say which
  .refine((root) => (root.fraction === undefined) !== (root.where === undefined), {
    message: 'a root takes either fraction (e.g. 0.1) or where (a SQL condition), exactly one of them',
  });

/**
 * Anonymized mode's subset: which rows of production the sandbox gets. Roots pick rows; every parent a picked row
 * references is followed so the subset stays referentially complete; children are followed only where asked.
 * Ignored in synthetic mode, which reads no production row (`data.scale` sets its size).
 */
export const subsetSchema = z.strictObject({
  /** Where the subset starts: a table and either a fraction of its rows or a WHERE condition */
  roots: z.array(rootSchema).min(1),
  /**
   * Tables whose rows referencing a picked row are followed too: `all`, `none`, or a list of tables. Children are
   * followed from roots and from rows added as children, never from rows added only as parents (a country would
   * otherwise bring every city, address and customer).
   */
  children: z.union([z.enum(['all', 'none']), z.array(z.string().min(1))]).default('none'),
  /** Children followed per parent row and foreign key, at most */
  maxChildrenPerParent: z.number().int().positive().default(100),
  /** How many times the walk may pass through the same table again (cycles in foreign keys): it always ends */
  maxCycleDepth: z.number().int().min(0).default(2),
});

export type SubsetConfig = z.output<typeof subsetSchema>;
