import type { Table } from '../model.js';
import { quoteIdent, sampleScan, type SamplePlan } from './fetch-sample.js';
import type { CatalogReader } from './user-objects.js';

export interface SampleValuesColumn {
  name: string;
  /** An array: its elements are sampled, not the array's text */
  array: boolean;
  /** json/jsonb: whole documents are sampled, to be walked for keys */
  document: boolean;
}

export interface SampleValuesOptions {
  /** Distinct non-blank values per column */
  values: number;
  /** Characters kept of each value: enough to recognise it, bounded for free text */
  maxLength: number;
  /** Distinct documents per json column, and the largest one read */
  documents: number;
  maxDocumentBytes: number;
}

/**
 * Distinct non-blank values of some columns, as text, from one bounded scan of a table: the evidence PII detection
 * reads. They stay in memory: nothing here is written anywhere.
 */
export async function fetchSampleValues(
  db: CatalogReader,
  table: Table,
  columns: readonly SampleValuesColumn[],
  plan: SamplePlan,
  options: SampleValuesOptions,
): Promise<string[][]> {
  if (columns.length === 0) return [];
  const params: unknown[] = [];
  const scan = sampleScan(table, columns.map((c, i) => `${quoteIdent(c.name)} AS c${i}`).join(', '), plan, params);
  const param = (value: number) => {
    params.push(value);
    return `$${params.length}::int`;
  };
  const selects = columns.map((c, i) => {
    const values = c.array ? `(SELECT unnest(s.c${i}) AS v FROM s)` : `(SELECT s.c${i} AS v FROM s)`;
    return c.document
      ? `ARRAY(SELECT DISTINCT x.v::text FROM ${values} x WHERE x.v IS NOT NULL AND octet_length(x.v::text) <= ${param(options.maxDocumentBytes)} LIMIT ${param(options.documents)}) AS c${i}`
      : `ARRAY(SELECT DISTINCT left(x.v::text, ${param(options.maxLength)}) FROM ${values} x WHERE x.v IS NOT NULL AND btrim(x.v::text) <> '' LIMIT ${param(options.values)}) AS c${i}`;
  });
  const [row] = await db.query<Record<string, string[]>>(`WITH s AS (${scan})\nSELECT ${selects.join(',\n       ')}`, params);
  return columns.map((_, i) => row?.[`c${i}`] ?? []);
}
