import { describe, expect, it } from 'vitest';
import { renderTerminal } from '../../src/report/render/terminal.js';
import { reportWith, table } from '../helpers/report-builder.js';

describe('renderTerminal', () => {
  it('keeps the table columns aligned when the longest name is a collateral one', () => {
    const report = reportWith([table('public.order_lines', { deleted: 3, collateral: true }), table('public.users', { deleted: 1 })]);
    const rows = renderTerminal(report, []).split('\n').filter((l) => /^ {2}(table|public\.)/.test(l));
    expect(rows).toHaveLength(3);
    // every row's first count ends where the header's "before" ends
    const end = rows[0]!.indexOf('before') + 'before'.length;
    for (const row of rows.slice(1)) expect(row.slice(end - 2, end)).toBe('10');
  });

  it('colours the verdict and broken rules only when asked, the text itself unchanged', () => {
    const report = reportWith([], { verdict: 'fail', rules: [{ id: 'max-rows-deleted', ok: false, message: 'over' }] });
    const plain = renderTerminal(report, []);
    const coloured = renderTerminal(report, [], { colour: true });
    expect(plain).not.toMatch(/\u001b\[/);
    expect(coloured).toContain('\u001b[31m');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});
