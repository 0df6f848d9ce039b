import { relative } from 'node:path';
import type { ConfigFlags } from '../../config/resolve-config.js';
import { exitCodeFor, type ExitCode } from '../exit-code.js';
import type { Output } from '../output.js';

export type ReplayFlags = ConfigFlags;

/** `sandbox replay OP.sql…`: flags in, one library call, reports out, an exit code back. */
export async function replayCommand(ops: string[], flags: ReplayFlags, out: Output): Promise<ExitCode> {
  const [{ resolveConfig }, { readOperation }, { replay }, { writeReports }, { renderTerminal }] = await Promise.all([
    import('../../config/resolve-config.js'),
    import('../../pipeline/operation.js'),
    import('../../pipeline/replay.js'),
    import('../../report/write-reports.js'),
    import('../../report/render/terminal.js'),
  ]);
  const config = await resolveConfig(flags);
  const operation = await readOperation(ops);
  const report = await replay(operation, config, { progress: out.progress });
  const files = await writeReports(report, config.report.dir, config.report.formats, config.report.stepSummary);
  if (config.report.formats.includes('terminal')) out.result(renderTerminal(report, files.map((f) => relative(process.cwd(), f) || f)));
  return exitCodeFor(report);
}
