import type { Rule } from '../rule.js';

/** One result per smoke check of the policy: the application's own verdict on the database the operation left. */
export const smokeChecks: Rule = ({ smoke }) =>
  (smoke ?? []).map((check) => ({
    id: `smoke:${check.name}`,
    ok: check.ok,
    message: check.ok
      ? `passed in ${(check.durationMs / 1000).toFixed(1)} s`
      : check.timedOut
        ? `stopped after its time limit (${(check.durationMs / 1000).toFixed(0)} s)`
        : `failed: ${check.signal ? `killed by ${check.signal}` : `exit status ${check.exitCode}`}${lastLine(check.output)}`,
  }));

function lastLine(output: string): string {
  const line = output.trim().split('\n').pop()?.trim();
  return line ? `: ${line.slice(0, 200)}` : '';
}
