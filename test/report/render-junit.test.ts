import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOperation } from '../../src/pipeline/operation.js';
import { replay } from '../../src/pipeline/replay.js';
import { renderJunit } from '../../src/report/render/junit.js';
import type { Report } from '../../src/report/report-schema.js';
import { createFixtureDb, fixturePath, replayConfig } from '../pipeline/fixture-cases.js';
import type { TestDb } from '../helpers/test-db.js';

let source: TestDb;
let report: Report;

beforeAll(async () => {
  source = await createFixtureDb('gate-rules');
  report = await replay(
    await readOperation([fixturePath('gate-rules', 'delete-ten-users.sql')]),
    replayConfig(source.url, {
      policy: { maxRowsDeleted: { default: 5 } },
      invariants: [{ name: 'users <left> & "counted"', sql: 'SELECT count(*) FROM users', expect: { equals: 100 } }],
    }),
  );
});

afterAll(async () => {
  await source?.[Symbol.asyncDispose]();
});

/** PostgreSQL's own XML parser (libxml2) reads the file: well-formed, and what XPath finds in it */
async function xpath(xml: string, path: string): Promise<string[]> {
  const rows = await source.query<{ v: string }>('SELECT unnest(xpath($2, $1::xml))::text AS v', [xml, path]);
  return rows.map((r) => r.v);
}

describe('renderJunit', () => {
  it('writes one test case per rule, invariants among them, failures with their message, and the verdict as a property', async () => {
    const xml = renderJunit(report);
    expect(await xpath(xml, 'count(//testcase)')).toEqual([String(report.rules.length)]);
    expect(await xpath(xml, '/testsuites/@failures')).toEqual(['2']);
    expect(await xpath(xml, '//testcase[failure]/@name')).toEqual(['max-rows-deleted', 'invariant:users &lt;left&gt; &amp; "counted"']); // xpath() hands values back as XML text
    expect(await xpath(xml, "//testcase[@name='max-rows-deleted']/failure/@message")).toEqual([expect.stringContaining('public.users: 10 deleted, limit 5')]);
    expect(await xpath(xml, "//testcase[@classname='sandbox.invariants']/failure/text()")).toEqual([expect.stringContaining('after: "90"')]);
    expect(await xpath(xml, "//property[@name='verdict']/@value")).toEqual(['fail']);
    expect(await xpath(xml, "//property[@name='operation.sha256']/@value")).toEqual([report.operation.sha256]);
  });

  it('turns every stage that could not judge into an erroring test case, and keeps the XML valid whatever the message holds', async () => {
    const broken: Report = { ...report, rules: [], errors: [{ stage: 'replay', message: 'server said \u0001 <boom> & "quit"\nsecond line' }] };
    const xml = renderJunit(broken);
    expect(await xpath(xml, '/testsuites/@errors')).toEqual(['1']);
    expect(await xpath(xml, "//testcase[@classname='sandbox.stages']/error/@message")).toEqual(['server said \uFFFD &lt;boom&gt; &amp; "quit"']);
  });
});
