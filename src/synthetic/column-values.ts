import { getAnonymizer } from '../../anonymizers/index.js';
import type { PiiColumn } from '../data/anonymize/pii-column.js';
import { encodeCopyField } from '../data/copy-text.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { ColumnProfile } from '../snapshot/manifest.js';
import type { Column } from '../source/model.js';
import type { FamilyInput, Others } from './families/family.js';
import { byteaOthers, patternedOthers, uuidOthers } from './families/keyed-families.js';
import { lineOthers, type LineLimits } from './families/line-family.js';
import { listOthers } from './families/list-family.js';
import { textOthers, wordsOfWidth, type MakeUp } from './families/text-family.js';
import { saltOf } from './prng.js';
import type { ResolvedType } from './resolve-type.js';
import type { ColumnLimits } from './simple-checks.js';
import { slotPlan } from './slot-plan.js';

/** One column's value for a row (COPY text, escaped), or null; `attempt` > 0 asks for another value for that row. */
export type ColumnValues = (row: number, attempt: number) => string | null;

export interface ColumnValuesInput {
  table: string;
  column: Column;
  type: ResolvedType;
  profile: ColumnProfile | undefined;
  rows: number;
  /** A single-column unique or primary key, or statistics saying every value is distinct */
  unique: boolean;
  limits: ColumnLimits;
  pii: PiiColumn | undefined;
  seed: number;
  /** Key for the made-up values of PII columns: derived from the seed, never a secret */
  makeUpKey: Buffer;
}

export interface ColumnGenerator {
  values: ColumnValues;
  /** Distinct for distinct rows by construction: a composite key with this column needs no check */
  injective: boolean;
  /** Where values grow with the row (a NOT NULL key on a number line): the row holding `value`, else -1 */
  rowOf?(value: string, rows: number): number;
}

/**
 * A column that reproduces production's statistics: NULL fraction, most common values with their frequencies,
 * histogram shape and distinct count (see slotPlan), with values from its type's family.
 */
export function columnValues(input: ColumnValuesInput): ColumnGenerator {
  const { profile, column } = input;
  const salt = saltOf(`${input.seed}\0${input.table}\0${column.name}`);
  const unique = input.unique || profile?.distinct === -1;
  let mostCommonValues = profile?.mostCommon?.values;
  let frequencies = profile?.mostCommon?.frequencies ?? [];
  const allowed = input.limits.values;
  if (allowed && mostCommonValues) {
    const keep = mostCommonValues.map((v) => allowed.includes(v));
    frequencies = frequencies.filter((_, i) => keep[i]);
    mostCommonValues = mostCommonValues.filter((_, i) => keep[i]);
  }
  const plan = slotPlan({
    rows: input.rows,
    nullFraction: profile?.nullFraction ?? 0,
    notNull: column.notNull,
    unique,
    mostCommon: unique ? [] : frequencies,
    distinct: allowed ? Math.min(allowed.length, Math.abs(profile?.distinct ?? allowed.length) || allowed.length) : (profile?.distinct ?? 0),
    salt,
  });
  const fromFamily = mostCommonValues === undefined || unique;
  const family: FamilyInput = {
    count: Math.max(1, plan.others + (fromFamily ? plan.mostCommon : 0)),
    ...(profile?.histogram?.bounds ? { bounds: profile.histogram.bounds } : {}),
    avoid: mostCommonValues ?? [],
    averageWidth: profile?.averageWidth ?? 8,
    salt,
    unique,
  };
  const others = othersFor(input, family, allowed);
  const common = fromFamily ? [] : mostCommonValues!.map(encodeCopyField);
  const m = plan.mostCommon;
  const values: ColumnValues = (row, attempt) => {
    const slot = plan.slotOf(row, attempt);
    if (slot < 0) return null;
    if (slot < m) return fromFamily ? others.at(plan.others + slot) : common[slot]!;
    return others.at(slot - m);
  };
  const injective = unique && input.type.kind !== 'list' && !allowed;
  const type = input.type;
  if (!injective || type.kind !== 'line' || !column.notNull) return { values, injective };
  return { values, injective, rowOf: (value, rows) => rowHolding(type.codec.parse, (row) => values(row, 0)!, value, rows) };
}

