import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Bump when a reader of the previous format could misread the new one. */
export const snapshotFormat = 1;

export const manifestSchema = z.object({
  format: z.literal(snapshotFormat),
  /** Content address: derived from the hashes of every file, so the same content has the same id */
  id: z.string(),
  createdAt: z.string(),
  tool: z.object({ name: z.literal('sandbox'), version: z.string() }),
  source: z.object({ serverVersion: z.string(), serverVersionNum: z.number().int(), database: z.string() }),
  data: z.object({ mode: z.enum(['synthetic', 'anonymized', 'copy']), seed: z.number().int() }),
  /** sha256 of every other file of the snapshot, by path relative to the snapshot directory */
  files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});

export type Manifest = z.infer<typeof manifestSchema>;

/**
 * One column's value distribution, in pg_stats terms so that a generator (or a person) can read it as PostgreSQL's
 * own statistics. Values are text in the column type's output format. Of a PII column only the shape is kept:
 * `masked` is set and the values of `mostCommon` and `histogram` are gone.
 */
export const columnProfileSchema = z.object({
  /** `pg_stats`: the server's statistics from its last ANALYZE; `sample`: a bounded sample read by this tool */
  source: z.enum(['pg_stats', 'sample']),
  /** The sample was the whole table, so the numbers are counts, not estimates */
  exact: z.boolean(),
  /** Fraction of rows that are NULL */
  nullFraction: z.number().min(0).max(1),
  /** As pg_stats.n_distinct: > 0 the number of distinct values, < 0 minus their fraction of the rows (-1: unique), 0 unknown */
  distinct: z.number(),
  /** Average width in bytes of the non-null values */
  averageWidth: z.number().min(0),
  /** The most common values and their frequencies (fractions of all rows, NULLs included), most common first */
  mostCommon: z.object({ values: z.array(z.string()).optional(), frequencies: z.array(z.number().min(0).max(1)) }).optional(),
  /** Bounds of equal-population buckets over the non-null values that are not in mostCommon, ascending */
  histogram: z.object({ bounds: z.array(z.string()).optional(), buckets: z.number().int().min(1) }).optional(),
  /** The column holds (or may hold) personal data: its values were removed, its shape kept */
  masked: z.literal(true).optional(),
});

export type ColumnProfile = z.infer<typeof columnProfileSchema>;

export const tableProfileSchema = z.object({
  rows: z.number().int().min(0),
  /** The table's rows as a gzip-compressed COPY text file, relative to the snapshot directory */
  file: z.string().optional(),
  /** rows was counted; false: estimated (pg_class.reltuples scaled to the table's current size, or a bounded count) */
  exact: z.boolean().optional(),
  /** The partitioned table this one is a partition of; a partitioned table's rows are the sum of its partitions' */
  partitionOf: z.string().optional(),
  /** Rows read by the bounded sample behind the columns that had no pg_stats entry */
  sampledRows: z.number().int().min(0).optional(),
  /** With data.subset: the rows the data file holds (then `rows` stays production's count) */
  subsetRows: z.number().int().min(0).optional(),
  /** By column name; absent for partitioned tables, whose rows live in (and are profiled with) their partitions */
  columns: z.record(z.string(), columnProfileSchema).optional(),
});

export type TableProfile = z.infer<typeof tableProfileSchema>;

/** Children per parent along one foreign key: the skew a generator must reproduce (a few customers, most orders). */
export const foreignKeyFanoutSchema = z.object({
  /** `public.orders.orders_customer_id_fkey`, as the schema model names constraints */
  name: z.string(),
  /** The referencing (child) table and its key columns */
  table: z.string(),
  columns: z.array(z.string()).min(1),
  /** The referenced (parent) table and its columns */
  references: z.string(),
  referencedColumns: z.array(z.string()).min(1),
  /** Counted over the whole child table; false: scaled up from a bounded sample */
  exact: z.boolean(),
  /** Fraction of child rows whose key has a NULL, so that they reference no parent */
  nullFraction: z.number().min(0).max(1),
  /** Parents with at least one child */
  referencedParents: z.number().int().min(0),
  /** Parent rows with no child: the parent's rows minus referencedParents */
  childlessParents: z.number().int().min(0),
  /** Children per referenced parent */
  min: z.number().int().min(0),
  max: z.number().int().min(0),
  mean: z.number().min(0),
  quantiles: z.object({ p50: z.number().int().min(0), p90: z.number().int().min(0), p99: z.number().int().min(0) }),
});

export type ForeignKeyFanout = z.infer<typeof foreignKeyFanoutSchema>;

/** Why rows of a table are in a subset: picked as a root, referenced by a picked row, or referencing one */
export const subsetReasons = ['root', 'parent', 'child'] as const;
export type SubsetReason = (typeof subsetReasons)[number];

/**
 * What data.subset picked, per table (a partitioned table stands for its partitions); tables it did not reach hold no
 * rows. Counts only: no key and no WHERE condition of the config (which may hold a real value) is kept.
 */
export const subsetSummarySchema = z.object({
  tables: z.record(z.string(), z.object({ rows: z.number().int().min(0), productionRows: z.number().int().min(0), via: z.array(z.enum(subsetReasons)) })),
});

export type SubsetSummary = z.infer<typeof subsetSummarySchema>;

export const statsSchema = z.object({
  tables: z.record(z.string(), tableProfileSchema),
  foreignKeys: z.array(foreignKeyFanoutSchema).optional(),
  /** Present when the snapshot holds a subset of production's rows */
  subset: subsetSummarySchema.optional(),
});

export type SnapshotStats = z.infer<typeof statsSchema>;

/** The content address of a snapshot: the same files give the same id, on write and when checked on read. */
export function snapshotId(files: Record<string, string>): string {
  const entries = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `snap-${createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16)}`;
}
