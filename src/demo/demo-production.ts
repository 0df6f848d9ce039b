import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { templatePath } from '../package-root.js';
import { findBinaries } from '../sandbox/find-binaries.js';
import { startPostgresServer, type RunningServer } from '../sandbox/postgres-server.js';

export interface DemoProduction extends AsyncDisposable {
  /** URL of a role with only CONNECT and SELECT, as `sandbox snapshot` should be given in real life */
  readerUrl: string;
  server: RunningServer;
}

/**
 * Starts the bundled sample "production" (a small shop) on its own embedded PostgreSQL and hands out a read-only
 * role, so the demo exercises the same least-privilege path as a real setup.
 */
export async function startDemoProduction(progress: (line: string) => void, binDir?: string): Promise<DemoProduction> {
  const server = await startPostgresServer({ binaries: await findBinaries(binDir), label: 'demo-production', startTimeoutMs: 60_000, progress });
  try {
    const password = randomBytes(12).toString('hex');
    const admin = new pg.Client({ connectionString: server.url('postgres') });
    admin.on('error', () => undefined);
    await admin.connect();
    await admin.query('CREATE DATABASE shop');
    await admin.query(`CREATE ROLE demo_reader LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
    await admin.end();
    const shop = new pg.Client({ connectionString: server.url('shop') });
    shop.on('error', () => undefined);
    await shop.connect();
    progress('loading the sample production database (templates/demo/production.sql)');
    await shop.query(await readFile(templatePath('demo', 'production.sql'), 'utf8'));
    await shop.query(`GRANT CONNECT ON DATABASE shop TO demo_reader;
      GRANT USAGE ON SCHEMA public TO demo_reader;
      GRANT SELECT ON ALL TABLES IN SCHEMA public TO demo_reader;
      GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO demo_reader`);
    await shop.end();
    const readerUrl = server.url('shop').replace(/^postgres:\/\/[^@]*@/, `postgres://demo_reader:${password}@`);
    return { readerUrl, server, [Symbol.asyncDispose]: () => server[Symbol.asyncDispose]() };
  } catch (error) {
    await server[Symbol.asyncDispose]();
    throw error;
  }
}
