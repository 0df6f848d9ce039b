import { userSchemaFilter, type CatalogReader } from './user-objects.js';

export interface FanoutKeyRow {
  /** `public.orders.orders_customer_id_fkey`, as the schema model names constraints */
  name: string;
  table_display: string;
  columns: string[];
  references_display: string;
  referenced_columns: string[];
}

// conparentid = 0: a foreign key declared on a partitioned table is counted once over all partitions, not again per
// partition through the copies PostgreSQL keeps on each
const query = `
SELECT n.nspname || '.' || c.relname || '.' || con.conname AS name, n.nspname || '.' || c.relname AS table_display,
       (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       rn.nspname || '.' || r.relname AS references_display,
       (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_class r ON r.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
 WHERE con.contype = 'f' AND con.conparentid = 0 AND c.relkind IN ('r', 'p') AND ${userSchemaFilter('n')}
 ORDER BY n.nspname, c.relname, con.conname`;

/** Every foreign key with its columns on both sides, for measuring how many children each parent has. */
export async function fetchFanoutKeys(db: CatalogReader): Promise<FanoutKeyRow[]> {
  return db.query<FanoutKeyRow>(query);
}
