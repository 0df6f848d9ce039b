import type { Report } from '../report-schema.js';
import { headline, verdictLine } from '../headline.js';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

/** GitHub-flavoured Markdown for a CI step summary or a pull-request comment: the verdict first, details folded. */
export function renderMarkdown(report: Report): string {
  const out: string[] = [];
  const icon = report.errors.length > 0 ? '⛔' : report.verdict === 'pass' ? '✅' : '❌';
  out.push(`### ${icon} sandbox replay: ${verdictLine(report)}`);
  out.push('');
  out.push(`**${cell(headline(report))}**`);
  out.push('');
  out.push(`Operation ${report.operation.files.map(code).join(', ')} (${report.operation.statements.length} statement${report.operation.statements.length === 1 ? '' : 's'}, sha256 ${code(report.operation.sha256.slice(0, 12))}) against ${code(report.snapshot.source.database)} (PostgreSQL ${report.snapshot.source.serverVersion}, data mode ${report.snapshot.dataMode}).`);
  for (const w of report.warnings) {
    out.push('');
    out.push(`> ⚠️ ${cell(w)}`);
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
  out.push('');
  out.push(`<details><summary>Statements (${report.operation.statements.length})</summary>`);
  out.push('');
  out.push('| # | where | kind | tables | rows | ms | irreversible | status |');
  out.push('|--:|---|---|---|--:|--:|---|---|');
  report.operation.statements.forEach((s, i) => {
    const status = s.status === 'error' ? `**error**: ${cell(s.error?.message ?? '')}` : s.status;
    out.push(`| ${i + 1} | ${s.file}:${s.line} | ${s.kind} | ${s.tables.map(code).join(', ')} | ${s.rowCount ?? '–'} | ${s.durationMs ?? '–'} | ${s.irreversible ? 'yes' : ''} | ${status} |`);
  });
  out.push('');
  out.push('</details>');
  out.push('');
  return out.join('\n');
}
