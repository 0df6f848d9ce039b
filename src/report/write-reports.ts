import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReportFormat } from '../config/config-schema.js';
import { renderJunit } from './render/junit.js';
import { renderMarkdown } from './render/markdown.js';
import type { Report } from './report-schema.js';

/**
 * Writes the file formats asked for (the terminal format goes to stdout, not to a file); returns their paths. With md
 * and a `stepSummary` file (GitHub Actions' $GITHUB_STEP_SUMMARY), the Markdown report is appended to it too.
 */
export async function writeReports(report: Report, dir: string, formats: readonly ReportFormat[], stepSummary?: string): Promise<string[]> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  let markdown: string | undefined;
  const renderMd = () => (markdown ??= renderMarkdown(report)); // report.md and the step summary share one rendering
  const files: [ReportFormat, string, () => string][] = [
    ['json', 'report.json', () => `${JSON.stringify(report, null, 2)}\n`],
    ['md', 'report.md', renderMd],
    ['junit', 'junit.xml', () => renderJunit(report)],
  ];
  for (const [format, name, render] of files) {
    if (!formats.includes(format)) continue;
    const path = join(out, name);
    // write then rename, so a reader never sees half a report
    await writeFile(`${path}.tmp`, render());
    await rename(`${path}.tmp`, path);
    written.push(path);
  }
  // appended, never replaced: other steps of the job write their own summaries into the same file
  if (stepSummary && formats.includes('md')) await appendFile(stepSummary, `${renderMd()}\n`);
  return written;
}
