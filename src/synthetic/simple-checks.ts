/**
 * The simple shapes of CHECK constraints, read off pg_get_constraintdef's text, so that generated values meet them by
 * construction: `col >= 0`, `col < 100`, `col BETWEEN a AND b` (printed as two comparisons), `col = ANY (ARRAY[…])`
 * (IN lists). Anything else is left to the load, which removes the rows that break it and says how many. Only
 * restrictions are read, never relaxations: an expression with NOT is not read at all.
 */
export interface ColumnLimits {
  /** Literal texts as written in the expression, casts removed */
  min?: string;
  minExclusive?: boolean;
  max?: string;
  maxExclusive?: boolean;
  values?: string[];
}

const name = String.raw`(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))`;
const literal = String.raw`(?:'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?))(?:::[a-z ]+(?:\(\d+(?:,\d+)?\))?)?`;
const comparison = new RegExp(String.raw`\(*${name}(?:\)?::[a-z ]+)?\)?\s*(>=|<=|>|<|=)\s*\(*${literal}\)*`, 'gi');
const anyArray = new RegExp(String.raw`\(*${name}\)?(?:::[a-z ]+)?\s*=\s*ANY\s*\(\s*\(?ARRAY\[(.*?)\]\)?(?:::[a-z ]+\[\])?\s*\)`, 'gi');

/** Limits per column name (`VALUE` for a domain's own check). */
export function simpleLimits(expressions: readonly string[]): Map<string, ColumnLimits> {
  const limits = new Map<string, ColumnLimits>();
  const of = (column: string) => limits.get(column) ?? (limits.set(column, {}), limits.get(column)!);
  for (const expression of expressions) {
    if (/\bNOT\b/i.test(expression)) continue;
    for (const m of expression.matchAll(anyArray)) {
      const column = m[1]?.replace(/""/g, '"') ?? m[2]!;
      const values = [...m[3]!.matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1]!.replace(/''/g, "'"));
      if (values.length > 0) of(column).values = values;
    }
    for (const m of expression.replace(anyArray, '').matchAll(comparison)) {
      const column = m[1]?.replace(/""/g, '"') ?? m[2]!;
      const value = m[4]?.replace(/''/g, "'") ?? m[5]!;
      const target = of(column);
      switch (m[3]) {
        case '>=':
        case '>':
          target.min = value;
          target.minExclusive = m[3] === '>';
          break;
        case '<=':
        case '<':
          target.max = value;
          target.maxExclusive = m[3] === '<';
          break;
        case '=':
          target.values = [value];
      }
    }
  }
  return limits;
}
