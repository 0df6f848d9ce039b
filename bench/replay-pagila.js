// How long a full `sandbox replay` of a no-op on Pagila takes (clone + baseline + diff, a new server each time),
// against what a team would do without us: pg_dump -Fc | pg_restore into a new database on a running server.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromObject, readOperation, replay } from '../dist/src/index.js';
import { binDir, clientBin, report, runs, startSource, time } from './lib.js';

const pagila = new URL('../../shared/fixtures/pagila/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
const { server, psql } = await startSource('bench-pagila');
try {
  psql('postgres', '-c', 'CREATE ROLE postgres', '-c', 'CREATE DATABASE pagila');
  psql('pagila', '-f', join(pagila, 'pagila-schema.sql'));
  psql('pagila', '-f', join(pagila, 'pagila-data.sql'));
  writeFileSync(join(dir, 'noop.sql'), 'SELECT 1;\n');
  const config = configFromObject({ data: { mode: 'copy' }, ...(binDir ? { sandbox: { binDir } } : {}) }, { sourceUrl: server.url('pagila') });
  const operation = await readOperation([join(dir, 'noop.sql')]);
  const ours = [];
  const baseline = [];
  for (let i = 0; i < runs; i++) {
    ours.push(
      await time(async () => {
        const result = await replay(operation, config);
        if (result.errors.length > 0) throw new Error(result.errors[0].message);
      }),
    );
    psql('postgres', '-c', `CREATE DATABASE restored_${i}`);
    baseline.push(
      await time(async () => {
        const dump = join(dir, `pagila-${i}.dump`);
        execFileSync(clientBin('pg_dump'), ['-Fc', '-f', dump, server.url('pagila')]);
        execFileSync(clientBin('pg_restore'), ['--no-owner', '-d', server.url(`restored_${i}`), dump]);
      }),
    );
  }
  report('sandbox replay of a no-op on Pagila (~50k rows, copy mode)', ours, baseline, 'pg_dump -Fc | pg_restore into an empty database on a running server');
} finally {
  await server[Symbol.asyncDispose]();
  rmSync(dir, { recursive: true, force: true });
}
