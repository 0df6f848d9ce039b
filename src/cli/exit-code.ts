import type { Report } from '../report/report-schema.js';

/** 0 pass · 1 gate failed · 2 could not judge · 3 needs approval · 64 usage (DESIGN.md). */
export type ExitCode = 0 | 1 | 2 | 3 | 64;

export function exitCodeFor(report: Report): ExitCode {
  if (report.errors.length > 0) return 2;
  if (report.verdict === 'pass') return 0;
  if (report.verdict === 'needs-approval') return 3;
  return 1;
}

/** Of several reports' exit codes, the one that says most: could not judge, then failed, then needs approval, then pass. */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  for (const code of [64, 2, 1, 3] as const) if (codes.includes(code)) return code;
  return 0;
}
