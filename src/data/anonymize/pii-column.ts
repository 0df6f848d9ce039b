import { z } from 'zod';

/** What kind of personal data a column holds; `none`: nothing that identifies a person was found. */
export const piiClasses = [
  'email',
  'phone',
  'person-name',
  'address',
  'ip',
  'card-number',
  'national-id',
  'token',
  'free-text',
  'date-of-birth',
  'json',
  'none',
] as const;
export type PiiClass = (typeof piiClasses)[number];

/** The part of a name or an address, where the class has parts. */
export const piiParts = ['first', 'last', 'full', 'street', 'city', 'zip'] as const;
export type PiiPart = (typeof piiParts)[number];

/** The anonymizers a rule can name (anonymizers/), as `sandbox.config.ts` spells them. */
export const ruleNames = [
  'email',
  'first-name',
  'last-name',
  'full-name',
  'phone',
  'street',
  'city',
  'zip',
  'ip',
  'uuid',
  'card-number',
  'token',
  'free-text',
  'date-shift',
  'numeric-noise',
  'keep',
  'null',
  'constant',
  'json-path',
] as const;
export type RuleName = (typeof ruleNames)[number];

/** How a class was found: from the column's name, from sampled values, or both agreeing. */
export const detectedBy = ['name', 'values', 'both'] as const;
export type DetectedBy = (typeof detectedBy)[number];

const detectionFields = {
  class: z.enum(piiClasses),
  part: z.enum(piiParts).optional(),
  /** 0..1: for names, how specific the pattern is; for values, the share of sampled values that matched */
  confidence: z.number().min(0).max(1),
  by: z.enum(detectedBy),
  suggestedRule: z.enum(ruleNames),
  /** Why, in words, for the config snippet and the snapshot; never quotes a value */
  reason: z.string(),
};

/** A path inside a json/jsonb column that looks like personal data: `$.contact.email`, `$.phones[*]`, `$.*` (keys). */
export const piiJsonPathSchema = z.object({
  /** SQL/JSON path (jsonpath) syntax; a key that is not a plain identifier becomes `*`, so no value is ever quoted */
  path: z.string(),
  ...detectionFields,
});
export type PiiJsonPath = z.infer<typeof piiJsonPathSchema>;

/** One column's PII classification, as the snapshot records it (`pii.json`) with the rule applied. */
export const piiColumnSchema = z.object({
  /** `public.users`; a partitioned table stands for its partitions */
  table: z.string(),
  column: z.string(),
  /** As format_type prints it */
  type: z.string(),
  ...detectionFields,
  /** Distinct non-blank values (or json documents) looked at; 0 when the type is not sampled or the table is empty */
  sampled: z.number().int().min(0),
  /** A generated column: recomputed in the sandbox from the masked columns, so it needs no rule, but its statistics are masked all the same */
  generated: z.literal(true).optional(),
  /** json/jsonb columns: the paths that look like personal data */
  paths: z.array(piiJsonPathSchema).optional(),
});
export type PiiColumn = z.infer<typeof piiColumnSchema>;

export const piiClassificationSchema = z.array(piiColumnSchema);

/** `public.users.email`: how rules in sandbox.config.ts name a column. */
export const columnKey = (column: { table: string; column: string }) => `${column.table}.${column.column}`;
