import type { Report } from '../report-schema.js';
import { lockStrength } from '../../replay/lock-modes.js';
import { equivalenceLine } from '../../equivalence/equivalence-line.js';
import { headline, verdictLine } from '../headline.js';
import { operationLabels } from '../operation-label.js';
import { commandEnding, outputTail } from '../command-summary.js';
import { terminalStyle } from './terminal-style.js';

const collateralMark = ' (collateral)';
const pad = (text: string, width: number) => text.padEnd(width);
const num = (n: number | null, width: number) => (n === null ? '-' : n.toLocaleString('en-US')).padStart(width);

export interface TerminalOptions {
  /** ANSI colour for the verdict, broken rules, errors and warnings (see wantsColour); off by default */
  colour?: boolean;
}

/** The one-screen summary printed on stdout. */
export function renderTerminal(report: Report, reportFiles: readonly string[], options: TerminalOptions = {}): string {
  const style = terminalStyle(options.colour ?? false);
  const verdictStyle = report.errors.length > 0 || report.verdict === 'fail' ? style.fail : report.verdict === 'pass' ? style.pass : style.warn;
  const lines: string[] = [];
  lines.push(`sandbox replay: ${verdictStyle(verdictLine(report))}`);
  lines.push(`  ${headline(report)}`);
  lines.push('');
  const stmts = report.operation.statements;
  lines.push(`operation  ${operationLabels(report).join(', ')}: ${stmts.length} statement(s), sha256 ${report.operation.sha256.slice(0, 12)}`);
  const command = report.operation.command;
  if (command) {
    lines.push(`command    ${commandEnding(command)}`);
    if (command.exitCode !== 0) for (const line of outputTail(command.output)) lines.push(`  │ ${line}`);
  }
  lines.push(`source     ${report.snapshot.source.database} (PostgreSQL ${report.snapshot.source.serverVersion}), data ${report.snapshot.dataMode}${report.sandbox ? `; sandbox ${report.sandbox.provider} PostgreSQL ${report.sandbox.serverVersion}` : ''}`);
  const fidelity = report.sandbox?.fidelity;
  if (fidelity) lines.push(`fidelity   ${fidelity.reproduced} / ${fidelity.inSource} schema objects reproduced`);
  if (report.equivalence) lines.push(equivalenceLine(report.equivalence));
  for (const w of report.warnings) lines.push(style.warn(`warning    ${w}`));
  if (report.tables.length > 0) {
    const width = Math.max(5, ...report.tables.map((t) => t.name.length + (t.collateral ? collateralMark.length : 0)));
    lines.push('');
    lines.push(`  ${pad('table', width)}  ${'before'.padStart(8)} ${'after'.padStart(8)} ${'+ins'.padStart(7)} ${'~upd'.padStart(7)} ${'-del'.padStart(7)} ${'prod≈'.padStart(8)}`);
    for (const t of report.tables) {
      // padded by its visible width: colour codes take no columns
      const name = t.collateral ? `${t.name}${style.warn(collateralMark)}${' '.repeat(width - t.name.length - collateralMark.length)}` : pad(t.name, width);
      lines.push(`  ${name}  ${num(t.rowsBefore, 8)} ${num(t.rowsAfter, 8)} ${num(t.inserted, 7)} ${num(t.updated, 7)} ${num(t.deleted, 7)} ${num(t.estimatedProductionAffected, 8)}`);
    }
  }
  if (report.schemaChanges.length > 0) {
    lines.push('');
    lines.push('schema changes');
    for (const c of report.schemaChanges.slice(0, 15)) lines.push(`  ${c.change} ${c.objectType} ${c.name}`);
    if (report.schemaChanges.length > 15) lines.push(`  … and ${report.schemaChanges.length - 15} more (see report.json)`);
  }
  // what blocks the application while it lasts: locks above ROW EXCLUSIVE (plain reads and writes)
  const strong = stmts.flatMap((s) => (s.locks ?? []).filter((l) => lockStrength(l.mode) > lockStrength('ROW EXCLUSIVE')).map((l) => `${l.mode} on ${l.table} (${s.kind} at ${s.file}:${s.line})`));
  if (strong.length > 0) {
    lines.push('');
    lines.push('locks');
    for (const l of strong.slice(0, 8)) lines.push(`  ${l}`);
    if (strong.length > 8) lines.push(`  … and ${strong.length - 8} more (see report.json)`);
  }
  const failed = stmts.find((s) => s.status === 'error');
  if (failed?.error) {
    lines.push('');
    lines.push(style.fail('statement error') + ` at ${failed.error.at ?? `${failed.file}:${failed.line}`}: ${failed.error.message}${failed.error.detail ? `\n  ${failed.error.detail}` : ''}`);
  }
  if (report.rules.length > 0) {
    lines.push('');
    lines.push('rules');
    for (const r of report.rules) lines.push(`  ${r.ok ? style.pass('ok  ') : style.fail('FAIL')} ${r.id}: ${r.message}`);
  }
  for (const e of report.errors) {
    lines.push('');
    lines.push(`${style.fail(`error (${e.stage})`)}: ${e.message}`);
  }
  if (reportFiles.length > 0) {
    lines.push('');
    lines.push(style.dim(`reports: ${reportFiles.join(', ')}`));
  }
  return lines.join('\n');
}
