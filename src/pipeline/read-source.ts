import type { ResolvedConfig } from '../config/config-schema.js';
import { assertDataModeUsable } from '../data/data-source.js';
import { redactUrl } from '../errors/redact.js';
import { SandboxError } from '../errors/sandbox-error.js';
import { connectReadOnly, type ReadOnlySource } from '../source/connect-read-only.js';
import { introspect } from '../source/introspect.js';
import type { SchemaModel } from '../source/model.js';
import { classifyPii } from '../data/anonymize/classify-pii.js';
import type { PiiColumn } from '../data/anonymize/pii-column.js';
import type { CatalogReader } from '../source/queries/user-objects.js';
import { prepareMasking, type Masking } from './prepare-masking.js';
import { planSubset, type SubsetPlan } from '../data/subset/plan-subset.js';
import { resolveSubset } from '../data/subset/resolve-subset.js';

export interface SourceRead {
  /** Still open: the caller streams the rows from it, then disposes it */
  source: ReadOnlySource;
  model: SchemaModel;
  /** In anonymized mode: the checked rules and every column's PII class */
  masking?: Masking;
  /** With data.subset: the rows to copy, by key (synthetic mode reads no row, so it ignores data.subset) */
  subset?: SubsetPlan;
  /** Every column's PII class (anonymized and synthetic modes): PII values must not reach the profile either */
  pii?: PiiColumn[];
}

/**
 * The steps every reader of production takes, in this order: refuse an unusable data mode or a missing source before
 * connecting, open the read-only snapshot, read the schema, check data.subset's tables, in anonymized mode stop on PII
 * without a rule, and pick the subset's rows (keys only).
 * The source is closed again if any of it fails.
 */
export async function readSource(
  config: ResolvedConfig,
  progress: (line: string) => void,
  missingSource: string,
  /** Last checks of the caller's own, still before production is contacted */
  beforeConnect: () => Promise<void> = async () => undefined,
): Promise<SourceRead> {
  assertDataModeUsable(config);
  if (!config.sourceUrl) throw new SandboxError('SOURCE_MISSING', missingSource, { stage: 'config' });
  await beforeConnect();
  progress(`reading the source (read-only): ${redactUrl(config.sourceUrl)}`);
  const source = await connectReadOnly(config.sourceUrl);
  try {
    const model = await introspect(source, source);
    const readsRows = config.data.mode !== 'synthetic';
    if (config.data.subset && !readsRows) progress('subset: data.subset is ignored in synthetic mode, which reads no row of production (data.scale sets the size)');
    const subsetTargets = config.data.subset && readsRows ? resolveSubset(model, config.data.subset) : undefined;
    const masking = config.data.mode === 'anonymized' ? await prepareMasking(source, model, config, progress) : undefined;
    const subset = subsetTargets ? await planSubset(source, model, subsetTargets, { seed: config.data.seed, progress }) : undefined;
    const pii = masking?.columns ?? (config.data.mode === 'synthetic' ? await classifySynthetic(source, model, progress) : undefined);
    return { source, model, ...(masking ? { masking } : {}), ...(subset ? { subset } : {}), ...(pii ? { pii } : {}) };
  } catch (error) {
    await source[Symbol.asyncDispose]();
    throw error;
  }
}

/** Synthetic data needs no rules, only to know which columns' statistics hold personal data (they keep their shape only). */
async function classifySynthetic(source: CatalogReader, model: SchemaModel, progress: (line: string) => void): Promise<PiiColumn[]> {
  progress('looking for personal data (column names and a bounded sample of values), to keep it out of the profile');
  return classifyPii(source, model, { progress });
}
