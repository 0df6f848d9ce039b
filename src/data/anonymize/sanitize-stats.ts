import type { ColumnProfile, TableProfile } from '../../snapshot/manifest.js';
import { columnKey, type PiiColumn } from './pii-column.js';

export interface SanitizeStatsOptions {
  /** Columns the config marks `keep` (`public.users.country`): their values may stay, as they do in the data */
  keep?: Iterable<string>;
}

/**
 * The profile without a real value of any column that holds, or may hold, personal data: most-common values and
 * histogram bounds are removed, the shape stays (null fraction, distinct count, width, frequencies, bucket count).
 * Fail closed: a column keeps its values only when it was classified and found to be `none`, or is marked `keep`; a
 * column missing from the classification is masked. A partition is judged by its partitioned root's classification.
 * @example await writeFile('stats.json', JSON.stringify(sanitizeStats(profile, pii, { keep: keptColumns(rules) })));
 */
export function sanitizeStats<T extends { tables: Record<string, TableProfile> }>(stats: T, classification: readonly PiiColumn[], options: SanitizeStatsOptions = {}): T {
  const classes = new Map(classification.map((c) => [columnKey(c), c.class]));
  const keep = new Set(options.keep ?? []);
  const tables: Record<string, TableProfile> = {};
  for (const [name, table] of Object.entries(stats.tables)) {
    if (!table.columns) {
      tables[name] = table;
      continue;
    }
    const lineage = ancestry(name, stats.tables);
    const columns: Record<string, ColumnProfile> = {};
    for (const [column, profile] of Object.entries(table.columns)) {
      const keys = lineage.map((t) => columnKey({ table: t, column }));
      const classified = keys.find((key) => classes.has(key));
      const safe = keys.some((key) => keep.has(key)) || (classified !== undefined && classes.get(classified) === 'none');
      columns[column] = safe ? profile : mask(profile);
    }
    tables[name] = { ...table, columns };
  }
  return { ...stats, tables };
}

/** The table and the partitioned tables above it, nearest first. */
function ancestry(name: string, tables: Record<string, TableProfile>): string[] {
  const lineage = [name];
  for (let parent = tables[name]?.partitionOf; parent && !lineage.includes(parent); parent = tables[parent]?.partitionOf) lineage.push(parent);
  return lineage;
}

function mask(profile: ColumnProfile): ColumnProfile {
  const { mostCommon, histogram, ...shape } = profile;
  return {
    ...shape,
    ...(mostCommon ? { mostCommon: { frequencies: mostCommon.frequencies } } : {}),
    ...(histogram ? { histogram: { buckets: histogram.buckets } } : {}),
    masked: true,
  };
}
