import type { ColumnRule, ResolvedConfig } from '../config/config-schema.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { SchemaModel, Table } from '../source/model.js';
import { decodeCopyField, type FieldMask } from './copy-text.js';

/** The part of an anonymizer the plan needs (anonymizers/anonymizer.ts has the whole contract). */
export interface MaskingAnonymizer {
  name: string;
  unique: boolean;
  mask(value: string, ctx: { key: Buffer; column: MaskedColumn; options: Record<string, unknown> }): string | null;
  check?(column: MaskedColumn, options: Record<string, unknown>): string | undefined;
}

export interface MaskedColumn {
  table: string;
  name: string;
  type: string;
  unique: boolean;
  notNull: boolean;
}

export interface AppliedRule {
  /** `schema.table.column` */
  column: string;
  rule: string;
  /** Set when the rule was carried over from the column this one references, so that joins still join */
  carriedFrom?: string;
}

export interface MaskPlan {
  /** The masks of one table, by position in its COPY column list (every column but generated ones) */
  masksFor(table: Table): Map<number, FieldMask>;
  /** The rule of each masked column of one table, by the same positions */
  rulesFor(table: Table): Map<number, string>;
  applied: AppliedRule[];
  /**
   * What a worker thread needs to build the same plan (mask-workers.ts). Not enumerable: it holds the key.
   * Absent on plans made by hand.
   */
  readonly portable?: PortablePlan;
}

/** The inputs of buildMaskPlan, and the anonymizers they resolved to, so that another thread can check it builds the same masks. */
export interface PortablePlan {
  model: Pick<SchemaModel, 'tables' | 'foreignKeys'>;
  anonymize: ResolvedConfig['anonymize'];
  key: Buffer;
  /** The config file the custom functions come from, for a worker to load them again */
  configPath?: string;
  /** Every anonymizer a rule resolved to, by rule name; `custom` when it is a function of anonymize.custom */
  anonymizers: ReadonlyMap<string, { anonymizer: MaskingAnonymizer; custom: boolean }>;
}

/**
 * Turns `anonymize.rules` into per-table masks, checked against the schema before any row moves: an unknown column
 * or anonymizer, a rule that would write NULL into a NOT NULL column, or a non-unique anonymizer on a unique column
 * is a config error. A masked key is carried into every foreign key that references it (same anonymizer, same
 * key, so the same value masks to the same value everywhere), and a rule on a partitioned table covers its partitions.
 */
