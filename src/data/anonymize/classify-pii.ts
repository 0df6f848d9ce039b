import type { Column, SchemaModel, Table } from '../../source/model.js';
import { planSample } from '../../source/queries/fetch-sample.js';
import { fetchSampleValues, type SampleValuesColumn } from '../../source/queries/fetch-sample-values.js';
import { fetchStatsColumns, type StatsColumnRow } from '../../source/queries/fetch-stats-columns.js';
import { fetchStatsTables } from '../../source/queries/fetch-stats-tables.js';
import type { CatalogReader } from '../../source/queries/user-objects.js';
import { combineDetections } from './combine-detections.js';
import { detectByName, type ValueKind } from './detect-by-name.js';
import { detectByValues, loadNameLists, type NameLists } from './detect-by-values.js';
import { detectJsonPaths } from './detect-json-paths.js';
import type { PiiColumn } from './pii-column.js';

export type { PiiClass, PiiColumn, PiiJsonPath, PiiPart, RuleName } from './pii-column.js';

export interface ClassifyPiiOptions {
  /** Rows scanned per table (TABLESAMPLE SYSTEM on a larger one): the bound on what detection reads. Default 5,000 */
  scanRows?: number;
  /** Distinct non-blank values looked at per column. Default 200 */
  sampleValues?: number;
  /** Distinct documents looked at per json/jsonb column, and the largest one read (bytes). Defaults 100 and 64 KiB */
  sampleDocuments?: number;
  maxDocumentBytes?: number;
  /** Share of sampled values that must match a class for the values to decide it. Default 0.5 */
  threshold?: number;
  /** TABLESAMPLE REPEATABLE seed. Default 0 */
  seed?: number;
  progress?: (line: string) => void;
}

// columns whose values are sampled, by the kind of their type (or their elements')
const sampledKinds: ReadonlySet<ValueKind> = new Set(['string', 'number', 'network', 'json']);

/**
 * Classifies every column of the source as personal data or not, by its name and by a bounded sample of its values
 * read through the read-only handle: emails, phones, names, addresses, IPs, card numbers (Luhn), national ids,
 * secrets, free text, birth dates, and PII-looking paths inside json. A partitioned table is classified once, for
 * all its partitions. The sampled values stay in memory; the result names classes and reasons, never a value.
 * @example const pii = await classifyPii(source, model); const missing = unruledPii(pii, config.anonymize.rules);
 */
export async function classifyPii(source: CatalogReader, model: SchemaModel, options: ClassifyPiiOptions = {}): Promise<PiiColumn[]> {
  const settings = {
    scanRows: options.scanRows ?? 5_000,
    sampleValues: options.sampleValues ?? 200,
    sampleDocuments: options.sampleDocuments ?? 100,
    maxDocumentBytes: options.maxDocumentBytes ?? 65_536,
    threshold: options.threshold ?? 0.5,
    seed: options.seed ?? 0,
  };
  const names = await loadNameLists();
  const types = new Map((await fetchStatsColumns(source)).map((row) => [`${row.table_display}.${row.column}`, row]));
  const sizes = new Map((await fetchStatsTables(source)).map((row) => [row.table_display, row.estimated_rows]));
  const result: PiiColumn[] = [];
  // partitions hold the rows, but their columns are their root's: one classification (and one rule) for all
  for (const table of model.tables.filter((t) => !t.partitionOf)) {
    const columns = table.columns.map((column) => ({ column, ...kindOf(types.get(`${table.display}.${column.name}`)) }));
    const sampled = columns.filter((c) => sampledKinds.has(c.kind));
    const plan = planSample(sizes.get(table.display), settings.scanRows, settings.seed);
    const values = await fetchSampleValues(
      source,
      table,
      sampled.map((c): SampleValuesColumn => ({ name: c.column.name, array: c.array, document: c.kind === 'json' })),
      plan,
      { values: settings.sampleValues, maxLength: 256, documents: settings.sampleDocuments, maxDocumentBytes: settings.maxDocumentBytes },
    );
    const samples = new Map(sampled.map((c, i) => [c.column.name, values[i] ?? []]));
    for (const { column, kind } of columns) {
      result.push(classifyColumn(table, column, kind, samples.get(column.name), names, settings.threshold));
    }
    options.progress?.(`pii: ${table.display} (${sampled.length} of ${columns.length} columns sampled)`);
  }
  return result;
}

