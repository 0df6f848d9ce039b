/** What the anonymizers need to know about a column type, from its format_type() text. */
export interface TypeShape {
  /** format_type() prints every array as `element[]`, whatever its dimensions */
  array: boolean;
  /** the element type of an array, else the type itself, e.g. 'character varying(80)' */
  element: string;
  /** the element type without modifiers, e.g. 'character varying', 'timestamp with time zone' */
  base: string;
  /** the type modifiers, e.g. [10, 2] for 'numeric(10,2)' */
  modifiers: number[];
  /** the length limit in characters of varchar(n) / char(n) */
  maxLength: number | undefined;
  /** char(n): PostgreSQL prints it padded with blanks to n */
  blankPadded: boolean;
  textLike: boolean;
}

const textTypes = new Set(['text', 'character varying', 'character', 'bpchar', 'citext', 'name', '"char"']);
const cache = new Map<string, TypeShape>();

/**
 * @example typeShape('character varying(80)[]') // { array: true, element: 'character varying(80)', base: 'character varying', maxLength: 80, ... }
 */
export function typeShape(type: string): TypeShape {
  let shape = cache.get(type);
  if (!shape) {
    shape = parse(type);
    if (cache.size > 1000) cache.clear();
    cache.set(type, shape);
  }
  return shape;
}

function parse(type: string): TypeShape {
  const trimmed = type.trim();
  const element = trimmed.replace(/(\[\d*\])+$/, '');
  const modifiers = [...(/\(([\d,\s]+)\)/.exec(element)?.[1] ?? '').matchAll(/\d+/g)].map((m) => Number(m[0]));
  // format_type() qualifies types outside the search path (public.citext) and quotes odd names
  const base = element.replace(/\s*\([\d,\s]+\)/, '').replace(/^(?:pg_catalog|public)\./, '').toLowerCase();
  const textLike = textTypes.has(base) || base === 'varchar' || base === 'char';
  const limited = base === 'character varying' || base === 'varchar' || base === 'character' || base === 'char' || base === 'bpchar';
  const blankPadded = base === 'character' || base === 'char' || base === 'bpchar';
  return {
    array: element !== trimmed,
    element,
    base,
    modifiers,
    // char without a length is char(1); varchar without one has no limit
    maxLength: limited ? (modifiers[0] ?? (blankPadded ? 1 : undefined)) : undefined,
    blankPadded,
    textLike,
  };
}

export const integerRanges: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

export const isNumericBase = (base: string) => base in integerRanges || base === 'numeric' || base === 'decimal' || base === 'real' || base === 'double precision';

export const isDateTimeBase = (base: string) =>
  base === 'date' || base === 'timestamp without time zone' || base === 'timestamp with time zone' || base === 'timestamp' || base === 'timestamptz';
