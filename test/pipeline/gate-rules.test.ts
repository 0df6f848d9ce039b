import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserConfig } from '../../src/config/config-schema.js';
import { readOperation } from '../../src/pipeline/operation.js';
import { replay } from '../../src/pipeline/replay.js';
import type { Report } from '../../src/report/report-schema.js';
import type { TestDb } from '../helpers/test-db.js';
import { createFixtureDb, fixturePath, replayConfig } from './fixture-cases.js';

// One source (users 100, sessions 200 cascading from users, settings 3) for every replay of this file: a replay
// only reads it. Each describe is one replay, judged by one policy.

let source: TestDb;

beforeAll(async () => {
  source = await createFixtureDb('gate-rules');
});

afterAll(async () => {
  await source?.[Symbol.asyncDispose]();
});

async function gate(opFile: string, config: Pick<UserConfig, 'policy' | 'invariants'>): Promise<Report> {
  const report = await replay(await readOperation([fixturePath('gate-rules', opFile)]), replayConfig(source.url, config));
  expect(report.errors).toEqual([]);
  return report;
}

/** rule id → ok; also pins which rules ran at all */
function outcomes(report: Report): Record<string, boolean> {
  return Object.fromEntries(report.rules.map((r) => [r.id, r.ok]));
}

function message(report: Report, id: string): string {
  const rule = report.rules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id} in ${JSON.stringify(report.rules)}`);
  return rule.message;
}

const deletedByTable = (report: Report) => Object.fromEntries(report.tables.map((t) => [t.name, t.deleted]));

describe('a scoped delete that stays within every limit', () => {
  let report: Report;
  beforeAll(async () => {
    report = await gate('delete-ten-users.sql', {
      policy: {
        // users deletes exactly its override, sessions exactly the default: a limit is the most allowed, not a bound to stay under
        maxRowsDeleted: { default: 20, tables: { 'public.users': 10 } },
        maxFractionChanged: { default: 0.1 },
        forbid: ['DROP', 'TRUNCATE'],
        requireWhere: true,
      },
      invariants: [
        { name: 'settings-untouched', sql: "SELECT string_agg(key || '=' || value, ',' ORDER BY key) FROM settings" },
        { name: 'users-left', sql: 'SELECT count(*) FROM users', expect: { equals: 90 } },
      ],
    });
  });

  it('deletes 10 users and, by cascade, their 20 sessions', () => {
    expect(deletedByTable(report)).toEqual({ 'public.users': 10, 'public.sessions': 20 });
  });

  it('passes, with every enabled rule reported as ok', () => {
    expect(report.verdict).toBe('pass');
    expect(outcomes(report)).toEqual({
      'operation-succeeded': true,
      forbid: true,
      'require-where': true,
      'max-rows-deleted': true,
      'max-fraction-changed': true,
      'invariant:settings-untouched': true,
      'invariant:users-left': true,
    });
  });

  it('records the invariant values measured before and after the operation', () => {
    const byName = Object.fromEntries(report.invariants.map((i) => [i.name, i]));
    expect(byName['settings-untouched']).toMatchObject({ before: 'maintenance=off,max_upload_mb=25,theme=dark', after: 'maintenance=off,max_upload_mb=25,theme=dark', ok: true });
    expect(String(byName['users-left']?.before)).toBe('100');
    expect(String(byName['users-left']?.after)).toBe('90');
  });
});

describe('max-rows-deleted with a default and a per-table override', () => {
  let report: Report;
  beforeAll(async () => {
    report = await gate('delete-ten-users.sql', { policy: { maxRowsDeleted: { default: 5, tables: { users: 10 } } } });
  });

  it('fails the gate for the table over the default and spares the table within its override', () => {
    expect(report.verdict).toBe('fail');
    expect(outcomes(report)).toEqual({ 'operation-succeeded': true, 'require-where': true, 'max-rows-deleted': false });
    expect(message(report, 'max-rows-deleted')).toContain('public.sessions: 20 deleted, limit 5');
    expect(message(report, 'max-rows-deleted')).not.toContain('public.users');
  });
});

describe('max-fraction-changed and invariants on an UPDATE of 30 users, 27 of whom change', () => {
  let report: Report;
  beforeAll(async () => {
    report = await gate('upgrade-thirty-users.sql', {
      policy: { maxFractionChanged: { default: 0.5, tables: { 'public.users': 0.25 } } },
      invariants: [
        { name: 'user-count', sql: 'SELECT count(*) FROM users', expect: 'unchanged' },
        { name: 'pro-users', sql: "SELECT count(*) FROM users WHERE plan = 'pro'", expect: 'unchanged' },
        { name: 'all-users', sql: 'SELECT count(*) FROM users', expect: { equals: 100 } },
        { name: 'free-users', sql: "SELECT count(*) FROM users WHERE plan = 'free'", expect: { equals: 90 } },
      ],
    });
  });

  it('fails max-fraction-changed for a table over its own limit, counting only rows that changed', () => {
    expect(report.verdict).toBe('fail');
    expect(outcomes(report)['max-fraction-changed']).toBe(false);
    expect(message(report, 'max-fraction-changed')).toContain('public.users: 27.0% changed (27 of 100), limit 25.0%');
  });

  it('holds an unchanged invariant whose value stayed and breaks one whose value moved', () => {
    expect(outcomes(report)).toMatchObject({ 'invariant:user-count': true, 'invariant:pro-users': false });
    expect(message(report, 'invariant:pro-users')).toMatch(/before 10\b.*after 37\b/);
  });

  it('holds an equals invariant that matches the value after and breaks one that does not', () => {
    expect(outcomes(report)).toMatchObject({ 'invariant:all-users': true, 'invariant:free-users': false });
    expect(message(report, 'invariant:free-users')).toMatch(/after 63\b/);
  });

  it('runs no rule the policy leaves out', () => {
    expect(Object.keys(outcomes(report)).sort()).toEqual([
      'invariant:all-users',
      'invariant:free-users',
      'invariant:pro-users',
      'invariant:user-count',
      'max-fraction-changed',
      'operation-succeeded',
      'require-where',
    ]);
  });
});

describe('forbid', () => {
  let report: Report;
  beforeAll(async () => {
    report = await gate('drop-settings.sql', { policy: { forbid: ['DROP'], requireWhere: false } });
  });

  it("fails the gate for DROP TABLE when 'DROP' is forbidden", () => {
    expect(report.operation.statements.map((s) => s.kind)).toEqual(['DROP TABLE']);
    expect(report.verdict).toBe('fail');
    expect(outcomes(report)).toEqual({ 'operation-succeeded': true, forbid: false });
    expect(message(report, 'forbid')).toContain('DROP TABLE at ');
  });
});

describe('require-where', () => {
  let report: Report;
  beforeAll(async () => {
    report = await gate('deactivate-all-users.sql', { policy: { forbid: ['DROP TABLE', 'TRUNCATE'] } });
  });

  it('fails the gate for an UPDATE without WHERE, by default', () => {
    expect(report.verdict).toBe('fail');
    expect(outcomes(report)).toEqual({ 'operation-succeeded': true, forbid: true, 'require-where': false });
    expect(message(report, 'require-where')).toContain('UPDATE on public.users');
  });
});

describe('operation-succeeded', () => {
  let report: Report;
  beforeAll(async () => {
    report = await gate('duplicate-email.sql', {});
  });

  it('fails the gate when a statement fails in the sandbox, naming its SQLSTATE', () => {
    expect(report.verdict).toBe('fail');
    expect(outcomes(report)).toEqual({ 'operation-succeeded': false, 'require-where': true });
    expect(message(report, 'operation-succeeded')).toContain('[23505]');
    expect(report.tables).toEqual([]);
  });
});

describe('a migration that locks a large table', () => {
  let report: Report;
  beforeAll(async () => {
    // users (100 rows) and sessions (200) count as large here, settings (3) does not
    report = await gate('add-columns.sql', { policy: { maxLockOnLargeTables: { rows: 50 } } });
  });

  it('records the locks each statement took', () => {
    expect(report.operation.statements.map((s) => [s.kind, s.lockMode, s.locks])).toEqual([
      ['ALTER TABLE', 'ACCESS EXCLUSIVE', [{ table: 'public.users', mode: 'ACCESS EXCLUSIVE' }]],
      ['ALTER TABLE', 'ACCESS EXCLUSIVE', [{ table: 'public.settings', mode: 'ACCESS EXCLUSIVE' }]],
      // CONCURRENTLY cannot run in a transaction: its locks are not observed, the documented mode stands
      ['CREATE INDEX CONCURRENTLY', 'SHARE UPDATE EXCLUSIVE', null],
    ]);
  });

  it('fails on the ACCESS EXCLUSIVE lock of the large table only, naming it', () => {
    expect(report.verdict).toBe('fail');
    expect(outcomes(report)['max-lock-on-large-tables']).toBe(false);
    expect(message(report, 'max-lock-on-large-tables')).toBe(
      '1 lock stronger than SHARE UPDATE EXCLUSIVE on a table of 50+ rows: ACCESS EXCLUSIVE on public.users (100 rows in production) by ALTER TABLE at ' +
        `${fixturePath('gate-rules', 'add-columns.sql')}:2`,
    );
  });

  it('passes the same migration when the large tables are allowed that lock', async () => {
    const allowed = await gate('add-columns.sql', { policy: { maxLockOnLargeTables: { rows: 50, mode: 'ACCESS EXCLUSIVE' } } });
    expect(outcomes(allowed)['max-lock-on-large-tables']).toBe(true);
    expect(allowed.verdict).toBe('pass');
  });
});
