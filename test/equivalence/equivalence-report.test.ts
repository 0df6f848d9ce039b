import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { equivalenceSchema, type Equivalence } from '../../src/equivalence/equivalence-schema.js';
import { reportSchema } from '../../src/report/report-schema.js';
import { binDirArgs, cliWorkspace, type CliWorkspace } from '../helpers/cli.js';
import { createTestDb } from '../helpers/test-db.js';
import { equivalenceSourceSql } from './equivalence-helpers.js';

const line = 'equivalence: score 1.00 · rows ×1.00 · 0 columns off';

function stateEnv(ws: CliWorkspace) {
  return { env: { SANDBOX_STATE_DIR: join(ws.root, 'state') } };
}

describe('the equivalence report of the CLI', () => {
  it('is in report.json, on the terminal and folded in report.md after a replay from a copy-mode snapshot', async () => {
    await using ws = await cliWorkspace();
    {
      await using db = await createTestDb(equivalenceSourceSql, 'eq');
      const snap = await ws.run(['snapshot', '--source', db.url, '--data', 'copy', '--out', 'snap']);
      expect(snap.code, snap.stderr).toBe(0);
    }
    await ws.write('op.sql', "UPDATE orders SET note = 'checked' WHERE id <= 3;\n");
    const run = await ws.run(['replay', 'op.sql', '--snapshot', 'snap', '--report-dir', 'reports', '--format', 'terminal,md,json', ...binDirArgs()]);
    expect(run.code, run.stderr).toBe(0);

    const report = reportSchema.parse(await ws.readReport());
    const eq = report.equivalence!;
    expect(eq).toBeDefined();
    expect(eq.mode).toBe('copy');
    expect(eq.tables.map((t) => [t.table, t.expectedRows, t.rows, t.ratio])).toEqual([
      ['public.customers', 600, 600, 1],
      ['public.orders', 3000, 3000, 1],
      ['public.archived', 0, 0, 1],
      ['public.events_2024', 213, 213, 1],
      ['public.events_2025', 187, 187, 1],
    ]);
    expect(eq.summary).toMatchObject({ score: 1, rowsRatio: 1, columnsOff: 0, worst: [] });
    // measured before the operation ran: its update of orders.note does not show
    expect(eq.tables[1]!.columns.find((c) => c.column === 'note')).toMatchObject({ nullFractionDelta: 0, mcvOverlap: 1 });

    expect(run.stdout).toContain(`\n${line}\n`);
    expect(run.stderr).toContain(line); // progress
    const markdown = await readFile(join(ws.reportDir, 'report.md'), 'utf8');
    expect(markdown).toContain('<details><summary>Data equivalence: score 1.00 · rows ×1.00 · 0 columns off</summary>');
    expect(markdown).toContain('| `public.orders` | 3000 | 3000 | ×1.00 | 1.00 |');
    expect(markdown).toContain('Every column is within tolerance');
  });

  it('is printed by sandbox up and carried in its --json output', async () => {
    await using db = await createTestDb(equivalenceSourceSql, 'eq');
    await using ws = await cliWorkspace();
    const up = await ws.run(['up', '--source', db.url, '--data', 'copy', '--detach', '--json', ...binDirArgs()], stateEnv(ws));
    expect(up.code, up.stderr).toBe(0);
    const info = JSON.parse(up.stdout) as { id: string; equivalence: Equivalence; warnings: string[] };
    expect(equivalenceSchema.parse(info.equivalence)).toEqual(info.equivalence);
    expect(info.equivalence.summary).toMatchObject({ score: 1, rowsRatio: 1, tables: 5 });
    expect(up.stderr).toContain(line);
    expect((await ws.run(['down', info.id], stateEnv(ws))).code).toBe(0);

    const human = await ws.run(['up', '--source', db.url, '--data', 'copy', '--detach', ...binDirArgs()], stateEnv(ws));
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toContain(`\n${line}\n`);
    const id = /sandbox (\S+) is up/.exec(human.stdout)![1]!;
    expect((await ws.run(['down', id], stateEnv(ws))).code).toBe(0);
  });
});
