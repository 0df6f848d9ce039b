import { z } from 'zod';
import { equivalenceSchema } from '../equivalence/equivalence-schema.js';
import { lockModes } from '../replay/lock-modes.js';

/** Bump only with a migration note: CI scripts and agents parse this file. */
export const reportVersion = 1;

export const statementErrorSchema = z.object({
  message: z.string(),
  sqlstate: z.string().optional(),
  detail: z.string().optional(),
  hint: z.string().optional(),
  constraint: z.string().optional(),
  at: z.string().optional(),
});

export const statementSchema = z.object({
  sql: z.string(),
  file: z.string(),
  line: z.number().int(),
  kind: z.string(),
  tables: z.array(z.string()),
  irreversible: z.boolean(),
  hasWhere: z.boolean().nullable(),
  lockMode: z.string().nullable(),
  status: z.enum(['ok', 'error', 'skipped']),
  rowCount: z.number().int().nullable(),
  durationMs: z.number().nullable(),
  error: statementErrorSchema.nullable(),
  /** Table locks the statement took (pg_locks of the replaying session), strongest first; null where not observable */
  locks: z.array(z.object({ table: z.string(), mode: z.enum(lockModes) })).nullable(),
});

export const tableEntrySchema = z.object({
  name: z.string(),
  rowsBefore: z.number().int(),
  rowsAfter: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  productionRows: z.number().int().nullable(),
  estimatedProductionAffected: z.number().int().nullable(),
  collateral: z.boolean(),
  /** The partitioned table this partition belongs to; its own entry is the sum of its partitions */
  partitionOf: z.string().nullable(),
});

/** One smoke check of `policy.smoke`, run after the operation */
export const smokeResultSchema = z.object({
  name: z.string(),
  argv: z.array(z.string()),
  ok: z.boolean(),
  exitCode: z.number().int().nullable(),
  signal: z.string().nullable(),
  timedOut: z.boolean(),
  output: z.string(),
  truncated: z.boolean(),
  durationMs: z.number(),
});

export const reportSchema = z.object({
  version: z.literal(reportVersion),
  verdict: z.enum(['pass', 'fail', 'needs-approval']),
  operation: z.object({
    kind: z.enum(['sql', 'command']),
    sha256: z.string(),
    files: z.array(z.string()),
    statements: z.array(statementSchema),
    /** A replayed command (`sandbox replay -- CMD`): how it ended and what it printed (truncated, passwords masked) */
    command: z
      .object({
        argv: z.array(z.string()),
        exitCode: z.number().int().nullable(),
        signal: z.string().nullable(),
        output: z.string(),
        truncated: z.boolean(),
        durationMs: z.number(),
      })
      .optional(),
  }),
  snapshot: z.object({
    id: z.string(),
    createdAt: z.string(),
    dataMode: z.string(),
    source: z.object({ serverVersion: z.string(), database: z.string() }),
  }),
  sandbox: z
    .object({
      id: z.string(),
      provider: z.string(),
      serverVersion: z.string(),
      /** Schema objects of production the sandbox has, out of those production has */
      fidelity: z.object({ reproduced: z.number().int(), inSource: z.number().int() }).nullable(),
      /** Every object of production the sandbox lacks, by name, with the reason */
      notReproduced: z.array(z.object({ objectType: z.string(), name: z.string(), reason: z.string() })),
    })
    .nullable(),
  tables: z.array(tableEntrySchema),
  schemaChanges: z.array(z.object({ change: z.enum(['create', 'drop', 'alter']), objectType: z.string(), name: z.string(), detail: z.string() })),
  invariants: z.array(z.object({ name: z.string(), before: z.unknown(), after: z.unknown(), ok: z.boolean() })),
  /** The smoke checks of the policy, in order; absent when none is configured */
  smoke: z.array(smokeResultSchema).optional(),
  rules: z.array(z.object({ id: z.string(), ok: z.boolean(), message: z.string() })),
  errors: z.array(z.object({ stage: z.string(), message: z.string() })),
  /** Why the verdict may be less certain than usual, e.g. the sandbox runs another major version than production */
  warnings: z.array(z.string()),
  /** How close the sandbox's data is to production's profile, measured after provisioning; absent when no sandbox was loaded */
  equivalence: equivalenceSchema.optional(),
  createdAt: z.string(),
  durationMs: z.number(),
});

export type Report = z.infer<typeof reportSchema>;
export type ReportStatement = z.infer<typeof statementSchema>;
export type SmokeResult = z.infer<typeof smokeResultSchema>;
export type CommandOutcome = NonNullable<Report['operation']['command']>;
export type TableEntry = z.infer<typeof tableEntrySchema>;
export type RuleResult = Report['rules'][number];
export type InvariantResult = Report['invariants'][number];
export type Verdict = Report['verdict'];
