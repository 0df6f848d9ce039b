import type { Report } from '../report-schema.js';
import { operationLabels } from '../operation-label.js';

/**
 * JUnit XML: one test case per rule (invariants are rules `invariant:NAME`, with their values before and after), and
 * one erroring test case per stage that could not judge, so a CI system lists what broke natively. The verdict, the
 * operation's sha256 and the snapshot id are suite properties.
 */
export function renderJunit(report: Report): string {
  const seconds = (report.durationMs / 1000).toFixed(3);
  const invariants = new Map(report.invariants.map((i) => [`invariant:${i.name}`, i]));
  const cases = report.rules.map((rule) => {
    const invariant = invariants.get(rule.id);
    const open = `    <testcase classname="${invariant ? 'sandbox.invariants' : 'sandbox.rules'}" name="${attr(rule.id)}" time="0">`;
    const values = invariant ? `before: ${JSON.stringify(invariant.before)}\nafter: ${JSON.stringify(invariant.after)}` : '';
    if (rule.ok) return `${open}${values ? `<system-out>${text(values)}</system-out>` : ''}</testcase>`;
    return `${open}\n      <failure message="${attr(rule.message)}" type="${attr(rule.id)}">${text([rule.message, values].filter(Boolean).join('\n'))}</failure>\n    </testcase>`;
  });
  for (const e of report.errors) {
    cases.push(`    <testcase classname="sandbox.stages" name="${attr(e.stage)}" time="0">\n      <error message="${attr(firstLine(e.message))}" type="could-not-judge">${text(e.message)}</error>\n    </testcase>`);
  }
  const failures = report.rules.filter((r) => !r.ok).length;
  const name = `sandbox replay ${operationLabels(report).join(' ')}`;
  const properties = [
    ['verdict', report.verdict],
    ['operation.sha256', report.operation.sha256],
    ['snapshot.id', report.snapshot.id],
    ['data.mode', report.snapshot.dataMode],
  ]
    .map(([k, v]) => `      <property name="${attr(k!)}" value="${attr(v!)}"/>`)
    .join('\n');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sandbox" tests="${cases.length}" failures="${failures}" errors="${report.errors.length}" time="${seconds}">`,
    `  <testsuite name="${attr(name)}" tests="${cases.length}" failures="${failures}" errors="${report.errors.length}" skipped="0" time="${seconds}" timestamp="${attr(report.createdAt)}">`,
    '    <properties>',
    properties,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

const firstLine = (s: string) => s.split('\n', 1)[0] ?? '';

// characters XML 1.0 cannot carry at all (control characters but tab, newline, carriage return; lone surrogates)
// eslint-disable-next-line no-control-regex
const invalidXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(s: string): string {
  return s.replace(invalidXml, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;').replace(/\r/g, '&#13;');
}
