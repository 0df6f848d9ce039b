import { typeShape } from '../../anonymizers/support/column-type.js';
import type { SchemaModel } from '../source/model.js';
import { dateCodec, decimalCodec, integerCodec, intervalCodec, ipv4Codec, timeCodec, timestampCodec, type LineCodec } from './families/line-codecs.js';

/** What a generator needs to know about a column's type, domains and enums resolved to what they are made of. */
export type ResolvedType =
  | { kind: 'line'; codec: LineCodec }
  | { kind: 'text'; maxLength?: number }
  | { kind: 'list'; values: readonly string[] }
  | { kind: 'uuid' }
  | { kind: 'bytea' }
  | { kind: 'json' }
  | { kind: 'tsvector' }
  | { kind: 'array'; element: ResolvedType }
  | { kind: 'range'; element: LineCodec }
  | { kind: 'unknown'; name: string };

export interface TypeInfo {
  type: ResolvedType;
  /** CHECK expressions of the domains on the way (VALUE stands for the column) */
  domainChecks: string[];
}

/**
 * Resolves format_type() text against the schema's own types. `samples` (values from the statistics) tell how many
 * decimals a float column shows and whether timestamps carry fractions of seconds.
 */
export function resolveType(type: string, model: SchemaModel, samples: readonly string[] = []): TypeInfo {
  const domainChecks: string[] = [];
  let current = type;
  for (let depth = 0; depth < 8; depth++) {
    const object = userType(model, current);
    const domain = object && /^CREATE DOMAIN \S+ AS (.+?)(?: COLLATE | DEFAULT | NOT NULL| CONSTRAINT | CHECK |;)/s.exec(object.definition);
    if (!domain) break;
    for (const m of object.definition.matchAll(/CHECK \((.*)\);?$/gm)) domainChecks.push(m[1]!);
    current = domain[1]!;
  }
  return { type: resolveBase(current, model, samples), domainChecks };
}

function resolveBase(type: string, model: SchemaModel, samples: readonly string[]): ResolvedType {
  const shape = typeShape(type);
  if (shape.array) {
    const element = resolveType(shape.element, model, []).type;
    return { kind: 'array', element };
  }
  const enumLabels = enumOf(model, type);
  if (enumLabels) return { kind: 'list', values: enumLabels };
  if (shape.textLike) return { kind: 'text', ...(shape.maxLength !== undefined ? { maxLength: shape.maxLength } : {}) };
  const line = lineCodecOf(shape.base, shape.modifiers, samples);
  if (line) return { kind: 'line', codec: line };
  switch (shape.base) {
    case 'boolean':
      return { kind: 'list', values: ['t', 'f'] };
    case 'uuid':
      return { kind: 'uuid' };
    case 'bytea':
      return { kind: 'bytea' };
    case 'json':
    case 'jsonb':
      return { kind: 'json' };
    case 'tsvector':
      return { kind: 'tsvector' };
  }
  const rangeElement = { int4range: 'integer', int8range: 'bigint', numrange: 'numeric', daterange: 'date', tsrange: 'timestamp without time zone', tstzrange: 'timestamp with time zone' }[shape.base];
  const codec = rangeElement ? lineCodecOf(rangeElement, [], []) : undefined;
  if (codec) return { kind: 'range', element: codec };
  return { kind: 'unknown', name: type };
}

function lineCodecOf(base: string, modifiers: readonly number[], samples: readonly string[]): LineCodec | undefined {
  switch (base) {
    case 'smallint':
      return integerCodec(16);
    case 'integer':
    case 'int':
    case 'oid':
      return integerCodec(32);
    case 'bigint':
      return integerCodec(64);
    case 'numeric':
    case 'decimal':
      return decimalCodec(modifiers[1] ?? decimalsOf(samples), modifiers[0]);
    case 'real':
    case 'double precision':
      return decimalCodec(Math.min(6, decimalsOf(samples)));
    case 'date':
      return dateCodec;
    case 'timestamp without time zone':
    case 'timestamp with time zone': {
      const fraction = samples.some((s) => /:\d\d\.\d/.test(s));
      return timestampCodec(base === 'timestamp with time zone', fraction);
    }
    case 'time without time zone':
      return timeCodec;
    case 'interval':
      return intervalCodec;
    case 'inet':
      return samples.some((s) => s.includes(':')) ? undefined : ipv4Codec;
  }
  return undefined;
}

function decimalsOf(samples: readonly string[]): number {
  let decimals = 0;
  for (const s of samples) decimals = Math.max(decimals, /\.(\d+)$/.exec(s)?.[1]?.length ?? 0);
  return samples.length === 0 ? 2 : decimals;
}

function userType(model: SchemaModel, type: string) {
  const names = [type, `public.${type}`];
  return model.objects.find((o) => o.objectType === 'type' && names.includes(o.name));
}

function enumOf(model: SchemaModel, type: string): string[] | undefined {
  const object = userType(model, type);
  const m = object && /^CREATE TYPE \S+ AS ENUM \((.*)\);/s.exec(object.definition);
  if (!m) return undefined;
  return [...m[1]!.matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1]!.replace(/''/g, "'"));
}
