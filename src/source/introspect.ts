import type { SchemaModel } from './model.js';
import { fetchConstraints } from './queries/fetch-constraints.js';
import { fetchIndexes } from './queries/fetch-indexes.js';
import { fetchNamespaces } from './queries/fetch-namespaces.js';
import { fetchRoutines } from './queries/fetch-routines.js';
import { fetchSequences } from './queries/fetch-sequences.js';
import { fetchTables } from './queries/fetch-tables.js';
import { fetchTriggers } from './queries/fetch-triggers.js';
import { fetchTypes } from './queries/fetch-types.js';
import { fetchViews } from './queries/fetch-views.js';
import type { CatalogReader } from './queries/user-objects.js';

export interface ServerInfo {
  serverVersion: string;
  serverVersionNum: number;
  database: string;
}

/**
 * Reads the schema model from the catalog. Must run inside one transaction (REPEATABLE READ, so every query sees the
 * same moment; connectReadOnly does that for production): the search_path change is local to it.
 */
export async function introspect(db: CatalogReader, server: ServerInfo): Promise<SchemaModel> {
  // with an empty search_path, pg_get_*def and format_type print every name schema-qualified, as pg_dump relies on
  await db.query("SELECT pg_catalog.set_config('search_path', '', true)");
  // sequential on purpose: one connection, one snapshot
  const tables = await fetchTables(db);
  const namespaces = await fetchNamespaces(db);
  const types = await fetchTypes(db);
  const sequences = await fetchSequences(db);
  const routines = await fetchRoutines(db);
  const views = await fetchViews(db);
  const constraints = await fetchConstraints(db);
  const indexes = await fetchIndexes(db);
  const triggers = await fetchTriggers(db, server.serverVersionNum);
  return {
    ...server,
    tables,
    objects: [...namespaces, ...types, ...sequences.objects, ...routines, ...views, ...constraints, ...indexes, ...triggers],
    sequenceValues: sequences.values,
  };
}
