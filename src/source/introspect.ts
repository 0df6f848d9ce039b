import type { SchemaModel } from './model.js';
import { fetchCollations } from './queries/fetch-collations.js';
import { fetchComments } from './queries/fetch-comments.js';
import { fetchConstraints } from './queries/fetch-constraints.js';
import { fetchIndexAttachments } from './queries/fetch-index-attachments.js';
import { fetchForeignKeys } from './queries/fetch-foreign-keys.js';
import { fetchIndexes } from './queries/fetch-indexes.js';
import { fetchInventory } from './queries/fetch-inventory.js';
import { fetchNamespaces } from './queries/fetch-namespaces.js';
import { fetchPolicies } from './queries/fetch-policies.js';
import { fetchRoles } from './queries/fetch-roles.js';
import { fetchRoutines } from './queries/fetch-routines.js';
import { fetchRules } from './queries/fetch-rules.js';
import { fetchSequences } from './queries/fetch-sequences.js';
import { fetchStatistics } from './queries/fetch-statistics.js';
import { fetchTableSettings } from './queries/fetch-table-settings.js';
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
  const version = server.serverVersionNum;
  // sequential on purpose: one connection, one snapshot
  const tables = await fetchTables(db, version);
  const roles = await fetchRoles(db, version);
  const namespaces = await fetchNamespaces(db, version);
  const collations = await fetchCollations(db, version);
  const types = await fetchTypes(db, version);
  const sequences = await fetchSequences(db);
  const routines = await fetchRoutines(db);
  const views = await fetchViews(db);
  const constraints = await fetchConstraints(db);
  const indexes = await fetchIndexes(db);
  const attachments = await fetchIndexAttachments(db);
  const settings = await fetchTableSettings(db);
  const triggers = await fetchTriggers(db, version);
  const rules = await fetchRules(db);
  const policies = await fetchPolicies(db);
  const statistics = await fetchStatistics(db);
  const comments = await fetchComments(db);
  const inventory = await fetchInventory(db);
  const foreignKeys = await fetchForeignKeys(db);
  return {
    ...server,
    tables,
    objects: [
      ...roles,
      ...namespaces,
      ...collations,
      ...types,
      ...sequences.objects,
      ...routines,
      ...views,
      ...constraints,
      ...indexes,
      ...attachments,
      ...settings,
      ...triggers,
      ...rules,
      ...policies,
      ...statistics,
      ...comments,
    ],
    sequenceValues: sequences.values,
    foreignKeys,
    inventory: inventory.entries,
    unsupported: inventory.unsupported,
  };
}