export function buildMaskPlan(
  model: Pick<SchemaModel, 'tables' | 'foreignKeys'>,
  config: Pick<ResolvedConfig, 'anonymize' | 'anonymizeKey'> & { configPath?: string | undefined },
  lookup: (name: string) => MaskingAnonymizer | undefined,
): MaskPlan {
  const key = maskingKey(config);
  const tables = new Map(model.tables.map((t) => [t.display, t]));
  const uniqueColumns = uniqueColumnsOf(model);
  const problems: string[] = [];
  const rules = new Map<string, { rule: string; options: Record<string, unknown>; carriedFrom?: string }>();
  for (const [path, raw] of Object.entries(config.anonymize.rules)) {
    const { table, column } = splitPath(path, tables);
    if (!table || !column) {
      problems.push(`anonymize.rules["${path}"]: no such column (write schema.table.column, e.g. public.users.email)`);
      continue;
    }
    rules.set(`${table.display}.${column}`, normalise(raw));
  }
  // foreign keys take their referenced column's rule, unless they name one of their own
  for (const fk of model.foreignKeys ?? []) {
    fk.columns.forEach((column, i) => {
      const target = `${fk.refTable}.${fk.refColumns[i]}`;
      const referenced = rules.get(target);
      if (!referenced || referenced.rule === 'keep') return;
      const own = rules.get(`${fk.table}.${column}`);
      if (own && own.rule !== referenced.rule) {
        problems.push(`anonymize.rules["${fk.table}.${column}"]: "${own.rule}" differs from "${referenced.rule}" on ${target}, which it references; masked values would no longer join`);
      } else if (!own) {
        rules.set(`${fk.table}.${column}`, { ...referenced, carriedFrom: target });
      }
    });
  }
  const resolved = new Map<string, { anonymizer: MaskingAnonymizer; options: Record<string, unknown>; column: MaskedColumn; custom: boolean }>();
  const used = new Map<string, { anonymizer: MaskingAnonymizer; custom: boolean }>();
  const applied: AppliedRule[] = [];
  for (const [path, rule] of rules) {
    applied.push({ column: path, rule: rule.rule, ...(rule.carriedFrom ? { carriedFrom: rule.carriedFrom } : {}) });
    if (rule.rule === 'keep') continue;
    const builtIn = lookup(rule.rule);
    const anonymizer = builtIn ?? customAnonymizer(rule.rule, config.anonymize.custom);
    if (!anonymizer) {
      problems.push(`anonymize.rules["${path}"]: unknown anonymizer "${rule.rule}"`);
      continue;
    }
    if (!used.has(rule.rule)) used.set(rule.rule, { anonymizer, custom: !builtIn });
    const { table, column } = splitPath(path, tables);
    const def = table!.columns.find((c) => c.name === column)!;
    const masked: MaskedColumn = { table: table!.display, name: column!, type: def.type, notNull: def.notNull, unique: uniqueColumns.has(path) };
    if (def.generated) problems.push(`anonymize.rules["${path}"]: a generated column is computed in the sandbox; mask the columns it is computed from`);
    if (masked.unique && !anonymizer.unique) problems.push(`anonymize.rules["${path}"]: the column is unique, but "${rule.rule}" may map two values to one; choose a unique anonymizer`);
    const problem = anonymizer.check?.(masked, rule.options);
    if (problem) problems.push(`anonymize.rules["${path}"]: ${problem}`);
    resolved.set(path, { anonymizer, options: rule.options, column: masked, custom: !builtIn });
  }
  if (problems.length > 0) {
    throw new SandboxError('CONFIG_INVALID', `Invalid anonymization rules:\n${problems.map((p) => `  ${p}`).join('\n')}`, { stage: 'config' });
  }
  const plan: MaskPlan = {
    applied,
    rulesFor(table) {
      const rules = new Map<number, string>();
      table.columns
        .filter((c) => !c.generated)
        .forEach((c, index) => {
          const rule = ruleFor(table, c.name, resolved, tables);
          if (rule) rules.set(index, rule.anonymizer.name);
        });
      return rules;
    },
    masksFor(table) {
      const masks = new Map<number, FieldMask>();
      const copyColumns = table.columns.filter((c) => !c.generated);
      copyColumns.forEach((c, index) => {
        const rule = ruleFor(table, c.name, resolved, tables);
        if (!rule) return;
        // the entity a value belongs to (options.entity, else the primary key), for anonymizers consistent per entity
        const entityName = typeof rule.options.entity === 'string' ? rule.options.entity : table.primaryKey[0];
        const entity = rule.anonymizer.name === 'date-shift' || rule.options.entity !== undefined ? copyColumns.findIndex((e) => e.name === entityName) : -1;
        if (entity >= 0) {
          masks.set(index, (value, row) => {
            const raw = row[entity];
            const options = raw === undefined || raw === '\\N' ? rule.options : { ...rule.options, entityKey: decodeCopyField(raw) };
            return rule.anonymizer.mask(value, { key, column: rule.column, options });
          });
          return;
        }
        const context = { key, column: rule.column, options: rule.options };
        const mask = (value: string) => rule.anonymizer.mask(value, context);
        // values repeat in most columns that are not unique (names, cities): an anonymizer of the lookup is a pure
        // function of the value here, so a mask seen before is reused; a config's custom function may not be pure
        masks.set(index, rule.custom || rule.column.unique ? mask : repeatedValueCache(mask));
      });
      return masks;
    },
  };
  const portable: PortablePlan = { model, anonymize: config.anonymize, key, anonymizers: used, ...(config.configPath ? { configPath: config.configPath } : {}) };
  return Object.defineProperty(plan, 'portable', { value: portable, enumerable: false });
}

