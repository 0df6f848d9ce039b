import { z } from 'zod';

/** One measure of one table or column that is off its tolerance, as listed among the worst of a sandbox. */
export const deviationSchema = z.object({
  table: z.string(),
  /** null: the table's row count */
  column: z.string().nullable(),
  metric: z.enum(['rows', 'nullFraction', 'distinct', 'mcv']),
  /** rows and distinct: the ratio sandbox / expected; nullFraction: sandbox − production; mcv: the overlap. null: rows where none were expected */
  value: z.number().nullable(),
  /** The measure's share of the score, 0..1 (1: as production) */
  score: z.number().min(0).max(1),
});

export const columnEquivalenceSchema = z.object({
  column: z.string(),
  /** Null fraction of the sandbox minus production's (+0.05: 5 points more NULLs); null when either side has no statistics */
  nullFractionDelta: z.number().nullable(),
  /**
   * Distinct values of the sandbox over those expected, both as counts (pg_stats' negative n_distinct times the rows);
   * null when either side's count is unknown (no statistics, an all-NULL column, a type without equality)
   */
  distinctRatio: z.number().nullable(),
  /**
   * Share of production's most-common-value mass the sandbox reproduces: per production value the smaller of its
   * frequency there and in the sandbox's most-common values (0 when they lack it), over production's total. For a
   * masked column, whose values the profile does not hold, the frequency shapes are compared rank by rank instead.
   * null when production lists no most-common values (every value distinct, or no statistics).
   */
  mcvOverlap: z.number().min(0).max(1).nullable(),
  /** The column holds personal data: production's values are not in its profile */
  masked: z.literal(true).optional(),
  /** Mean of the column's measures as scores (see score-equivalence.ts); null when none could be measured */
  score: z.number().min(0).max(1).nullable(),
});

export const tableEquivalenceSchema = z.object({
  table: z.string(),
  /** Production's rows × scale in synthetic mode, production's rows otherwise */
  expectedRows: z.number().int().min(0),
  rows: z.number().int().min(0),
  /** rows / expectedRows (1 when both are 0; null when rows were not expected at all) */
  ratio: z.number().nullable(),
  score: z.number().min(0).max(1).nullable(),
  columns: z.array(columnEquivalenceSchema),
});

/** How close the sandbox's data is to production's, measured once after provisioning (ANALYZE of the sandbox vs the profile). */
export const equivalenceSchema = z.object({
  /** Data mode the sandbox was loaded in */
  mode: z.string(),
  /** Rows expected per production row (config data.scale in synthetic mode, else 1) */
  scale: z.number(),
  /** A subset was asked for: fewer rows than production's are by design, and leave the score alone */
  subset: z.boolean(),
  tables: z.array(tableEquivalenceSchema),
  summary: z.object({
    /** 0..1, 1 when the sandbox matches production on every measure (and when there is nothing to compare) */
    score: z.number().min(0).max(1),
    /** Tables and columns compared */
    tables: z.number().int(),
    columns: z.number().int(),
    /** All rows of the sandbox over all rows expected */
    rowsRatio: z.number().nullable(),
    /** Columns with at least one measure off its tolerance */
    columnsOff: z.number().int(),
    /** The measures furthest off their tolerance, worst first, at most five */
    worst: z.array(deviationSchema),
  }),
});

export type Equivalence = z.infer<typeof equivalenceSchema>;
export type TableEquivalence = z.infer<typeof tableEquivalenceSchema>;
export type ColumnEquivalence = z.infer<typeof columnEquivalenceSchema>;
export type Deviation = z.infer<typeof deviationSchema>;
