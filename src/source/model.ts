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
  /** Identity columns: the options of their sequence, name included (`SEQUENCE NAME app.t_id_seq START WITH 1 …`) */
  identitySequence?: string;
  /** SET STORAGE keyword when it differs from the type's default, e.g. `EXTERNAL` */
  storage?: string;
  /** SET COMPRESSION method when one was chosen for the column */
  compression?: string;
  /** SET STATISTICS target when it is not the default */
  statisticsTarget?: number;
  /** Attribute options as SET (…) takes them, e.g. `n_distinct='-1'` */
  options?: string;
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
  /** Column lists of every unique index without predicate or expression (the primary key's among them) */
  uniqueKeys?: string[][];
  /** Display name of the partitioned parent */
  partitionOf?: string;
  partitionBound?: string;
  partitionKey?: string;
  /** Display names of inheritance parents (not partitioning) */
  inherits: string[];
  /** Columns that come from an inheritance parent, so CREATE TABLE must not repeat them */
  inheritedColumns: string[];
  unlogged: boolean;
  /** Storage parameters as WITH (…) takes them, toast ones included: `fillfactor='70', toast.autovacuum_enabled='false'` */
  storageParameters?: string;
  /** Table access method when it is not heap */
  accessMethod?: string;
  /** Typed table (CREATE TABLE … OF type): the type, as format_type prints it */
  ofType?: string;
  /** Catalog ids this table's CREATE statement makes (see SchemaObject.provides) */
  provides?: string[];
  /** Catalog ids it needs first: column types, collations, functions and sequences in defaults, parents */
  dependsOn?: string[];
}

/** Any other schema object, recreated from the definition PostgreSQL prints for it. */
export interface SchemaObject {
  objectType:
    | 'role'
    | 'schema'
    | 'extension'
    | 'collation'
    | 'type'
    | 'sequence'
    | 'function'
    | 'view'
    | 'constraint'
    | 'index'
    | 'trigger'
    | 'rule'
    | 'policy'
    | 'statistics'
    | 'table setting'
    | 'comment';
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
  /**
   * Catalog ids (`classid:objid`, as pg_depend names rows) of what the statement creates, so that statements that
   * need them can be ordered after it.
   */
  provides?: string[];
  /** Catalog ids the statement needs; ids no statement provides (system and extension objects) are ignored. */
  dependsOn?: string[];
}

/** One object of the source as the catalog names it, for counting what a clone reproduced. */
export interface InventoryEntry {
  /** pg_identify_object's type: `table`, `index`, `table constraint`, `default value`, `comment`, … */
  objectType: string;
  /** pg_identify_object's identity, e.g. `orders_pkey on public.orders`; for comments, what they describe */
  name: string;
}

/** An object of the source that the clone does not recreate, and why: never dropped without a word. */
export interface UnsupportedObject {
  objectType: string;
  name: string;
  reason: string;
}

export interface SequenceValue {
  /** Quoted name for setval() */
  sql: string;
  lastValue: string | null;
  isCalled: boolean;
  /** `table.column` the sequence feeds, to raise it above the loaded maximum */
  ownedBy?: { tableSql: string; column: string };
}

/** A foreign key as column pairs (its DDL is a SchemaObject like any constraint) */
export interface ForeignKey {
  name: string;
  /** Display names: `public.orders` */
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';
  onUpdate: 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';
}

export interface SchemaModel {
  serverVersion: string;
  serverVersionNum: number;
  database: string;
  tables: Table[];
  objects: SchemaObject[];
  sequenceValues: SequenceValue[];
  /** Foreign keys as column pairs; absent in snapshots written before it existed */
  foreignKeys?: ForeignKey[];
  /** Every user object of the source, the denominator of the clone's fidelity */
  inventory: InventoryEntry[];
  /** Objects of the source the clone cannot recreate, by name, with the reason */
  unsupported: UnsupportedObject[];
}
