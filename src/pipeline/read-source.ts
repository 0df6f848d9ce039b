import type { ResolvedConfig } from '../config/config-schema.js';
import { assertDataModeUsable } from '../data/data-source.js';
import { redactUrl } from '../errors/redact.js';
import { SandboxError } from '../errors/sandbox-error.js';
import { connectReadOnly, type ReadOnlySource } from '../source/connect-read-only.js';
import { introspect } from '../source/introspect.js';
import type { SchemaModel } from '../source/model.js';
import { prepareMasking, type Masking } from './prepare-masking.js';

export interface SourceRead {
  /** Still open: the caller streams the rows from it, then disposes it */
  source: ReadOnlySource;
  model: SchemaModel;
  /** In anonymized mode: the checked rules and every column's PII class */
  masking?: Masking;
}

/**
 * The steps every reader of production takes, in this order: refuse an unusable data mode or a missing source before
 * connecting, open the read-only snapshot, read the schema, and in anonymized mode stop on PII without a rule.
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
    const masking = config.data.mode === 'anonymized' ? await prepareMasking(source, model, config, progress) : undefined;
    return { source, model, ...(masking ? { masking } : {}) };
  } catch (error) {
    await source[Symbol.asyncDispose]();
    throw error;
  }
}
