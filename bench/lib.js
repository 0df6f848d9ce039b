// Shared helpers of the benchmarks: a PostgreSQL source server of the test binaries and timing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findBinaries } from '../dist/src/sandbox/find-binaries.js';
import { startPostgresServer } from '../dist/src/sandbox/postgres-server.js';

const debianBin = '/usr/lib/postgresql/15/bin';
export const binDir = existsSync(join(debianBin, 'postgres')) ? debianBin : undefined;
export const runs = Number(process.env.BENCH_RUNS ?? 3);

/** A client tool of the same build as the server when there is one (pg_dump must not be older than the server). */
export const clientBin = (name) => (binDir ? join(binDir, name) : name);

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** Milliseconds a synchronous step takes (a psql or pg_dump run). */
export function timed(fn) {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

export async function startSource(label) {
  const server = await startPostgresServer({ binaries: await findBinaries(binDir), label, startTimeoutMs: 60_000 });
  const psql = (db, ...args) => execFileSync(clientBin('psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', server.url(db), ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
  return { server, psql };
}

export function report(name, ours, baseline, baselineName) {
  const a = median(ours);
  const b = median(baseline);
  console.log(`${name}: median ${a.toFixed(0)} ms over ${ours.length} runs`);
  console.log(`  baseline ${baselineName}: median ${b.toFixed(0)} ms over ${baseline.length} runs`);
  console.log(`  ratio: ${(a / b).toFixed(2)}`);
}
