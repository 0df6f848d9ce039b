import { columnName, defineAnonymizer, MaskError, type Anonymizer, type MaskColumn, type MaskContext } from './anonymizer.js';
import { scalarAnonymizers } from './scalar-anonymizers.js';
import { typeShape } from './support/column-type.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Step = { kind: 'child'; name: string } | { kind: 'index'; index: number } | { kind: 'all' } | { kind: 'descendants'; name: string | undefined };

/** One entry of options.paths, compiled. */
interface PathRule {
  path: string;
  steps: Step[];
  rule: Anonymizer;
  options: Record<string, unknown>;
}

/**
 * Other anonymizers applied to paths inside a json/jsonb document; everything else is kept.
 *
 * options.paths maps a JSONPath to a rule: a name (`'email'`), a name with options (`{ rule: 'date-shift', maxDays: 10 }`),
 * or an Anonymizer object (a `customAnonymizer(...)`, which has no built-in name). Paths: `$`, `.name`, `['name']`, `[0]`,
 * `[-1]`, `[*]`, `.*`, `..name` (that member at any depth), `..*`. A path that matches an object or an array masks every
 * string, number and boolean inside it; a path that matches nothing changes nothing.
 *
 * @example jsonPath.mask('{"contact":{"email":"ann@corp.example"},"plan":"pro"}', { ...ctx, options: { paths: { '$.contact.email': 'email' } } })
 * // '{"contact":{"email":"marlene.k3xqb2mzt4wp5aex@example.org"},"plan":"pro"}'
 */
export const jsonPath = defineAnonymizer({
  name: 'json-path',
  description:
    'Applies other rules at JSONPaths inside json/jsonb (option paths: { "$.contact.email": "email", "$.events[*].at": { rule: "date-shift" } }); ' +
    'strings, numbers and booleans at a path (or anywhere under it) are masked as the named rule masks a column, so a masked email in a document ' +
    'joins with the same masked email in a column; the rest is kept. The document is printed again as compact JSON, so numbers beyond ' +
    'double precision lose digits. Not unique.',
  unique: false,
  mask(value, ctx) {
    const rules = compile(ctx.options);
    if (typeof rules === 'string') throw new MaskError('json-path', ctx.column, rules);
    let document: Json;
    try {
      document = JSON.parse(value) as Json;
    } catch {
      throw new MaskError('json-path', ctx.column, 'a value is not valid JSON');
    }
    for (const rule of rules) {
      const text = subColumn(ctx.column, rule.path, 'text');
      const numeric = subColumn(ctx.column, rule.path, 'numeric');
      const options = ctx.options['entityKey'] === undefined ? rule.options : { ...rule.options, entityKey: ctx.options['entityKey'] };
      const maskLeaf = (leaf: Json): Json => {
        if (leaf === null) return null;
        if (Array.isArray(leaf)) return leaf.map(maskLeaf);
        if (typeof leaf === 'object') {
          for (const k of Object.keys(leaf)) setMember(leaf, k, maskLeaf(leaf[k]!));
          return leaf;
        }
        const sub: MaskContext = { key: ctx.key, column: typeof leaf === 'number' ? numeric : text, options };
        const masked = rule.rule.mask(String(leaf), sub);
        if (masked === null) return null;
        if (typeof leaf === 'number' && /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(masked)) return Number(masked);
        if (typeof leaf === 'boolean' && (masked === 'true' || masked === 'false')) return masked === 'true';
        return masked;
      };
      document = apply(document, rule.steps, 0, maskLeaf);
    }
    return JSON.stringify(document);
  },
  check(column, options) {
    const shape = typeShape(column.type);
    if (shape.base !== 'json' && shape.base !== 'jsonb' && !shape.textLike) return `${columnName(column)} is ${column.type}; the json-path rule needs json, jsonb or text`;
    const rules = compile(options);
    if (typeof rules === 'string') return `${columnName(column)}: ${rules}`;
    for (const rule of rules) {
      // a JSON string is text, a JSON number is numeric: the rule must fit one of them
      const asText = rule.rule.check?.(subColumn(column, rule.path, 'text'), rule.options);
      const asNumber = rule.rule.check?.(subColumn(column, rule.path, 'numeric'), rule.options);
      if (asText !== undefined && asNumber !== undefined) return asText;
    }
    return undefined;
  },
});

const subColumn = (column: MaskColumn, path: string, type: string): MaskColumn => ({ table: column.table, name: `${column.name} ${path}`, type, unique: false, notNull: false });

const compiled = new WeakMap<object, PathRule[] | string>();

/** options.paths compiled once: the rules, or what is wrong with them. */
function compile(options: Record<string, unknown>): PathRule[] | string {
  const paths = options['paths'];
  // keyed by the paths object: callers may build a new options object per row (to pass entityKey)
  if (typeof paths !== 'object' || paths === null) return compileUncached(paths);
  let rules = compiled.get(paths);
  if (!rules) compiled.set(paths, (rules = compileUncached(paths)));
  return rules;
}

