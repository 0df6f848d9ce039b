import { describe, expect, it } from 'vitest';
import { createTestDb } from '../helpers/test-db.js';
import { cloneSubset, foreignKeys, orphans, rows, subsetConfig } from './subset-helpers.js';

// A management tree (each employee manages three: 1; 2-4; 5-13; 14-40; 41-121; 122-364), and a cycle between two
// tables: every member is in a team, every team is led by a member of the next team (team 5's lead is in team 1).
const schema = `
CREATE TABLE employees (id int PRIMARY KEY, manager_id int REFERENCES employees (id));
INSERT INTO employees SELECT g, CASE WHEN g > 1 THEN (g + 1) / 3 END FROM generate_series(1, 364) g;
CREATE TABLE teams (id int PRIMARY KEY, lead_member_id int NOT NULL);
CREATE TABLE members (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams (id));
INSERT INTO teams SELECT t, (t % 5) * 10 + 1 FROM generate_series(1, 5) t;
INSERT INTO members SELECT m, (m + 9) / 10 FROM generate_series(1, 50) m;
ALTER TABLE teams ADD FOREIGN KEY (lead_member_id) REFERENCES members (id);
`;

const ids = async (url: string, table: string) => (await rows<{ id: number }>(url, `SELECT id FROM ${table} ORDER BY id`)).map((r) => r.id);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a subset over a self-referencing table', () => {
  it('follows children down the tree for maxCycleDepth extra passes, no further', async () => {
    await using db = await createTestDb(schema, 'cycles');
    for (const [depth, expected] of [
      [0, [1]],
      [1, range(1, 4)],
      [2, range(1, 13)],
    ] as const) {
      await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'employees', where: 'id = 1' }], children: 'all', maxCycleDepth: depth }));
      expect(await ids(clone.url, 'employees'), `maxCycleDepth ${depth}`).toEqual(expected);
      expect(clone.lines).toContain(`subset: children in public.employees followed to ${depth} extra pass(es) along a cycle, no further (maxCycleDepth)`);
    }
  });

  it('follows parents up the whole chain whatever the depth, so that the foreign key holds', async () => {
    await using db = await createTestDb(schema, 'cycles');
    await using clone = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'employees', where: 'id = 364' }], maxCycleDepth: 0 }));
    expect(await ids(clone.url, 'employees')).toEqual([1, 4, 13, 40, 121, 364]);
    expect(await orphans(clone.url)).toEqual([]);
  });
});

describe('a subset over a cycle of two tables (A → B → A)', () => {
  it('ends, bounded by maxCycleDepth, with every foreign key of the cycle holding', async () => {
    await using db = await createTestDb(schema, 'cycles');
    // depth 0: team 1 and its members; the leads' chain of parents brings every team and one lead member of each
    await using shallow = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'teams', where: 'id = 1' }], children: 'all', maxCycleDepth: 0 }));
    expect(await ids(shallow.url, 'teams')).toEqual(range(1, 5));
    expect(await ids(shallow.url, 'members')).toEqual([...range(1, 11), 21, 31, 41]);
    expect(await orphans(shallow.url)).toEqual([]);
    expect(shallow.lines).toContain('subset: children in public.teams followed to 0 extra pass(es) along a cycle, no further (maxCycleDepth)');

    // depth 2: team 1's members lead team 5 (pass 2), whose members lead team 4 (pass 3), whose members are taken
    // too; the teams they lead would be a fourth pass
    await using deep = await cloneSubset(subsetConfig(db.url, { roots: [{ table: 'teams', where: 'id = 1' }], children: 'all', maxCycleDepth: 2 }));
    expect(await ids(deep.url, 'members')).toEqual([...range(1, 11), 21, ...range(31, 50)]);
    expect(await orphans(deep.url)).toEqual([]);
    expect(await foreignKeys(deep.url)).toEqual({ total: 3, notValidated: [] });
  });
});
