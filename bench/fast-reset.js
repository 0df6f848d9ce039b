// A replay of a no-op after a fast reset (template-database copy of the loaded sandbox) against a replay of the
// same no-op in a freshly provisioned sandbox (new server, schema, data, baseline), on Pagila in copy mode.
// Target (issue 5): ratio ≤ 0.2.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromObject, readOperation, replay, ReplaySession } from '../dist/src/index.js';
import { binDir, report, runs, startSource, time } from './lib.js';

const pagila = new URL('../../shared/fixtures/pagila/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
const { server, psql } = await startSource('bench-reset');
const check = (result) => {
  if (result.errors.length > 0) throw new Error(result.errors[0].message);
};
try {
  psql('postgres', '-c', 'CREATE ROLE postgres', '-c', 'CREATE DATABASE pagila');
  psql('pagila', '-f', join(pagila, 'pagila-schema.sql'));
  psql('pagila', '-f', join(pagila, 'pagila-data.sql'));
  writeFileSync(join(dir, 'noop.sql'), 'SELECT 1;\n');
  const config = configFromObject({ data: { mode: 'copy' }, ...(binDir ? { sandbox: { binDir } } : {}) }, { sourceUrl: server.url('pagila') });
  const operation = await readOperation([join(dir, 'noop.sql')]);
  const fresh = [];
  const reset = [];
  for (let i = 0; i < runs; i++) fresh.push(await time(async () => check(await replay(operation, config))));
  // Node 20 runs plain JS without `await using`: dispose by hand
  const session = await ReplaySession.open(config, { reusable: true });
  try {
    check(await session.replay(operation)); // the first runs on the sandbox as loaded; every later one resets first
    for (let i = 0; i < runs; i++) reset.push(await time(async () => check(await session.replay(operation))));
  } finally {
    await session[Symbol.asyncDispose]();
  }
  report('replay of a no-op after a fast reset, Pagila (~50k rows, copy mode)', reset, fresh, 'replay of the same no-op in a freshly provisioned sandbox');
} finally {
  await server[Symbol.asyncDispose]();
  rmSync(dir, { recursive: true, force: true });
}
