/** A table reference as the parser sees it, before name resolution. */
export interface RelationRef {
  schema?: string;
  name: string;
}

type Node = Record<string, unknown>;

/**
 * Every relation a statement names (RangeVar nodes anywhere, subqueries included), minus references to its own
 * CTEs. Done on the parser's tree, never on the SQL text.
 */
export function referencedRelations(ast: Node): RelationRef[] {
  const cteNames = new Set<string>();
  const refs: (RelationRef & { location: number; target: boolean })[] = [];
  const statement = Object.values(ast)[0] as Node | undefined;
  visit(ast, (key, value) => {
    if (key === 'CommonTableExpr' && typeof value.ctename === 'string') cteNames.add(value.ctename);
    // recognised by shape: fields typed RangeVar (relation, pktable, …) come unwrapped, generic nodes as { RangeVar: {…} }
    if (typeof value.relname === 'string' && typeof value.relpersistence === 'string') {
      refs.push({
        ...(typeof value.schemaname === 'string' ? { schema: value.schemaname } : {}),
        name: value.relname,
        location: typeof value.location === 'number' ? value.location : 0,
        target: statement?.relation === value,
      });
    }
  });
  const drop = ast.DropStmt as Node | undefined;
  if (drop) refs.push(...droppedObjects(drop).map((r) => ({ ...r, location: 0, target: true })));
  // the statement's own target first, then the others in the order they are written
  return refs
    .filter((r) => r.schema !== undefined || !cteNames.has(r.name))
    .sort((a, b) => Number(b.target) - Number(a.target) || a.location - b.location)
    .map(({ location: _l, target: _t, ...ref }) => ref);
}

/** DROP TABLE/VIEW lists names as string lists, not RangeVars. */
function droppedObjects(drop: Node): RelationRef[] {
  if (!['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'].includes(String(drop.removeType))) return [];
  const objects = (drop.objects as Node[] | undefined) ?? [];
  return objects.flatMap((object) => {
    const items = ((object.List as Node | undefined)?.items as Node[] | undefined) ?? [];
    const parts = items.map((item) => String((item.String as Node | undefined)?.sval ?? ''));
    if (parts.length === 0) return [];
    const name = parts.at(-1)!;
    return [parts.length > 1 ? { schema: parts.at(-2)!, name } : { name }];
  });
}

function visit(node: unknown, onNode: (key: string, value: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, onNode);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node as Node)) {
    if (value && typeof value === 'object' && !Array.isArray(value)) onNode(key, value as Node);
    visit(value, onNode);
  }
}
