import type { SchemaObject } from '../model.js';
import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface IndexAttachmentRow {
  name: string;
  table_display: string;
  ddl: string;
}

// Deepest partitions first: a partitioned index becomes valid once each of its partitions' indexes is attached.
const query = `
SELECT n.nspname || '.' || i.relname AS name, tn.nspname || '.' || t.relname AS table_display,
       format('ALTER INDEX %I.%I ATTACH PARTITION %I.%I;', pn.nspname, p.relname, n.nspname, i.relname) AS ddl
  FROM pg_inherits inh JOIN pg_class i ON i.oid = inh.inhrelid JOIN pg_namespace n ON n.oid = i.relnamespace
  JOIN pg_class p ON p.oid = inh.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
  JOIN pg_index x ON x.indexrelid = i.oid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
 WHERE i.relkind IN ('i', 'I') AND ${userSchemaFilter('n')}
 ORDER BY (SELECT count(*) FROM pg_partition_ancestors(t.oid)) DESC, i.oid`;

/** Which partition's index belongs to which partitioned index, keys' indexes included. */
export async function fetchIndexAttachments(db: CatalogReader): Promise<SchemaObject[]> {
  const rows = await db.query<IndexAttachmentRow>(query);
  return rows.map((row) => ({
    objectType: 'index',
    name: `${row.name} attached`,
    table: row.table_display,
    definition: row.ddl,
    ddl: row.ddl,
    phase: 'post-data',
    rank: 6,
  }));
}
