import { basename, extname, join, relative } from 'node:path';
import type { ConfigFlags } from '../../config/resolve-config.js';
import type { Report } from '../../report/report-schema.js';
import { exitCodeFor, worstExitCode, type ExitCode } from '../exit-code.js';
import type { Output } from '../output.js';

export interface ReplayFlags extends ConfigFlags {
  /** Every file is an operation of its own, each from the same baseline of one sandbox */
  each?: boolean;
}

/** `sandbox replay OP.sql…` or `sandbox replay -- CMD…`: flags in, one library call, reports out, an exit code back. */
export async function replayCommand(ops: string[], flags: ReplayFlags, out: Output, commandArgv?: readonly string[]): Promise<ExitCode> {
  const [{ resolveConfig }, { readOperation, commandOperation }, { replay }, { ReplaySession }, { writeReports }, { renderTerminal }] = await Promise.all([
    import('../../config/resolve-config.js'),
    import('../../pipeline/operation.js'),
    import('../../pipeline/replay.js'),
    import('../../pipeline/replay-session.js'),
    import('../../report/write-reports.js'),
    import('../../report/render/terminal.js'),
  ]);
  if (commandArgv !== undefined && (ops.length > 0 || flags.each)) {
    const { SandboxError } = await import('../../errors/sandbox-error.js');
    throw new SandboxError('USAGE', `Replay either SQL files or a command after --, not both (got ${ops.join(', ')}${flags.each ? ' and --each' : ''}).`);
  }
  const config = await resolveConfig(flags);
  const publish = async (report: Report, dir: string): Promise<ExitCode> => {
    const files = await writeReports(report, dir, config.report.formats, config.report.stepSummary);
    if (config.report.formats.includes('terminal')) out.result(renderTerminal(report, files.map((f) => relative(process.cwd(), f) || f), { colour: out.colour }));
    return exitCodeFor(report);
  };
  if (commandArgv !== undefined) return publish(await replay(commandOperation(commandArgv), config, { progress: out.progress }), config.report.dir);
  if (!flags.each) return publish(await replay(await readOperation(ops), config, { progress: out.progress }), config.report.dir);

  // every file is read before the sandbox is provisioned: a missing one is known at once
  const operations = await Promise.all(ops.map((op) => readOperation([op])));
  if (operations.length === 0) return publish(await replay(await readOperation([]), config, { progress: out.progress }), config.report.dir);
  const dirs = reportDirs(ops, config.report.dir);
  await using session = await ReplaySession.open(config, { progress: out.progress, reusable: operations.length > 1 });
  const codes: ExitCode[] = [];
  for (const [i, operation] of operations.entries()) {
    out.progress(`operation ${i + 1} of ${operations.length}: ${ops[i]}`);
    codes.push(await publish(await session.replay(operation), dirs[i]!));
  }
  return worstExitCode(codes);
}

/** One report directory per file, named after it; files of the same name elsewhere get -2, -3… */
function reportDirs(ops: readonly string[], root: string): string[] {
  const seen = new Map<string, number>();
  return ops.map((op) => {
    const name = basename(op, extname(op)) || 'operation';
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return join(root, n === 1 ? name : `${name}-${n}`);
  });
}