function othersFor(input: ColumnValuesInput, family: FamilyInput, allowed: string[] | undefined): Others {
  if (allowed) return listOthers(allowed, family.avoid)!;
  const type = input.type;
  switch (type.kind) {
    case 'line':
      return lineOthers(type.codec, family, lineLimits(type.codec.parse, input.limits));
    case 'text':
      return textOthers({ ...family, ...(type.maxLength !== undefined ? { maxLength: type.maxLength } : {}), ...makeUpFor(input, family) });
    case 'list': {
      const pool = [...type.values];
      return listOthers(pool, family.avoid) ?? unsupported(input);
    }
    case 'uuid':
      return uuidOthers(family);
    case 'bytea':
      return byteaOthers(family);
    case 'json':
      return patternedOthers(
        family,
        family.bounds ?? [],
        (value, k) => (value.startsWith('{') ? `{"synthetic_id": ${k}${value === '{}' ? '' : ', '}${value.slice(1)}` : `{"synthetic_id": ${k}, "value": ${value}}`),
        (k) => `{"id": ${k}, "note": "${wordsOfWidth(Math.max(4, family.averageWidth - 20), family.salt, k)}"}`,
      );
    case 'tsvector':
      return patternedOthers(family, family.bounds ?? [], (value, k) => `${value} 'zz${k.toString(36)}'`, (k) => `'${wordsOfWidth(6, family.salt, k).replace(/'/g, '')}':1 'w${k.toString(36)}':2`);
    case 'array': {
      const element = type.element;
      const items = element.kind === 'line' ? lineOthers(element.codec, { ...family, bounds: [] }) : element.kind === 'text' ? textOthers({ ...family, bounds: [], averageWidth: 8 }) : undefined;
      if (!items && !family.bounds?.length && !(input.profile?.mostCommon?.values?.length)) return unsupported(input);
      // element values are plain words and numbers: quoting them is enough for the array literal
      const quote = (v: string) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`;
      return patternedOthers(family, family.bounds ?? [], (value, k) => (items ? value.replace(/}$/, `${value === '{}' ? '' : ','}${quote(items.at(k))}}`) : value), (k) => (items ? `{${quote(items.at(k))},${quote(items.at(k + 1))}}` : '{}'));
    }
    case 'range': {
      const bounds = lineOthers(type.element, { ...family, bounds: [], count: family.count * 2 });
      return { at: (k) => `[${bounds.at(2 * k)},${bounds.at(2 * k + 1)})` };
    }
    case 'unknown': {
      const known = [...(input.profile?.mostCommon?.values ?? []), ...(family.bounds ?? [])];
      return listOthers(known, []) ?? unsupported(input);
    }
  }
}

function lineLimits(parse: (text: string) => number | undefined, limits: ColumnLimits): LineLimits {
  const min = limits.min === undefined ? undefined : parse(limits.min);
  const max = limits.max === undefined ? undefined : parse(limits.max);
  return {
    ...(min !== undefined ? { min: limits.minExclusive ? min + 1 : min } : {}),
    ...(max !== undefined ? { max: limits.maxExclusive ? max - 1 : max } : {}),
  };
}

/** PII columns have no real values in the profile: their values are made up by the anonymizer of their kind. */
function makeUpFor(input: ColumnValuesInput, family: FamilyInput): { makeUp?: MakeUp; makeUpUnique?: boolean } {
  const rule = input.pii && input.pii.class !== 'none' ? input.pii.suggestedRule : undefined;
  const textual = ['email', 'first-name', 'last-name', 'full-name', 'phone', 'street', 'city', 'zip', 'ip', 'uuid', 'card-number', 'token', 'free-text'];
  const anonymizer = rule && textual.includes(rule) ? getAnonymizer(rule) : undefined;
  if (!anonymizer || family.bounds?.length) return {};
  const ctx = {
    key: input.makeUpKey,
    column: { table: input.table, name: input.column.name, type: input.column.type, unique: family.unique, notNull: input.column.notNull },
    options: {},
  };
  return {
    // the input carries k, so distinct slots hash apart; its words give free text the column's length class
    makeUp: (k, attempt) => anonymizer.mask(`${wordsOfWidth(family.averageWidth, family.salt, k)} ${k}.${attempt}`, ctx) ?? wordsOfWidth(family.averageWidth, family.salt, k),
    makeUpUnique: anonymizer.unique,
  };
}

function unsupported(input: ColumnValuesInput): never {
  throw new SandboxError(
    'SYNTHETIC_FAILED',
    `Synthetic data: no generator for ${input.table}.${input.column.name} (type ${input.column.type}), and production's statistics show no value of it to reuse.`,
    { stage: 'clone' },
  );
}

/** Binary search over rows whose values grow with the row. */
function rowHolding(parse: (text: string) => number | undefined, valueAt: (row: number) => string, value: string, rows: number): number {
  const target = parse(value);
  if (target === undefined) return -1;
  let lo = 0;
  let hi = rows - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = parse(valueAt(mid))!;
    if (at === target) return mid;
    if (at < target) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
