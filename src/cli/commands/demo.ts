import { join, relative } from 'node:path';
import type { ConfigFlags } from '../../config/resolve-config.js';
import { exitCodeFor, type ExitCode } from '../exit-code.js';
import type { Output } from '../output.js';

/**
 * `sandbox demo`: a sample production on an embedded PostgreSQL, an agent's dangerous clean-up that the gate stops,
 * and the scoped version that passes. Exit 0 when the gate behaved so; 2 when the demo itself could not run.
 */
export async function demoCommand(flags: Pick<ConfigFlags, 'reportDir' | 'binDir'>, out: Output): Promise<ExitCode> {
  const [{ configFromObject }, { demoConfig }, { startDemoProduction }, { readOperation }, { replay }, { writeReports }, { renderTerminal }, { templatePath }] = await Promise.all([
    import('../../config/resolve-config.js'),
    import('../../demo/demo-config.js'),
    import('../../demo/demo-production.js'),
    import('../../pipeline/operation.js'),
    import('../../pipeline/replay.js'),
    import('../../report/write-reports.js'),
    import('../../report/render/terminal.js'),
    import('../../package-root.js'),
  ]);
  const reportRoot = flags.reportDir ?? 'sandbox-report';
  await using production = await startDemoProduction(out.progress, flags.binDir);
  const config = configFromObject({ ...demoConfig, ...(flags.binDir ? { sandbox: { binDir: flags.binDir } } : {}) }, { sourceUrl: production.readerUrl });
  const cases = [
    { title: 'An agent was asked to "remove users who haven\'t logged in for 90 days" and wrote:', file: 'remove-inactive-users.sql', dir: 'unscoped', expect: 1 },
    { title: 'The same request, properly scoped (human users, inactive, without orders):', file: 'remove-inactive-users-scoped.sql', dir: 'scoped', expect: 0 },
  ] as const;
  const codes: ExitCode[] = [];
  for (const c of cases) {
    const opPath = relative(process.cwd(), templatePath('demo', 'ops', c.file)) || c.file;
    const report = await replay(await readOperation([opPath]), config, { progress: out.progress });
    const files = await writeReports(report, join(reportRoot, 'demo', c.dir), ['json', 'md']);
    const code = exitCodeFor(report);
    codes.push(code);
    out.result(`\n=== ${c.title}\n    ${report.operation.statements.map((s) => s.sql.replace(/\s+/g, ' ')).join('; ')}\n`);
    out.result(renderTerminal(report, files.map((f) => relative(process.cwd(), f)), { colour: out.colour }));
    out.result(`(sandbox replay would exit ${code})`);
  }
  const asExpected = codes[0] === cases[0].expect && codes[1] === cases[1].expect;
  out.result(asExpected ? `\nThe gate stopped the unscoped operation and let the scoped one through. Reports: ${join(reportRoot, 'demo')}/` : '\nThe demo did not behave as expected: see the reports above.');
  return asExpected ? 0 : 2;
}
