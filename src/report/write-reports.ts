import { mkdir, writeFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ReportFormat } from '../config/config-schema.js';
import { renderJunit } from './render/junit.js';
import { renderMarkdown } from './render/markdown.js';
import type { Report } from './report-schema.js';

/** Writes the file formats asked for (the terminal format goes to stdout, not to a file); returns their paths. */
export async function writeReports(report: Report, dir: string, formats: readonly ReportFormat[]): Promise<string[]> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const written: string[] = [];
  const files: [ReportFormat, string, () => string][] = [
    ['json', 'report.json', () => `${JSON.stringify(report, null, 2)}\n`],
    ['md', 'report.md', () => renderMarkdown(report)],
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
  return written;
}
