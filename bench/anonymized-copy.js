// The anonymized clone of one 8-column table of N rows (BENCH_ROWS, default 1,000,000) from a live source into a
// sandbox, against `pg_dump --data-only -Fc -t people | pg_restore --data-only` into an empty copy of the table in
// another database on the same server, in the same run. The issue's targets: a throughput ratio (rows/s ours ÷ rows/s
// baseline) of at least 0.5, and a peak RSS of our process at 4×N rows (BENCH_RSS_ROWS × 4, default 4×N) within 20%
// of the one at N rows: memory must not grow with the table.
//
// Each of our clones runs in a child process (anonymized-copy-child.js), so that its peak RSS is its own. Its data load
// is the time from the progress line before `data: public.people N rows` to that line: one COPY out of the source,
// through the masks, into the table before its keys and indexes exist. The baseline's table is made from
// `pg_dump --section=pre-data` for the same reason (no primary key or unique index to maintain during the load);
// its keys, indexes and ANALYZE are timed apart, to set against our whole provision.
import { execFileSync, execSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { clientBin, median, runs, startSource, timed } from './lib.js';

const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const rssRows = Number(process.env.BENCH_RSS_ROWS ?? rows);
const key = 'bench-anonymized-copy-key-0123456789abcdef'; // 32+ characters, as the masking key must be
const rules = {
  'public.people.id': 'keep',
  'public.people.email': 'email',
  'public.people.full_name': 'full-name',
  'public.people.phone': 'phone',
  'public.people.created_at': 'keep',
  'public.people.amount': 'keep',
  'public.people.status': 'keep',
  'public.people.note': 'free-text',
};

const first = ['Maria', 'John', 'Wei', 'Aisha', 'Olga', 'Pedro', 'Kenji', 'Fatima', 'Lucas', 'Emma', 'Noah', 'Sofia', 'Liam', 'Chloe', 'Omar', 'Yuki', 'Anna', 'David', 'Priya', 'Mateo'];
const last = ['Garcia', 'Smith', 'Chen', 'Okafor', 'Ivanova', 'Silva', 'Tanaka', 'Haddad', 'Müller', 'Rossi', 'Dubois', 'Kowalski', 'Nguyen', 'Johnson', 'Patel', 'Kim', 'Larsen', 'Novak', "O'Brien", 'Costa'];
const array = (xs) => `ARRAY[${xs.map((x) => `'${x.replaceAll("'", "''")}'`).join(', ')}]`;

/** id bigint PK, email text UNIQUE, full_name, phone (10% NULL), created_at, amount, status, note (a third NULL). */
const peopleSql = (n) => `
CREATE TABLE people (
  id bigint PRIMARY KEY,
  email text NOT NULL UNIQUE,
  full_name text NOT NULL,
  phone text,
  created_at timestamptz NOT NULL,
  amount numeric(12,2),
  status text NOT NULL,
  note text
);
INSERT INTO people
SELECT g,
       lower(f) || '.' || lower(replace(l, '''', '')) || g || '@' || (ARRAY['gmail.com', 'yahoo.com', 'outlook.com', 'corp.example', 'mail.example'])[1 + g % 5],
       f || ' ' || l,
       CASE WHEN g % 10 = 0 THEN NULL ELSE '+1 (' || (200 + g % 800) || ') 555-' || lpad(((g * 7919) % 10000)::text, 4, '0') END,
       timestamptz '2019-01-01 00:00:00+00' + ((g * 104729) % 157680000) * interval '1 second',
       ((g * 7907) % 5000000) / 100.0,
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'])[1 + (g * 13) % 6],
       CASE g % 3
         WHEN 0 THEN NULL
         WHEN 1 THEN 'Customer ' || f || ' asked us to call back after ' || (1 + g % 11) || 'pm about order ' || g || '.'
         ELSE 'Leave the parcel with the neighbour at number ' || (1 + g % 200) || ', ' || l || ' Street.'
       END
FROM generate_series(1::bigint, ${n}) AS g
CROSS JOIN LATERAL (SELECT (${array(first)})[1 + g % ${first.length}] AS f, (${array(last)})[1 + (g / ${first.length}) % ${last.length}] AS l) AS names;
ANALYZE people;`;

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const mb = (kb) => `${(kb / 1024).toFixed(0)} MB`;

/** One clone in a child process; its JSON line. */
function clone(url, mode, table) {
  const out = execFileSync(process.execPath, [new URL('anonymized-copy-child.js', import.meta.url).pathname, url, mode, JSON.stringify(rules), ...(table ? [table] : [])], {
    env: { ...process.env, SANDBOX_ANONYMIZE_KEY: key },
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const benchStart = performance.now();
const { server, psql } = await startSource('bench-anonymized-copy');
try {
  const sh = (command) => execSync(command, { stdio: ['ignore', 'ignore', 'inherit'], shell: '/bin/bash' });
  const pipefail = 'set -o pipefail; ';
  const generate = (db, n) =>
    timed(() => {
      psql('postgres', '-c', `CREATE DATABASE ${db}`);
      psql(db, '-c', peopleSql(n));
    });
  const generated = generate('app', rows);
  console.log(`(source: ${fmt(rows)} rows generated in ${(generated / 1000).toFixed(1)} s)`);
  const source = server.url('app');
  const sourceFirst = JSON.parse(execFileSync(clientBin('psql'), ['-X', '-q', '-At', source, '-c', 'SELECT row_to_json(p) FROM people p ORDER BY id LIMIT 1'], { encoding: 'utf8' }));

  // one unmeasured clone of an empty database fills the initdb cache, as every run after the first on a machine finds it
  psql('postgres', '-c', 'CREATE DATABASE warm');
  clone(server.url('warm'), 'copy');

  const ours = [];
  const baseline = [];
  for (let i = 0; i < runs; i++) {
    const run = clone(source, 'anonymized', 'public.people');
    if (run.rows !== rows) throw new Error(`the sandbox holds ${run.rows} rows, not ${rows}`);
    for (const column of ['email', 'full_name', 'phone', 'note']) {
      if (run.firstRow[column] === sourceFirst[column]) throw new Error(`people.${column} was not masked: ${run.firstRow[column]}`);
    }
    if (!/@example\.(com|org|net)$/.test(run.firstRow.email)) throw new Error(`unexpected masked email ${run.firstRow.email}`);
    ours.push(run);

    const db = `baseline_${i}`;
    psql('postgres', '-c', `CREATE DATABASE ${db}`);
    sh(`${pipefail}${clientBin('pg_dump')} --schema-only --section=pre-data -t people '${source}' | ${clientBin('psql')} -X -q -v ON_ERROR_STOP=1 '${server.url(db)}'`);
    const dataMs = timed(() => sh(`${pipefail}${clientBin('pg_dump')} --data-only -Fc -t people '${source}' | ${clientBin('pg_restore')} --data-only -d '${server.url(db)}'`));
    const postMs = timed(() => {
      sh(`${pipefail}${clientBin('pg_dump')} --schema-only --section=post-data -t people '${source}' | ${clientBin('psql')} -X -q -v ON_ERROR_STOP=1 '${server.url(db)}'`);
      psql(db, '-c', 'ANALYZE people');
    });
    baseline.push({ dataMs, postMs });
  }
  // the same table without masks: the COPY stream and the sandbox alone, to tell the masks' share of the time
  const plain = clone(source, 'copy');

  const oursData = median(ours.map((r) => r.dataMs));
  const oursTotal = median(ours.map((r) => r.totalMs));
  const oursOrigin = median(ours.map((r) => r.originMs));
  const baseData = median(baseline.map((r) => r.dataMs));
  const basePost = median(baseline.map((r) => r.postMs));
  const rate = (ms) => `${fmt(rows / (ms / 1000))} rows/s`;
  console.log(`anonymized clone of one table of ${fmt(rows)} rows, 8 columns, 4 masked (email, full-name, phone, free-text), live source → sandbox; medians over ${runs} runs`);
  console.log(`  ours, data load (COPY out → masks → COPY in, before keys and indexes): ${oursData.toFixed(0)} ms, ${rate(oursData)}`);
  console.log(`  baseline pg_dump --data-only -Fc -t people | pg_restore --data-only into the pre-data schema in another database on the same server: ${baseData.toFixed(0)} ms, ${rate(baseData)}`);
  console.log(`  throughput ratio (rows/s ours ÷ rows/s baseline): ${(baseData / oursData).toFixed(2)} (target ≥ 0.5)`);
  console.log(`  ours, whole openOrigin → provision (PII classification ${oursOrigin.toFixed(0)} ms, new server, schema, data, keys, indexes, ANALYZE): ${oursTotal.toFixed(0)} ms`);
  console.log(`  baseline data + post-data (keys, indexes) + ANALYZE: ${(baseData + basePost).toFixed(0)} ms; ratio of throughputs ${((baseData + basePost) / oursTotal).toFixed(2)}`);
  console.log(`  for reference, the same clone in copy mode (no masks, one run): data load ${plain.dataMs.toFixed(0)} ms, ${rate(plain.dataMs)}`);

  // peak RSS of the child at N and 4×N rows (the N-row figure is the median of the runs above when it is the same N)
  let atN = median(ours.map((r) => r.maxRssKb));
  if (rssRows !== rows) {
    generate('rss_n', rssRows);
    atN = clone(server.url('rss_n'), 'anonymized').maxRssKb;
  }
  const generated4 = generate('rss_4n', 4 * rssRows);
  console.log(`(source: ${fmt(4 * rssRows)} rows generated in ${(generated4 / 1000).toFixed(1)} s)`);
  const big = clone(server.url('rss_4n'), 'anonymized');
  if (big.rows !== 4 * rssRows) throw new Error(`the sandbox holds ${big.rows} rows, not ${4 * rssRows}`);
  console.log(`peak RSS of the process doing one anonymized clone (process.resourceUsage().maxRSS)`);
  console.log(`  at ${fmt(rssRows)} rows: ${mb(atN)}${rssRows === rows ? ` (median of ${ours.map((r) => mb(r.maxRssKb)).join(', ')})` : ''}`);
  console.log(`  at ${fmt(4 * rssRows)} rows: ${mb(big.maxRssKb)} (data load ${big.dataMs.toFixed(0)} ms, ${fmt((4 * rssRows) / (big.dataMs / 1000))} rows/s)`);
  console.log(`  ratio: ${(big.maxRssKb / atN).toFixed(2)} (target: they differ by less than 20%)`);
  console.log(`(bench time ${((performance.now() - benchStart) / 1000).toFixed(0)} s)`);
} finally {
  await server[Symbol.asyncDispose]();
}
