import type { Report } from '../report-schema.js';
import { equivalenceLine } from '../../equivalence/equivalence-line.js';
import { isColumnOff, tolerance } from '../../equivalence/score-equivalence.js';
import { headline, verdictLine } from '../headline.js';
import { operationLabels } from '../operation-label.js';
import { commandEnding } from '../command-summary.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
/** A fenced block that the text cannot close early, however many backticks it holds. */
const fence = (text: string) => {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}text\n${text.replace(/\s+$/, '')}\n${ticks}`;
};
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** GitHub-flavoured Markdown for a CI step summary or a pull-request comment: the verdict first, details folded. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const icon = report.errors.length > 0 ? '⛔' : report.verdict === 'pass' ? '✅' : '❌';
  out.push(`### ${icon} sandbox replay: ${verdictLine(report)}`);
  out.push('');
  out.push(`**${cell(headline(report))}**`);
  out.push('');
  out.push(`Operation ${operationLabels(report).map(code).join(', ')} (${report.operation.statements.length} statement${report.operation.statements.length === 1 ? '' : 's'}, sha256 ${code(report.operation.sha256.slice(0, 12))}) against ${code(report.snapshot.source.database)} (PostgreSQL ${report.snapshot.source.serverVersion}, data mode ${report.snapshot.dataMode}).`);
  for (const w of report.warnings) {
    out.push('');
    out.push(`> ⚠️ ${cell(w)}`);
  }
  const command = report.operation.command;
  if (command) {
    out.push('');
    out.push(`<details${command.exitCode === 0 ? '' : ' open'}><summary>The command ${commandEnding(command)}; its output${command.truncated ? ' (the middle cut)' : ''}</summary>`);
    out.push('');
    out.push(fence(command.output));
    out.push('');
    out.push('</details>');
  }
  for (const check of report.smoke ?? []) {
    out.push('');
    out.push(`<details><summary>Smoke check ${cell(check.name)}: ${check.ok ? 'passed' : '**failed**'}</summary>`);
    out.push('');
    out.push(fence(check.output));
    out.push('');
    out.push('</details>');
  }
  if (report.tables.length > 0) {
    out.push('');
    out.push('| table | before | after | inserted | updated | deleted | production rows | ≈ affected in production | |');
    out.push('|---|--:|--:|--:|--:|--:|--:|--:|---|');
    for (const t of report.tables) {
      out.push(`| ${code(t.name)} | ${t.rowsBefore} | ${t.rowsAfter} | ${t.inserted} | ${t.updated} | ${t.deleted} | ${t.productionRows ?? '–'} | ${t.estimatedProductionAffected ?? '–'} | ${t.collateral ? '**collateral**' : ''} |`);
    }
  }
  out.push('');
  out.push('| rule | result | |');
  out.push('|---|---|---|');
  for (const r of report.rules) out.push(`| ${code(r.id)} | ${r.ok ? 'ok' : '**FAIL**'} | ${cell(r.message)} |`);
  for (const e of report.errors) {
    out.push('');
    out.push(`> **Error (${e.stage}):** ${cell(e.message)}`);
  }
  if (report.schemaChanges.length > 0) {
    out.push('');
    out.push(`<details><summary>Schema changes (${report.schemaChanges.length})</summary>`);
    out.push('');
    for (const c of report.schemaChanges) out.push(`- ${c.change} ${c.objectType} ${code(c.name)}: ${cell(c.detail)}`);
    out.push('');
    out.push('</details>');
  }
  if (report.equivalence) out.push('', ...equivalenceDetails(report.equivalence));
  out.push('');
  out.push(`<details><summary>Statements (${report.operation.statements.length})</summary>`);
  out.push('');
  out.push('| # | where | kind | tables | rows | ms | lock | irreversible | status |');
  out.push('|--:|---|---|---|--:|--:|---|---|---|');
  report.operation.statements.forEach((s, i) => {
    const status = s.status === 'error' ? `**error**: ${cell(s.error?.message ?? '')}` : s.status;
    out.push(`| ${i + 1} | ${s.file}:${s.line} | ${s.kind} | ${s.tables.map(code).join(', ')} | ${s.rowCount ?? '–'} | ${s.durationMs ?? '–'} | ${s.lockMode ?? ''} | ${s.irreversible ? 'yes' : ''} | ${status} |`);
  });
  out.push('');
  out.push('</details>');
  out.push('');
  return out.join('\n');
}

const ratio = (n: number | null) => (n === null ? '–' : `×${n.toFixed(2)}`);
const fixed = (n: number | null, signed = false) => (n === null ? '–' : `${signed && n >= 0 ? '+' : ''}${n.toFixed(2)}`);

/** Every table's rows, and the columns off their tolerance (all columns are in report.json), folded. */
function equivalenceDetails(eq: NonNullable<Report['equivalence']>): string[] {
  const out: string[] = [];
  out.push(`<details><summary>Data equivalence: ${cell(equivalenceLine(eq).replace(/^equivalence: /, ''))}</summary>`);
  out.push('');
  out.push(`Sandbox (data mode ${eq.mode}${eq.subset ? ', a subset' : eq.scale !== 1 ? `, scale ${eq.scale}` : ''}) against production's profile; score 1 is "as production".`);
  out.push('');
  out.push('| table | rows | expected | ratio | score |');
  out.push('|---|--:|--:|--:|--:|');
  for (const t of eq.tables) out.push(`| ${code(t.table)} | ${t.rows} | ${t.expectedRows} | ${ratio(t.ratio)} | ${fixed(t.score)} |`);
  const off = eq.tables.flatMap((t) => t.columns.filter(isColumnOff).map((c) => ({ table: t.table, ...c })));
  out.push('');
  if (off.length === 0) {
    out.push(`Every column is within tolerance (null fraction ±${tolerance.nullFraction}, distinct count ±${tolerance.distinct * 100}%, most-common-value overlap ≥ ${tolerance.mcvOverlap}).`);
  } else {
    out.push(`Columns off tolerance (null fraction ±${tolerance.nullFraction}, distinct count ±${tolerance.distinct * 100}%, most-common-value overlap ≥ ${tolerance.mcvOverlap}):`);
    out.push('');
    out.push('| column | null fraction Δ | distinct | most-common values | score |');
    out.push('|---|--:|--:|--:|--:|');
    for (const c of off) out.push(`| ${code(`${c.table}.${c.column}`)} | ${fixed(c.nullFractionDelta, true)} | ${ratio(c.distinctRatio)} | ${fixed(c.mcvOverlap)}${c.masked ? ' (masked: shape)' : ''} | ${fixed(c.score)} |`);
  }
  out.push('');
  out.push('</details>');
  return out;
}
