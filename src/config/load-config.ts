import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { SandboxError } from '../errors/sandbox-error.js';
import { configSchema, type UserConfig } from './config-schema.js';
import { formatIssues } from './format-issues.js';

export const defaultConfigFile = 'sandbox.config.ts';

export interface LoadedConfig {
  path?: string;
  config: ReturnType<typeof configSchema.parse>;
}

/**
 * Loads and validates `sandbox.config.ts` (or `explicitPath`). A missing default file means defaults;
 * a missing explicit file is an error. `import … from 'sandbox'` inside the file resolves to this package.
 */
export async function loadConfig(explicitPath: string | undefined, cwd = process.cwd()): Promise<LoadedConfig> {
  const path = explicitPath ? resolve(cwd, explicitPath) : resolve(cwd, defaultConfigFile);
  if (!existsSync(path)) {
    if (explicitPath) throw new SandboxError('CONFIG_NOT_FOUND', `Config file ${path} does not exist.`, { stage: 'config' });
    return { config: validateConfig({}, '(defaults)') };
  }
  const raw = await importConfigFile(path);
  return { path, config: validateConfig(raw, path) };
}

/** Validates a config object; every problem is one line under the file's name in a single CONFIG_INVALID. */
export function validateConfig(raw: unknown, origin: string): ReturnType<typeof configSchema.parse> {
  const result = configSchema.safeParse(raw ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const lines = formatIssues(result.error.issues).map((line) => `  ${line}`);
  throw new SandboxError('CONFIG_INVALID', `Invalid config in ${origin}:\n${lines.join('\n')}`, { stage: 'config' });
}

async function importConfigFile(path: string): Promise<UserConfig> {
  const packageIndex = fileURLToPath(new URL('../index.js', import.meta.url));
  const jiti = createJiti(import.meta.url, { alias: { sandbox: packageIndex }, moduleCache: false, fsCache: false });
  try {
    return (await jiti.import(path, { default: true })) as UserConfig;
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new SandboxError('CONFIG_INVALID', `Could not load ${path}: ${message}`, {
      stage: 'config',
      cause,
      hint: 'The file must `export default defineConfig({...})` and compile as TypeScript.',
    });
  }
}
