import type { TestProject } from 'vitest/node';
import { findBinaries } from '../../src/sandbox/find-binaries.js';
import { startPostgresServer, type RunningServer } from '../../src/sandbox/postgres-server.js';
import { testBinDir } from './bin-dir.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test run's PostgreSQL, database `postgres` */
    pgAdminUrl: string;
    pgVersion: string;
  }
}

let server: RunningServer | undefined;

/** vitest globalSetup: one PostgreSQL for the whole run, removed with its data directory at the end. */
export async function setup(project: TestProject): Promise<void> {
  const binaries = await findBinaries(testBinDir());
  server = await startPostgresServer({ binaries, label: 'test-source', startTimeoutMs: 60_000 });
  project.provide('pgAdminUrl', server.url('postgres'));
  project.provide('pgVersion', binaries.version);
}

export async function teardown(): Promise<void> {
  await server?.[Symbol.asyncDispose]();
}
