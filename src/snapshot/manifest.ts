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

export const statsSchema = z.object({
  tables: z.record(
    z.string(),
    z.object({
      rows: z.number().int().min(0),
      /** The table's rows as a gzip-compressed COPY text file, relative to the snapshot directory */
      file: z.string().optional(),
    }),
  ),
});

export type SnapshotStats = z.infer<typeof statsSchema>;

/** The content address of a snapshot: the same files give the same id, on write and when checked on read. */
export function snapshotId(files: Record<string, string>): string {
  const entries = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `snap-${createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16)}`;
}
