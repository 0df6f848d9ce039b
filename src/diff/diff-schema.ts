import type { Column, SchemaModel, Table } from '../source/model.js';

export interface SchemaChange {
  change: 'create' | 'drop' | 'alter';
  objectType: string;
  name: string;
  detail: string;
}

/** Objects created, dropped or redefined between two models of the same database. */
export function diffSchema(before: SchemaModel, after: SchemaModel): SchemaChange[] {
  return [...diffTableDefinitions(before.tables, after.tables), ...diffObjects(before, after)];
}

function diffTableDefinitions(before: readonly Table[], after: readonly Table[]): SchemaChange[] {
  const changes: SchemaChange[] = [];
  const afterByOid = new Map(after.map((t) => [t.oid, t]));
  const beforeOids = new Set(before.map((t) => t.oid));
  for (const old of before) {
    const now = afterByOid.get(old.oid);
    if (!now) {
      changes.push({ change: 'drop', objectType: 'table', name: old.display, detail: `table ${old.display} dropped` });
      continue;
    }
    const details: string[] = [];
    if (now.display !== old.display) details.push(`renamed from ${old.display}`);
    const oldColumns = new Map(old.columns.map((c) => [c.name, c]));
    const newColumns = new Map(now.columns.map((c) => [c.name, c]));
    for (const [name, column] of newColumns) if (!oldColumns.has(name)) details.push(`column ${name} ${column.type} added`);
    for (const name of oldColumns.keys()) if (!newColumns.has(name)) details.push(`column ${name} dropped`);
    for (const [name, column] of newColumns) {
      const was = oldColumns.get(name);
      if (!was) continue;
      if (was.type !== column.type) details.push(`column ${name} type ${was.type} → ${column.type}`);
      if (was.notNull !== column.notNull) details.push(`column ${name} ${column.notNull ? 'SET' : 'DROP'} NOT NULL`);
      if (was.default !== column.default) details.push(`column ${name} default ${was.default ?? 'none'} → ${column.default ?? 'none'}`);
      if (was.generated !== column.generated) details.push(`column ${name} generated ${was.generated ?? 'none'} → ${column.generated ?? 'none'}`);
      if (was.identity !== column.identity) details.push(`column ${name} identity ${identityWord(was.identity)} → ${identityWord(column.identity)}`);
      if (was.collation !== column.collation) details.push(`column ${name} collation ${was.collation ?? 'default'} → ${column.collation ?? 'default'}`);
    }
    if (old.unlogged !== now.unlogged) details.push(now.unlogged ? 'SET UNLOGGED' : 'SET LOGGED');
    if (old.storageParameters !== now.storageParameters) details.push(`storage parameters (${old.storageParameters ?? ''}) → (${now.storageParameters ?? ''})`);
    if (details.length > 0) changes.push({ change: 'alter', objectType: 'table', name: now.display, detail: details.join('; ') });
  }
  for (const table of after.filter((t) => !beforeOids.has(t.oid))) {
    changes.push({ change: 'create', objectType: 'table', name: table.display, detail: `table ${table.display} created with ${table.columns.length} columns` });
  }
  return changes;
}

function diffObjects(before: SchemaModel, after: SchemaModel): SchemaChange[] {
  const key = (o: { objectType: string; name: string }) => `${o.objectType}\u0000${o.name}`;
  const comparable = (model: SchemaModel) => new Map(model.objects.filter((o) => o.definition !== '').map((o) => [key(o), o]));
  const was = comparable(before);
  const now = comparable(after);
  const changes: SchemaChange[] = [];
  for (const [k, o] of was) {
    const next = now.get(k);
    if (!next) changes.push({ change: 'drop', objectType: o.objectType, name: o.name, detail: `${o.objectType} ${o.name} dropped` });
    else if (next.definition !== o.definition) changes.push({ change: 'alter', objectType: o.objectType, name: o.name, detail: `${o.definition} → ${next.definition}` });
  }
  for (const [k, o] of now) {
    if (!was.has(k)) changes.push({ change: 'create', objectType: o.objectType, name: o.name, detail: o.definition });
  }
  return changes;
}

function identityWord(identity: Column['identity']): string {
  return identity === 'a' ? 'ALWAYS' : identity === 'd' ? 'BY DEFAULT' : 'none';
}
