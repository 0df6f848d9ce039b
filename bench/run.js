// npm run bench: how long a full `sandbox replay` of a no-op on Pagila takes, against the baseline a team would use
// without us: pg_dump | pg_restore of the same database into a new database on an already running server.
// Both run here, in the same run, on the same PostgreSQL binaries; the ratio is the figure to watch.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { configFromObject, readOperation, replay } from '../dist/src/index.js';
import { findBinaries } from '../dist/src/sandbox/find-binaries.js';
import { startPostgresServer } from '../dist/src/sandbox/postgres-server.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const debianBin = '/usr/lib/postgresql/15/bin';
const binDir = existsSync(join(debianBin, 'postgres')) ? debianBin : undefined;
const pagila = new URL('../../shared/fixtures/pagila/', import.meta.url).pathname;
const clientBin = (name) => (binDir ? join(binDir, name) : name);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (fn) => {
  const t = performance.now();
  await fn();
  return performance.now() - t;
};

const dir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
const server = await startPostgresServer({ binaries: await findBinaries(binDir), label: 'bench-source', startTimeoutMs: 60_000 });
try {
  const psql = (db, ...args) => execFileSync(clientBin('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', server.url(db), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
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
        const report = await replay(operation, config);
        if (report.errors.length > 0) throw new Error(report.errors[0].message);
      }),
    );
    baseline.push(
      await time(async () => {
        psql('postgres', '-c', `CREATE DATABASE restored_${i}`);
        const dump = join(dir, `pagila-${i}.dump`);
        execFileSync(clientBin('pg_dump'), ['-Fc', '-f', dump, server.url('pagila')]);
        execFileSync(clientBin('pg_restore'), ['--no-owner', '-d', server.url(`restored_${i}`), dump]);
      }),
    );
  }
  const a = median(ours);
  const b = median(baseline);
  console.log(`replay of a no-op on Pagila (~50k rows), clone + baseline + diff, new server each time: median ${a.toFixed(0)} ms over ${runs} runs`);
  console.log(`baseline pg_dump -Fc | pg_restore into a new database on a running server:            median ${b.toFixed(0)} ms over ${runs} runs`);
  console.log(`ratio sandbox replay / pg_dump+pg_restore: ${(a / b).toFixed(2)}`);
} finally {
  await server[Symbol.asyncDispose]();
  rmSync(dir, { recursive: true, force: true });
}
