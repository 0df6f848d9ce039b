import { describe, expect, it } from 'vitest';
import { createTestDb, withClient } from '../helpers/test-db.js';
import { constraintStates, measureShapes, syntheticSandbox } from './synthetic-helpers.js';

// Every common type, simple and not-so-simple CHECK constraints, a self reference, a cycle of two tables and a
// composite foreign key: what synthetic mode must generate from statistics alone.
const schema = `
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE DOMAIN percent AS numeric(5,2) CHECK (VALUE >= 0 AND VALUE <= 100);
CREATE TABLE teams (id int PRIMARY KEY, name varchar(12) NOT NULL UNIQUE, captain_id int);
CREATE TABLE people (
  id bigint PRIMARY KEY,
  team_id int NOT NULL REFERENCES teams (id),
  manager_id bigint REFERENCES people (id),
  code text NOT NULL CHECK (code = lower(code)),
  qty smallint CHECK (qty > 0),
  status text NOT NULL CHECK (status IN ('new', 'active', 'gone')),
  score percent,
  price numeric(8,3),
  ratio double precision,
  active boolean,
  born date,
  seen timestamp,
  seen_tz timestamptz,
  wait interval,
  token uuid NOT NULL UNIQUE,
  doc jsonb,
  raw json,
  tags text[],
  nums int[],
  feeling mood,
  addr inet,
  blob bytea,
  span int4range,
  days daterange
);
ALTER TABLE teams ADD FOREIGN KEY (captain_id) REFERENCES people (id) DEFERRABLE INITIALLY DEFERRED;
CREATE TABLE memberships (person_id bigint, team_id int, since date NOT NULL, PRIMARY KEY (person_id, team_id),
  FOREIGN KEY (person_id) REFERENCES people (id), FOREIGN KEY (team_id) REFERENCES teams (id));
CREATE TABLE badges (person_id bigint, team_id int, label text, FOREIGN KEY (person_id, team_id) REFERENCES memberships (person_id, team_id));

BEGIN;
INSERT INTO teams SELECT g, 'team ' || g, NULL FROM generate_series(1, 40) g;
INSERT INTO people SELECT g, 1 + (g * 7) % 40, CASE WHEN g > 10 THEN 1 + (g * 13) % 10 END, 'c' || (g % 300),
  CASE WHEN g % 5 = 0 THEN NULL ELSE 1 + g % 20 END, (ARRAY['new', 'active', 'active', 'gone'])[1 + g % 4], (g % 1000) / 10.0,
  g * 1.125, g / 7.0, CASE WHEN g % 3 = 0 THEN NULL ELSE g % 2 = 0 END, date '2000-01-01' + g % 9000,
  timestamp '2020-01-01' + g * interval '37 minutes', timestamptz '2021-06-01 00:00:00+00' + g * interval '1 hour 3 seconds',
  (g % 90) * interval '1 day' + (g % 24) * interval '1 hour', md5(g::text)::uuid,
  jsonb_build_object('k', g % 50, 'tier', (ARRAY['a', 'b'])[1 + g % 2]), json_build_object('n', g),
  CASE WHEN g % 4 = 0 THEN NULL ELSE ARRAY['x' || g % 6, 'y'] END, ARRAY[g % 10, g % 3],
  (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::mood, ('10.0.' || (g / 250) || '.' || g % 250)::inet,
  CASE WHEN g % 2 = 0 THEN decode(md5(g::text), 'hex') END, int4range(g, g + 10), daterange(date '2022-01-01' + g % 300, date '2022-02-01' + g % 300)
FROM generate_series(1, 3000) g;
UPDATE teams SET captain_id = id * 50;
INSERT INTO memberships SELECT p.id, t, date '2020-01-01' + (p.id % 500)::int FROM people p, LATERAL (SELECT p.team_id AS t UNION SELECT 1 + (p.team_id % 40)) x;
INSERT INTO badges SELECT person_id, team_id, 'badge' FROM memberships WHERE person_id % 4 = 0;
COMMIT;
ANALYZE;
`;

