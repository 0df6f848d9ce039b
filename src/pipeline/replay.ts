import { performance } from 'node:perf_hooks';
import type { ResolvedConfig } from '../config/config-schema.js';
import { parseOperation } from '../replay/parse-sql.js';
import type { Report } from '../report/report-schema.js';
import { buildReport, noFacts, noRun } from './build-report.js';
import type { Operation } from './operation.js';
import { ReplaySession } from './replay-session.js';
import { stageError } from './stage-error.js';

export interface ReplayOptions {
  /** Progress lines (provisioning, loading, diffing); the CLI sends them to stderr. */
  progress?: (line: string) => void;
}

/**
 * Clones the source into a fresh sandbox, replays the operation there, diffs and gates it. Never throws for a
 * problem in a stage: that becomes `report.errors` and a failing verdict (fail closed); the sandbox is always
 * removed before it returns. For several operations from one sandbox, see ReplaySession.
 * @example const report = await replay(await readOperation(['op.sql']), await resolveConfig({ data: 'copy' }));
 */
export async function replay(operation: Operation, config: ResolvedConfig, options: ReplayOptions = {}): Promise<Report> {
  const started = performance.now();
  try {
    // unparsable SQL is known before anything is provisioned
    if (operation.kind === 'sql') await parseOperation(operation.files);
  } catch (error) {
    return buildReport(operation, config, noFacts(config), noRun(), [stageError(error, 'parse', undefined, config)], started);
  }
  const report = await (async () => {
    await using session = await ReplaySession.open(config, options);
    return await session.replay(operation);
  })();
  // the whole run, provisioning included, as a single replay has always reported
  return { ...report, durationMs: Math.round(performance.now() - started) };
}
