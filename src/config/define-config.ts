import type { UserConfig } from './config-schema.js';

/**
 * Identity function that gives `sandbox.config.ts` editor completion and type checking.
 * @example export default defineConfig({ policy: { maxRowsDeleted: { default: 100 } } })
 */
export const defineConfig = (config: UserConfig): UserConfig => config;
