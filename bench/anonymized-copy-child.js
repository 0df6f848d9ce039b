// One clone of a live source into a sandbox, in a process of its own, for bench/anonymized-copy.js: it prints one JSON
// line with the times (whole openOrigin → provision, and the data load read off the progress lines), the rows loaded
// and the peak RSS of this process (so that the parent's memory never counts).
// With TABLE it also prints that table's first row as the sandbox holds it, so that the parent can check the masking.
// Usage: SANDBOX_ANONYMIZE_KEY=… node bench/anonymized-copy-child.js SOURCE_URL anonymized|copy RULES_JSON [TABLE]
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { configFromObject } from '../dist/src/index.js';
import { openOrigin } from '../dist/src/pipeline/origin.js';
import { provision } from '../dist/src/pipeline/provision.js';
import { binDir } from './lib.js';

const [sourceUrl, mode, rulesJson, table] = process.argv.slice(2);
const anonymized = mode === 'anonymized';
const config = configFromObject(
  { data: { mode }, ...(anonymized ? { anonymize: { rules: JSON.parse(rulesJson) } } : {}), ...(binDir ? { sandbox: { binDir } } : {}) },
  { sourceUrl, ...(anonymized ? { anonymizeKey: process.env.SANDBOX_ANONYMIZE_KEY } : {}) },
);

// progress lines with the time they came: the data load of a table runs from the line before its `data:` line to it
const lines = [];
const progress = (line) => lines.push({ at: performance.now(), line });
const start = performance.now();
let sandbox;
let rows = 0;
const origin = await openOrigin(config, progress);
try {
  const provisioned = await provision(origin, config, progress);
  sandbox = provisioned.sandbox;
  for (const n of provisioned.loaded.rowsLoaded.values()) rows += n;
} finally {
  await origin[Symbol.asyncDispose]();
}
const totalMs = performance.now() - start;
try {
  let dataMs = 0;
  lines.forEach(({ at, line }, i) => {
    if (line.startsWith('data: ') && i > 0) dataMs += at - lines[i - 1].at;
  });
  const originMs = lines.find((l) => l.line.startsWith('starting an ')).at - start;
  const maxRssKb = process.resourceUsage().maxRSS; // before the check below adds a client of its own
  let firstRow;
  if (table) {
    const client = new pg.Client({ connectionString: sandbox.url });
    await client.connect();
    try {
      [firstRow] = (await client.query(`SELECT * FROM ${table} ORDER BY 1 LIMIT 1`)).rows;
    } finally {
      await client.end();
    }
  }
  console.log(JSON.stringify({ mode, rows, totalMs, originMs, dataMs, maxRssKb, firstRow }));
} finally {
  await sandbox[Symbol.asyncDispose]();
}
