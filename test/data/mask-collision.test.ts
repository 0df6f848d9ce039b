import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromObject } from '../../src/config/resolve-config.js';
import { hashKeyFields, HashSet64 } from '../../src/data/unique-guard.js';
import { openOrigin } from '../../src/pipeline/origin.js';
import { provision } from '../../src/pipeline/provision.js';
import { takeSnapshot } from '../../src/pipeline/take-snapshot.js';
import { testBinDir } from '../helpers/bin-dir.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createTestDb } from '../helpers/test-db.js';

// A custom function is trusted to keep a unique column unique (built-in rules that may not are refused up front).
// One that does not must stop the write, closed, naming the table, the column and the rule.
const schema = `
CREATE TABLE accounts (id int PRIMARY KEY, handle text NOT NULL UNIQUE, plan text);
INSERT INTO accounts SELECT g, 'handle-' || g, 'free' FROM generate_series(1, 500) g;
CREATE TABLE members (tenant int, login text, PRIMARY KEY (tenant, login));
INSERT INTO members SELECT t, 'login-' || g FROM generate_series(1, 3) t, generate_series(1, 50) g;
`;

type Failure = Error & { code?: string; exitCode?: number; hint?: string };

function config(extra: { sourceUrl?: string }, rules: Record<string, string>) {
  const binDir = testBinDir();
  return configFromObject(
    {
      data: { mode: 'anonymized' },
      anonymize: {
        rules: { 'public.accounts.plan': 'keep', 'public.members.login': 'keepLogin', ...rules },
        // five masked values for 500 handles; one value per login, whatever the tenant
        custom: { bucket: (v: string) => `bucket-${v.length % 5}`, flatten: () => 'same-login', keepLogin: (v: string) => `l-${v}` },
      },
      ...(binDir ? { sandbox: { binDir } } : {}),
    },
    { ...extra, anonymizeKey: 'a-test-key-of-enough-length-0123' },
  );
}

const failureOf = (work: Promise<unknown>) =>
  work.then(
    (): Failure => new Error('expected MASK_COLLISION'),
    (e: unknown) => e as Failure,
  );

describe('masked values that collide in a unique key', () => {
  it('stop sandbox snapshot while the table is written, naming table, column and rule, and leave no partial snapshot', async () => {
    await using db = await createTestDb(schema);
    await using dir = await tempDir('sandbox-collision');
    const error = await failureOf(takeSnapshot(config({ sourceUrl: db.url }, { 'public.accounts.handle': 'bucket' }), { outDir: join(dir.path, 'snap') }));
    expect(error.code).toBe('MASK_COLLISION');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('public.accounts.handle (rule "bucket")');
    expect(error.message).not.toContain('handle-1'); // never a value
    expect(error.hint).toMatch(/keeps distinct values distinct/);
    expect(existsSync(join(dir.path, 'snap'))).toBe(false);
    expect(await readdir(dir.path)).toEqual([]); // nor the temp directory it was written in
  });

  it('stop a live anonymized clone before the sandbox builds its unique index', async () => {
    await using db = await createTestDb(schema);
    const collide = config({ sourceUrl: db.url }, { 'public.accounts.handle': 'bucket' });
    const origin = await openOrigin(collide, () => undefined);
    try {
      const error = await failureOf(
        provision(origin, collide, () => undefined).then(async (p) => {
          await p.sandbox[Symbol.asyncDispose]();
        }),
      );
      expect(error.code).toBe('MASK_COLLISION');
      expect(error.message).toContain('public.accounts.handle (rule "bucket")');
    } finally {
      await origin[Symbol.asyncDispose]();
    }
  });

  it('check a composite key as a whole: the same masked login is fine under two tenants, not twice under one', async () => {
    await using db = await createTestDb(schema);
    await using dir = await tempDir('sandbox-collision');
    // distinct logins stay distinct: no false alarm on a composite key
    await takeSnapshot(config({ sourceUrl: db.url }, { 'public.accounts.handle': 'keepLogin', 'public.members.login': 'keepLogin' }), { outDir: join(dir.path, 'ok') });
    const error = await failureOf(
      takeSnapshot(config({ sourceUrl: db.url }, { 'public.accounts.handle': 'keepLogin', 'public.members.login': 'flatten' }), { outDir: join(dir.path, 'flat') }),
    );
    expect(error.code).toBe('MASK_COLLISION');
    expect(error.message).toContain('public.members.login (rule "flatten")');
    expect(error.message).toContain('the unique key (tenant, login)');
    expect(existsSync(join(dir.path, 'flat'))).toBe(false);
  });
});

describe('hashKeyFields', () => {
  const hash = (fields: (string | undefined)[], indexes = fields.map((_, i) => i)) => {
    const out = new Uint32Array(2);
    return hashKeyFields(fields, indexes, out, 0) ? `${out[0]}:${out[1]}` : 'NULL';
  };

  it('tells apart values that differ anywhere, and where one field ends and the next begins', () => {
    const values = ['a', 'b', 'ab', 'ba', 'abc', 'xbc', 'abx', '', 'Zoë', 'Zoe', 'alvina.xmfw3lp4c3ge2hsu@example.net', 'blvina.xmfw3lp4c3ge2hsu@example.net'];
    expect(new Set(values.map((v) => hash([v]))).size).toBe(values.length);
    expect(hash(['ab', 'c'])).not.toBe(hash(['a', 'bc']));
    expect(hash(['', 'a'])).not.toBe(hash(['a', '']));
  });

  it('skips a key with a NULL field: NULLs never collide in a unique index', () => {
    expect(hash(['1', '\\N'])).toBe('NULL');
    expect(hash(['1', undefined])).toBe('NULL');
  });
});

describe('HashSet64', () => {
  it('finds a repeated hash in memory at once, and one that went to disk when the runs are merged', async () => {
    const set = new HashSet64();
    try {
      expect(set.add(1, 2)).toBe(true);
      expect(set.add(1, 2)).toBe(false);
      // past 2^20 hashes the set is written to disk as a sorted run: a repeat of an early hash is found by finish()
      let repeats = 0;
      for (let i = 0; i < 1_200_000; i++) if (!set.add(Math.imul(i, 0x9e3779b1) >>> 0, i)) repeats++;
      expect(repeats).toBe(0);
      expect(set.add(Math.imul(7, 0x9e3779b1) >>> 0, 7)).toBe(true);
      expect(await set.finish()).toBe(true);
    } finally {
      await set.dispose();
    }
    const distinct = new HashSet64();
    for (let i = 0; i < 2_500_000; i++) distinct.add(i, Math.imul(i, 0x85ebca6b) >>> 0);
    expect(await distinct.finish()).toBe(false);
  });
});
