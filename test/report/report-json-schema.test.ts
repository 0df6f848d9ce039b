import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema } from '../../src/report/report-json-schema.js';

describe('reportJsonSchema', () => {
  it('is what templates/report.schema.json ships (regenerate it with the snippet in its JSDoc when the report changes)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../templates/report.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(shipped).toEqual(reportJsonSchema());
  });

  it('names every field of the DESIGN.md report contract as required', () => {
    const schema = reportJsonSchema() as { required: string[]; properties: { operation: { properties: { statements: { items: { required: string[] } } } } } };
    expect(schema.required).toEqual(expect.arrayContaining(['version', 'verdict', 'operation', 'snapshot', 'tables', 'schemaChanges', 'invariants', 'rules', 'errors', 'durationMs']));
    expect(schema.properties.operation.properties.statements.items.required).toEqual(expect.arrayContaining(['sql', 'kind', 'tables', 'irreversible', 'hasWhere', 'lockMode', 'locks', 'rowCount', 'durationMs', 'error']));
  });
});
