import { join } from 'node:path';
import { SandboxError } from '../errors/sandbox-error.js';
import { dataModes, reportFormats, type DataMode, type ReportFormat, type ResolvedConfig } from './config-schema.js';
import { loadConfig, validateConfig } from './load-config.js';

/** Flags shared by the commands that build a sandbox; every one overrides the config file. */
export interface ConfigFlags {
  config?: string;
  source?: string;
  snapshot?: string;
  data?: string;
  /** Synthetic mode's scale factor, as text from the command line */
  scale?: string;
  reportDir?: string;
  format?: string;
  binDir?: string;
}

/**
 * The one place where defaults < sandbox.config.ts < environment < flags are merged. Stages never read
 * `process.env` or flags themselves.
 */
export async function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<ResolvedConfig> {
  if (flags.source && flags.snapshot) throw new SandboxError('USAGE', 'Give either --source or --snapshot, not both.', { stage: 'config' });
  const { path, config } = await loadConfig(flags.config, cwd);
  const mode = flags.data === undefined ? config.data.mode : parseDataMode(flags.data);
  const formats = flags.format === undefined ? config.report.formats : parseFormats(flags.format);
  const sourceUrl = flags.source ?? config.source.url ?? env[config.source.urlEnv] ?? undefined;
  const key = env[config.anonymize.keyEnv];
  const stepSummary = config.report.stepSummary ?? env.GITHUB_STEP_SUMMARY;
  return freeze(withKey({
    ...config,
    data: { ...config.data, mode, ...(flags.scale === undefined ? {} : { scale: parseScale(flags.scale) }) },
    sandbox: {
      ...config.sandbox,
      ...(flags.binDir ? { binDir: flags.binDir } : {}),
      ...(config.sandbox.cacheDir === undefined && env.XDG_CACHE_HOME ? { cacheDir: join(env.XDG_CACHE_HOME, 'sandbox') } : {}),
    },
    report: {
      dir: flags.reportDir ?? config.report.dir,
      formats,
      ...(stepSummary ? { stepSummary } : {}),
    },
    ...(flags.snapshot ? { snapshotDir: flags.snapshot } : sourceUrl ? { sourceUrl } : {}),
    ...(path ? { configPath: path } : {}),
  }, key));
}

/** Attaches the masking key so that it is readable but never enumerated (JSON.stringify, spreads, logs skip it). */
function withKey<T extends object>(config: T, key: string | undefined): T {
  if (key) Object.defineProperty(config, 'anonymizeKey', { value: Buffer.from(key, 'utf8'), enumerable: false });
  return config;
}

/** For library users who build a config in code: validates it like a file and resolves it the same way. */
export function configFromObject(raw: unknown, extra: { sourceUrl?: string; snapshotDir?: string; anonymizeKey?: string } = {}): ResolvedConfig {
  const { anonymizeKey, ...rest } = extra;
  return freeze(withKey({ ...validateConfig(raw, '(config object)'), ...rest }, anonymizeKey));
}

function parseDataMode(value: string): DataMode {
  if ((dataModes as readonly string[]).includes(value)) return value as DataMode;
  throw new SandboxError('USAGE', `--data must be one of ${dataModes.join(', ')}; got "${value}".`, { stage: 'config' });
}

function parseScale(value: string): number {
  const scale = Number(value);
  if (Number.isFinite(scale) && scale > 0 && scale <= 100) return scale;
  throw new SandboxError('USAGE', `--scale must be a number above 0 and at most 100 (1: production's size, 0.1: a tenth); got "${value}".`, { stage: 'config' });
}

function parseFormats(value: string): ReportFormat[] {
  const formats = value.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(reportFormats as readonly string[]).includes(f));
  if (unknown.length > 0) {
    throw new SandboxError('USAGE', `--format: unknown format ${unknown.map((f) => `"${f}"`).join(', ')}; available: ${reportFormats.join(', ')}.`, { stage: 'config' });
  }
  return formats as ReportFormat[];
}

function freeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) if (child && typeof child === 'object' && !Object.isFrozen(child)) freeze(child);
  return Object.freeze(value);
}
