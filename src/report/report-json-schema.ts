import { z } from 'zod';
import { reportSchema, reportVersion } from './report-schema.js';

/**
 * report.json's JSON Schema, made from the same zod schema the report is checked with, for tools that do not run
 * TypeScript (a CI step in Python, an agent framework). templates/report.schema.json is this, written out.
 * @example writeFileSync('report.schema.json', JSON.stringify(reportJsonSchema(), null, 2))
 */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(reportSchema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }),
    $id: `https://sandbox.dev/schemas/report-v${reportVersion}.json`,
    title: `sandbox report.json, version ${reportVersion}`,
  };
}
