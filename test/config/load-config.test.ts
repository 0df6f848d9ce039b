import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../src/config/load-config.js';
import { resolveConfig } from '../../src/config/resolve-config.js';
import { SandboxError } from '../../src/errors/sandbox-error.js';
import { tempDir } from '../helpers/temp-dir.js';

function configError(fn: () => unknown): SandboxError {
  try {
    fn();
  } catch (error) {
    if (error instanceof SandboxError) return error;
    throw error;
  }
  throw new Error('expected a SandboxError');
}

describe('validateConfig', () => {
  it('names the path, the expected type and the value found', () => {
    const error = configError(() => validateConfig({ policy: { maxRowsDeleted: { default: 'lots' } } }, 'sandbox.config.ts'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatchInlineSnapshot(`
      "Invalid config in sandbox.config.ts:
        policy.maxRowsDeleted.default: expected a number, got "lots""
    `);
  });

  it('reports every problem on its own line, typos included', () => {
    const error = configError(() =>
      validateConfig({ polcy: {}, data: { mode: 'everything' }, invariants: [{ name: 'x' }], policy: { maxFractionChanged: { default: 2 } } }, 'c.ts'),
    );
    expect(error.message.split('\n').slice(1)).toEqual([
      '  data.mode: expected one of "synthetic", "anonymized", "copy", got "everything"',
      '  policy.maxFractionChanged.default: expected at most 1, got 2',
      '  invariants[0].sql: expected a string, got nothing',
      '  (config): unknown key "polcy" (a typo?)',
    ]);
  });

  it('fills in defaults for an empty config', () => {
    const config = validateConfig({}, '(defaults)');
    expect(config.data.mode).toBe('synthetic');
    expect(config.policy.requireWhere).toBe(true);
    expect(config.report.formats).toEqual(['terminal', 'md', 'json']);
  });
});

describe('loadConfig', () => {
  it('loads a TypeScript config that imports defineConfig from the package', async () => {
    await using temp = await tempDir('sandbox-config');
    const dir = temp.path;
    await writeFile(
      join(dir, 'sandbox.config.ts'),
      "import { defineConfig } from 'sandbox';\nconst limit: number = 7;\nexport default defineConfig({ policy: { maxRowsDeleted: { default: limit } } });\n",
    );
    const { path, config } = await loadConfig(undefined, dir);
    expect(path).toBe(join(dir, 'sandbox.config.ts'));
    expect(config.policy.maxRowsDeleted?.default).toBe(7);
  });

  it('uses defaults when there is no config file, but refuses a missing --config file', async () => {
    await using temp = await tempDir('sandbox-config');
    const dir = temp.path;
    expect((await loadConfig(undefined, dir)).path).toBeUndefined();
    await expect(loadConfig('nope.ts', dir)).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
  });

  it('reports a config file that does not compile as CONFIG_INVALID', async () => {
    await using temp = await tempDir('sandbox-config');
    const dir = temp.path;
    await writeFile(join(dir, 'sandbox.config.ts'), 'export default {{{;\n');
    await expect(loadConfig(undefined, dir)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('resolveConfig', () => {
  it('lets flags override the environment, and the environment fill in the source', async () => {
    await using temp = await tempDir('sandbox-config');
    const dir = temp.path;
    await writeFile(join(dir, 'sandbox.config.ts'), "export default { data: { mode: 'anonymized' }, source: { urlEnv: 'PROD_URL' } };\n");
    const fromEnv = await resolveConfig({}, { PROD_URL: 'postgres://a@h/db' }, dir);
    expect(fromEnv.sourceUrl).toBe('postgres://a@h/db');
    expect(fromEnv.data.mode).toBe('anonymized');
    const fromFlags = await resolveConfig({ source: 'postgres://b@h/db', data: 'copy', format: 'json,md' }, { PROD_URL: 'postgres://a@h/db' }, dir);
    expect(fromFlags.sourceUrl).toBe('postgres://b@h/db');
    expect(fromFlags.data.mode).toBe('copy');
    expect(fromFlags.report.formats).toEqual(['json', 'md']);
    expect(Object.isFrozen(fromFlags.policy)).toBe(true);
  });

  it('rejects an unknown data mode or report format as a usage error', async () => {
    await using temp = await tempDir('sandbox-config');
    const dir = temp.path;
    await expect(resolveConfig({ data: 'everything' }, {}, dir)).rejects.toMatchObject({ code: 'USAGE' });
    await expect(resolveConfig({ format: 'pdf' }, {}, dir)).rejects.toMatchObject({ code: 'USAGE' });
  });
});