const CACHED_VALUES = 8192;
const CACHE_TRIAL = 16384;

/**
 * `mask` with a bounded cache of the values it masked, emptied when full. A column whose values rarely repeat (notes,
 * addresses) turns the cache off after a trial, so it costs nothing there. Outputs are the same either way.
 */
function repeatedValueCache(mask: (value: string) => string | null): FieldMask {
  let cache: Map<string, string | null> | undefined = new Map();
  let lookups = 0;
  let hits = 0;
  return (value) => {
    if (!cache) return mask(value);
    if (++lookups === CACHE_TRIAL && hits < CACHE_TRIAL / 8) {
      cache = undefined;
      return mask(value);
    }
    const known = cache.get(value);
    if (known !== undefined) {
      hits++;
      return known;
    }
    const masked = mask(value);
    if (cache.size >= CACHED_VALUES) cache.clear();
    // a copy: the value is a slice of a whole block of COPY text, which a cached slice would keep alive
    cache.set(` ${value}`.slice(1), masked);
    return masked;
  };
}

/** The key of the masking HMAC, or the error that says which environment variable should hold it. */
export function maskingKey(config: Pick<ResolvedConfig, 'anonymize' | 'anonymizeKey'>): Buffer {
  if (config.anonymizeKey) return config.anonymizeKey;
  throw new SandboxError('ANONYMIZE_KEY_MISSING', `The masking key is not set: the environment variable ${config.anonymize.keyEnv} is empty.`, { stage: 'config' });
}

/** A partition is masked by its own rule, else by its partitioned ancestors' rule for that column. */
function ruleFor<T>(table: Table, column: string, resolved: Map<string, T>, tables: Map<string, Table>): T | undefined {
  for (let t: Table | undefined = table; t; t = t.partitionOf ? tables.get(t.partitionOf) : undefined) {
    const rule = resolved.get(`${t.display}.${column}`);
    if (rule) return rule;
  }
  return undefined;
}

function normalise(raw: ColumnRule): { rule: string; options: Record<string, unknown> } {
  return typeof raw === 'string' ? { rule: raw, options: {} } : { rule: raw.rule, options: raw.options };
}

/** `schema.table.column`; names with dots in them are matched against the known tables, longest first. */
function splitPath(path: string, tables: Map<string, Table>): { table?: Table; column?: string } {
  for (let i = path.lastIndexOf('.'); i > 0; i = path.lastIndexOf('.', i - 1)) {
    const table = tables.get(path.slice(0, i)) ?? tables.get(`public.${path.slice(0, i)}`);
    const column = path.slice(i + 1);
    if (table && table.columns.some((c) => c.name === column)) return { table, column };
  }
  return {};
}

/** Columns that are unique on their own (single-column unique indexes, the primary key among them). */
function uniqueColumnsOf(model: Pick<SchemaModel, 'tables'>): Set<string> {
  const unique = new Set<string>();
  for (const table of model.tables) {
    if (table.primaryKey.length === 1) unique.add(`${table.display}.${table.primaryKey[0]}`);
    for (const key of table.uniqueKeys ?? []) if (key.length === 1) unique.add(`${table.display}.${key[0]}`);
  }
  return unique;
}

function customAnonymizer(name: string, custom: Record<string, (value: string) => string | null>): MaskingAnonymizer | undefined {
  const fn = custom[name];
  if (!fn) return undefined;
  // a custom function's promise is the user's to keep: it is trusted to be unique where it is used on a unique column
  return { name, unique: true, mask: (value) => fn(value) };
}