function compileUncached(paths: unknown): PathRule[] | string {
  if (typeof paths !== 'object' || paths === null || Array.isArray(paths) || Object.keys(paths).length === 0) {
    return 'the json-path rule needs option paths, e.g. { "$.contact.email": "email" }';
  }
  const rules: PathRule[] = [];
  for (const [path, spec] of Object.entries(paths)) {
    const steps = parsePath(path);
    if (typeof steps === 'string') return `json-path ${JSON.stringify(path)}: ${steps}`;
    let rule: Anonymizer | undefined;
    let options: Record<string, unknown> = {};
    if (typeof spec === 'string') {
      rule = lookup(spec);
    } else if (isAnonymizer(spec)) {
      rule = spec;
    } else if (typeof spec === 'object' && spec !== null && typeof (spec as { rule?: unknown }).rule === 'string') {
      const { rule: name, ...rest } = spec as { rule: string };
      rule = lookup(name);
      options = rest;
    } else {
      return `json-path ${JSON.stringify(path)}: expected a rule name, { rule, ...options } or an anonymizer`;
    }
    if (!rule) return `json-path ${JSON.stringify(path)}: unknown rule ${JSON.stringify(typeof spec === 'string' ? spec : (spec as { rule: string }).rule)} (one of ${Object.keys(scalarAnonymizers).join(', ')})`;
    rules.push({ path, steps, rule, options });
  }
  return rules;
}

const lookup = (name: string): Anonymizer | undefined => (Object.hasOwn(scalarAnonymizers, name) ? scalarAnonymizers[name as keyof typeof scalarAnonymizers] : undefined);
const isAnonymizer = (x: unknown): x is Anonymizer => typeof x === 'object' && x !== null && typeof (x as Anonymizer).mask === 'function' && typeof (x as Anonymizer).name === 'string';

/** The steps of a JSONPath, or what is wrong with it. */
function parsePath(path: string): Step[] | string {
  if (!path.startsWith('$')) return 'a path starts with $';
  const steps: Step[] = [];
  let i = 1;
  const name = /^[^.[\]\s]+/;
  while (i < path.length) {
    const rest = path.slice(i);
    if (rest.startsWith('..')) {
      const member = rest.startsWith('..*') ? '*' : name.exec(rest.slice(2))?.[0];
      if (!member) return `a name or * must follow .. at ${i}`;
      steps.push({ kind: 'descendants', name: member === '*' ? undefined : member });
      i += 2 + member.length;
    } else if (rest.startsWith('.*')) {
      steps.push({ kind: 'all' });
      i += 2;
    } else if (rest.startsWith('.')) {
      const member = name.exec(rest.slice(1))?.[0];
      if (!member) return `a name must follow . at ${i}`;
      steps.push({ kind: 'child', name: member });
      i += 1 + member.length;
    } else if (rest.startsWith('[')) {
      const bracket = /^\[(?:(\*)|(-?\d+)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/.exec(rest);
      if (!bracket) return `unreadable [...] at ${i}`;
      if (bracket[1]) steps.push({ kind: 'all' });
      else if (bracket[2] !== undefined) steps.push({ kind: 'index', index: Number(bracket[2]) });
      else steps.push({ kind: 'child', name: (bracket[3] ?? bracket[4]!).replace(/\\(.)/g, '$1') });
      i += bracket[0].length;
    } else {
      return `unexpected ${JSON.stringify(rest[0])} at ${i}`;
    }
  }
  return steps;
}

/** Replaces what `steps` (from `i`) reach inside `node` by `leaf` of it; returns the node. */
function apply(node: Json, steps: readonly Step[], i: number, leaf: (value: Json) => Json): Json {
  if (i === steps.length) return leaf(node);
  const step = steps[i]!;
  if (node === null || typeof node !== 'object') return node;
  switch (step.kind) {
    case 'child':
      if (!Array.isArray(node) && Object.hasOwn(node, step.name)) setMember(node, step.name, apply(node[step.name]!, steps, i + 1, leaf));
      return node;
    case 'index':
      if (Array.isArray(node)) {
        const at = step.index < 0 ? node.length + step.index : step.index;
        if (at >= 0 && at < node.length) node[at] = apply(node[at]!, steps, i + 1, leaf);
      }
      return node;
    case 'all':
      if (Array.isArray(node)) node.forEach((child, at) => (node[at] = apply(child, steps, i + 1, leaf)));
      else for (const k of Object.keys(node)) setMember(node, k, apply(node[k]!, steps, i + 1, leaf));
      return node;
    case 'descendants':
      if (Array.isArray(node)) {
        node.forEach((child, at) => (node[at] = apply(child, steps, i, leaf)));
      } else {
        for (const k of Object.keys(node)) {
          // a member that matches is masked whole (everything under it); others are searched further down
          setMember(node, k, apply(node[k]!, steps, step.name === undefined || k === step.name ? i + 1 : i, leaf));
        }
      }
      return node;
  }
}

/** Sets an own member; `node['__proto__'] = v` would replace the prototype (JSON.parse makes "__proto__" an ordinary member). */
function setMember(node: { [key: string]: Json }, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
  else node[key] = value;
}