function classifyColumn(table: Table, column: Column, kind: ValueKind, values: readonly string[] | undefined, names: NameLists, threshold: number): PiiColumn {
  const base = { table: table.display, column: column.name, type: column.type, sampled: values?.length ?? 0, ...(column.generated ? { generated: true as const } : {}) };
  const byName = detectByName(column.name, table.display, kind);
  const subject = `name "${column.name}"`;
  if (kind === 'json') {
    const paths = detectJsonPaths(values ?? [], table.display, names, threshold);
    const name = byName && byName.class !== 'none' ? byName : undefined;
    if (paths.length > 0) {
      const byValues = paths.some((p) => p.by !== 'name');
      const byKeys = paths.some((p) => p.by !== 'values');
      return {
        ...base,
        class: 'json',
        confidence: Math.max(...paths.map((p) => p.confidence)),
        by: byValues && byKeys ? 'both' : byValues ? 'values' : 'name',
        suggestedRule: 'json-path',
        reason: `${paths.length} path${paths.length === 1 ? '' : 's'} with personal data in ${base.sampled} sampled documents: ${paths.map((p) => `${p.path} ${p.class}`).join(', ')}`,
        paths,
      };
    }
    if (name) {
      // the name says personal, the documents do not show where: the whole document has to go
      return {
        ...base,
        class: 'json',
        confidence: name.confidence,
        by: 'name',
        suggestedRule: column.notNull ? 'constant' : 'null',
        reason: `${subject} matches the ${name.class} pattern${name.matched ? ` ("${name.matched}")` : ''}, but no path in ${base.sampled} sampled documents shows where`,
        paths: [],
      };
    }
    return { ...base, class: 'none', confidence: 1, by: base.sampled > 0 ? 'both' : 'name', suggestedRule: 'keep', reason: `no personal key or value in ${base.sampled} sampled documents` };
  }
  if (kind === 'words') {
    return { ...base, class: 'free-text', confidence: 0.8, by: 'values', suggestedRule: 'free-text', reason: `a ${column.type} holds the words of a text` };
  }
  const byValues = values ? detectByValues(values, kind, names, threshold) : undefined;
  const detection = combineDetections(byName, byValues, kind, subject);
  if (detection.class === 'none') {
    const reason = values ? (values.length > 0 ? `nothing personal by name or in ${values.length} sampled values` : 'nothing personal by name; no values to sample') : `nothing personal by name (${kind} values are not sampled)`;
    return { ...base, ...detection, by: values && values.length > 0 ? 'both' : 'name', reason };
  }
  return { ...base, ...detection };
}

/** The kind of a column's values, from its base type (under domains) or its array's element type. */
function kindOf(row: StatsColumnRow | undefined): { kind: ValueKind; array: boolean } {
  if (!row) return { kind: 'other', array: false };
  const array = row.category === 'A' && row.element_type !== null;
  const type = array ? row.element_type! : row.base_type;
  const category = array ? row.element_category! : row.category;
  if (type === 'json' || type === 'jsonb') return { kind: 'json', array };
  if (type === 'uuid') return { kind: 'uuid', array };
  if (type === 'bytea') return { kind: 'bytes', array };
  if (type === 'tsvector') return { kind: 'words', array };
  if (type === 'xml') return { kind: 'string', array };
  if (type === 'inet' || type === 'cidr') return { kind: 'network', array };
  if (type === 'money') return { kind: 'other', array };
  switch (category) {
    case 'S':
      return { kind: 'string', array };
    case 'N':
      return { kind: 'number', array };
    case 'D':
      return { kind: 'date', array };
    default:
      return { kind: 'other', array };
  }
}
