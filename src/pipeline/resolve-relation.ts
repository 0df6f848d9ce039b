import type { RelationRef } from '../replay/walk-ast.js';
import type { SchemaModel, Table } from '../source/model.js';

/** Unqualified names resolve as the default search_path would: public first, else the one schema that has it. */
export function resolverFor(model: SchemaModel): (ref: RelationRef) => string {
  const byName = new Map<string, Table[]>();
  for (const t of model.tables) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
  return (ref) => {
    if (ref.schema) return `${ref.schema}.${ref.name}`;
    const candidates = byName.get(ref.name) ?? [];
    return (candidates.find((t) => t.schema === 'public') ?? candidates[0])?.display ?? `public.${ref.name}`;
  };
}
