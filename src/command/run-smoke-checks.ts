import type { SmokeConfig } from '../config/config-schema.js';
import { redactText, secretsOf } from '../errors/redact.js';
import type { SmokeResult } from '../report/report-schema.js';
import { commandEnv } from './command-env.js';
import { prepareOperationRole } from './operation-role.js';
import { runCommand } from './run-command.js';

/**
 * Runs the application's smoke checks against the sandbox after the operation, one after the other, each with the
 * sandbox's DATABASE_URL and its own time limit. A check passes on exit status 0. One that cannot be started is a
 * broken config, not a finding: it throws, and the gate cannot judge.
 */
export async function runSmokeChecks(sandboxUrl: string, checks: readonly SmokeConfig[], options: { progress: (line: string) => void; secrets: readonly string[] }): Promise<SmokeResult[]> {
  if (checks.length === 0) return [];
  const url = await prepareOperationRole(sandboxUrl);
  const secrets = [...secretsOf(url), ...secretsOf(sandboxUrl), ...options.secrets];
  const mask = (text: string) => redactText(text, secrets);
  const results: SmokeResult[] = [];
  for (const check of checks) {
    options.progress(`smoke check ${check.name}: ${mask(check.command.join(' '))}`);
    const run = await runCommand({ argv: check.command, env: commandEnv(process.env, url), timeLimitMs: check.timeoutSeconds * 1000, onLine: (line) => options.progress(`  │ ${mask(line)}`) });
    results.push({
      name: check.name,
      argv: check.command.map(mask),
      ok: run.exitCode === 0 && !run.timedOut,
      exitCode: run.exitCode,
      signal: run.signal,
      timedOut: run.timedOut,
      output: mask(run.output),
      truncated: run.truncated,
      durationMs: run.durationMs,
    });
  }
  return results;
}
