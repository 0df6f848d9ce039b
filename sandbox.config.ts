// Configuration of `sandbox` for this repository. `sandbox init` writes a commented one like it for your project.
import { defineConfig } from 'sandbox';

export default defineConfig({
  // production, through a read-only role; prefer the environment variable so no password sits in the repo
  source: { urlEnv: 'DATABASE_URL' },
  // synthetic (the default) and anonymized are safe for real production; copy moves every row unmasked
  data: { mode: 'synthetic', seed: 1 },
  policy: {
    maxRowsDeleted: { default: 1000, tables: {} },
    maxFractionChanged: { default: 0.1 },
    forbid: ['TRUNCATE', 'DROP TABLE'],
    requireWhere: true,
  },
  invariants: [],
  report: { dir: 'sandbox-report', formats: ['terminal', 'md', 'json'] },
});
