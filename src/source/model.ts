/** A column as the clone and the diff need it. Definitions come from format_type / pg_get_expr, never re-printed. */
export interface Column {
  name: string;
  /** format_type() output, e.g. `character varying(80)` */
  type: string;
  notNull: boolean;
  default?: string;
  /** 'a' GENERATED ALWAYS / 'd' BY DEFAULT AS IDENTITY, '' when not an identity column */
  identity: '' | 'a' | 'd';
  /** Expression of a STORED generated column */
  generated?: string;
  collation?: string;
}

export interface Table {
  oid: number;
  schema: string;
  name: string;
  /** `public.users`, as people write it in config and read it in reports */
  display: string;
  /** Quoted for SQL: `public."Order Items"` */
  sql: string;
  kind: 'table' | 'partitioned';
  columns: Column[];
  /** Column names of the primary key, empty when there is none */
  primaryKey: string[];
  /** Display name of the partitioned parent */
  partitionOf?: string;
  partitionBound?: string;
  partitionKey?: string;
  /** Display names of inheritance parents (not partitioning) */
  inherits: string[];
  /** Columns that come from an inheritance parent, so CREATE TABLE must not repeat them */
  inheritedColumns: string[];
  unlogged: boolean;
  /** reltuples from the catalog: an estimate, -1 when never analysed */
  estimatedRows: number;
}

/** Any other schema object, recreated from the definition PostgreSQL prints for it. */
export interface SchemaObject {
  objectType: 'schema' | 'extension' | 'type' | 'sequence' | 'function' | 'view' | 'constraint' | 'index' | 'trigger';
  /** Unique within its objectType, e.g. `public.orders.orders_pkey` for a constraint */
  name: string;
  /** The table it belongs to (constraints, indexes, triggers) */
  table?: string;
  /** Compared by the schema diff; for sequences, the options without the current value */
  definition: string;
  /** Statement(s) that recreate it */
  ddl: string;
  phase: 'pre-data' | 'post-data';
  /** Orders the statements inside one phase (constraints: keys before foreign keys) */
  rank: number;
}

export interface SequenceValue {
  /** Quoted name for setval() */
  sql: string;
  lastValue: string | null;
  isCalled: boolean;
  /** `table.column` the sequence feeds, to raise it above the loaded maximum */
  ownedBy?: { tableSql: string; column: string };
}

export interface SchemaModel {
  serverVersion: string;
  serverVersionNum: number;
  database: string;
  tables: Table[];
  objects: SchemaObject[];
  sequenceValues: SequenceValue[];
}