describe('synthetic mode, every common type', () => {
  it('generates every type from its statistics, keeps keys unique and references whole through cycles, and meets every CHECK (the unusual one by rejection, reported)', async () => {
    await using db = await createTestDb(schema);
    const production = await measureShapes(db.url);
    await using sandbox = await syntheticSandbox(db.url, { seed: 3 });
    const shapes = await measureShapes(sandbox.sandbox.url);

    expect([...(await constraintStates(sandbox.sandbox.url))].filter(([, validated]) => !validated)).toEqual([]);
    expect([...(await constraintStates(sandbox.sandbox.url)).keys()].sort()).toEqual([...(await constraintStates(db.url)).keys()].sort());
    expect(sandbox.loaded.fidelity.notReproduced).toEqual([]);

    // code = lower(code) is no simple shape: rows that broke it were left out, and the notes say how many
    const rejected = sandbox.loaded.dataNotes.filter((n) => /broke CHECK/.test(n));
    const people = shapes.get('public.people')!;
    const leftOut = rejected.reduce((sum, n) => sum + Number(/(\d+) generated row/.exec(n)?.[1] ?? 0), 0);
    expect(people.rows + leftOut).toBe(3000);

    const off: string[] = [];
    // a composite foreign key's columns take their values together, from the parent rows picked: each column's distinct
    // count then follows the parents picked, not production's correlation (badges of even teams only)
    const together = new Set(['public.badges.team_id']);
    for (const [table, expected] of production) {
      const actual = shapes.get(table)!;
      if (Math.abs(actual.rows - expected.rows) > expected.rows * 0.02) off.push(`${table}: ${actual.rows} rows, production ${expected.rows}`);
      for (const [column, want] of expected.columns) {
        const got = actual.columns.get(column)!;
        if (Math.abs(got.nullFraction - want.nullFraction) > 0.02) off.push(`${table}.${column}: null fraction ${got.nullFraction.toFixed(3)}, production ${want.nullFraction.toFixed(3)}`);
        if (together.has(`${table}.${column}`)) continue;
        const ratio = want.distinct === 0 ? (got.distinct === 0 ? 1 : Infinity) : got.distinct / want.distinct;
        if (ratio < 0.85 || ratio > 1.15) off.push(`${table}.${column}: ${got.distinct} distinct, production ${want.distinct}`);
      }
    }
    expect(off).toEqual([]);

    // values of each type look like their type, and a sample row reads back
    const [row] = await withClient(sandbox.sandbox.url, async (c) => (await c.query('SELECT * FROM people WHERE doc IS NOT NULL AND tags IS NOT NULL AND blob IS NOT NULL LIMIT 1')).rows);
    expect(row).toMatchObject({ status: expect.stringMatching(/^(new|active|gone)$/), feeling: expect.stringMatching(/^(sad|ok|happy)$/), token: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });
});

describe('synthetic mode, a CHECK across columns', () => {
  it('leaves out the generated rows that break it and the rows that referenced them, and says how many', async () => {
    await using db = await createTestDb(`
      CREATE TABLE spans (id int PRIMARY KEY, lo int NOT NULL, hi int NOT NULL, CHECK (lo <= hi));
      CREATE TABLE marks (id int PRIMARY KEY, span_id int NOT NULL REFERENCES spans (id));
      INSERT INTO spans SELECT g, g % 100, g % 100 + g % 7 FROM generate_series(1, 2000) g;
      INSERT INTO marks SELECT g, 1 + g % 2000 FROM generate_series(1, 4000) g;
      ANALYZE;`);
    await using sandbox = await syntheticSandbox(db.url);

    const notes = sandbox.loaded.dataNotes;
    const broke = Number(/public\.spans: (\d+) generated row\(s\) broke CHECK public\.spans\.spans_check/.exec(notes.join('\n'))?.[1] ?? 0);
    const orphans = Number(/public\.marks: (\d+) row\(s\) referenced rows left out/.exec(notes.join('\n'))?.[1] ?? 0);
    expect(broke).toBeGreaterThan(0);
    expect(orphans).toBeGreaterThan(0);
    const counts = await withClient(sandbox.sandbox.url, async (c) => (await c.query<{ spans: string; marks: string }>('SELECT (SELECT count(*) FROM spans) AS spans, (SELECT count(*) FROM marks) AS marks')).rows[0]!);
    expect(Number(counts.spans)).toBe(2000 - broke);
    expect(Number(counts.marks)).toBe(4000 - orphans);
    expect([...(await constraintStates(sandbox.sandbox.url))].filter(([, validated]) => !validated)).toEqual([]);
  });
});
