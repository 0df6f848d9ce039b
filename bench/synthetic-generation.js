// Synthetic generation of one 8-column table of N rows (BENCH_ROWS, default 1,000,000) into a sandbox, from the
// profile of a live source, against `COPY … FROM 'file'` of a pre-generated file of equivalent rows (the source's own
// rows, written by COPY TO on the same server) into an empty copy of the table in another database, in the same run.
// The targets: a throughput ratio (rows/s ours ÷ rows/s baseline) of at least 0.5, and a peak RSS at 4×N rows
// within 20% of the one at N rows.
//
// Ours runs in a child process (anonymized-copy-child.js in synthetic mode), so that its peak RSS is its own; its
// data load is the time from the progress line before `data: public.orders N rows` to that line (generation → COPY
// in, before keys and indexes). The baseline's table has no key or index either.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { median, runs, startSource, timed } from './lib.js';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

const ordersTable = `
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id integer NOT NULL,
  amount numeric(12,2) NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  shipped boolean,
  sku varchar(20) NOT NULL,
  quantity smallint
);`;
const ordersRows = (n) => `
INSERT INTO orders
SELECT g, 1 + (g * 7919) % 50000, ((g * 7907) % 5000000) / 100.0,
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'])[1 + (g * 13) % 6],
       timestamptz '2019-01-01 00:00:00+00' + ((g * 104729) % 157680000) * interval '1 second',
       CASE WHEN g % 7 = 0 THEN NULL ELSE g % 2 = 0 END,
       'SKU-' || lpad(((g * 31) % 10000)::text, 6, '0'),
       CASE WHEN g % 11 = 0 THEN NULL ELSE 1 + (g % 9) END
FROM generate_series(1::bigint, ${n}) AS g;
ANALYZE orders;`;

function generate(n) {
  const out = execFileSync(process.execPath, [new URL('anonymized-copy-child.js', import.meta.url).pathname, server.url(`src_${n}`), 'synthetic', '{}'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const run = JSON.parse(out.trim().split('\n').at(-1));
  // at a million rows and more the profile's count is the catalog's estimate (reltuples), close to but not exactly n
  if (Math.abs(run.rows - n) > n * 0.001) throw new Error(`the sandbox holds ${run.rows} rows, not ${n}`);
  return run;
}

const benchStart = performance.now();
const { server, psql } = await startSource('bench-synthetic');
try {
  const makeSource = (n) => {
    psql('postgres', '-c', `CREATE DATABASE src_${n}`);
    psql(`src_${n}`, '-c', ordersTable + ordersRows(n));
  };
  makeSource(rows);
  // the baseline's file: the source's rows as COPY text, written by the server itself so that it can read it back
  const file = `/tmp/bench-synthetic-${process.pid}.copy`;
  psql(`src_${rows}`, '-c', `COPY orders TO '${file}'`);
  generate(rows); // unmeasured: fills the initdb cache, as every run after the first on a machine finds it

  const ours = [];
  const baseline = [];
  for (let i = 0; i < runs; i++) {
    ours.push(generate(rows));
    const db = `baseline_${i}`;
    psql('postgres', '-c', `CREATE DATABASE ${db}`);
    psql(db, '-c', ordersTable.replace(' PRIMARY KEY', ''));
    baseline.push(timed(() => psql(db, '-c', `COPY orders FROM '${file}'`)));
  }
  psql(`src_${rows}`, '-c', `COPY (SELECT 1) TO PROGRAM 'rm -f ${file}'`);
  const oursData = median(ours.map((r) => r.dataMs));
  const baseData = median(baseline);
  const rate = (ms) => `${fmt(rows / (ms / 1000))} rows/s`;
  console.log(`synthetic generation of one table of ${fmt(rows)} rows, 8 columns (bigint key, integer, numeric, text, timestamptz, boolean, varchar, smallint), from the profile; medians over ${runs} runs`);
  console.log(`  ours, data load (generate → COPY in, before keys and indexes): ${oursData.toFixed(0)} ms, ${rate(oursData)}`);
  console.log(`  baseline COPY orders FROM a file of the same rows, into a table without keys on the same server: ${baseData.toFixed(0)} ms, ${rate(baseData)}`);
  console.log(`  throughput ratio (rows/s ours ÷ rows/s baseline): ${(baseData / oursData).toFixed(2)} (target ≥ 0.5)`);

  const atN = median(ours.map((r) => r.maxRssKb));
  makeSource(4 * rows);
  const big = generate(4 * rows);
  console.log('peak RSS of the process doing one synthetic provisioning (process.resourceUsage().maxRSS)');
  console.log(`  at ${fmt(rows)} rows: ${mb(atN)}; at ${fmt(4 * rows)} rows: ${mb(big.maxRssKb)} (data load ${fmt((4 * rows) / (big.dataMs / 1000))} rows/s)`);
  console.log(`  ratio: ${(big.maxRssKb / atN).toFixed(2)} (target: they differ by less than 20%)`);
  console.log(`(bench time ${((performance.now() - benchStart) / 1000).toFixed(0)} s)`);
} finally {
  await server[Symbol.asyncDispose]();
}
