import type { SubsetConfig } from '../../config/subset-schema.js';
import { SandboxError } from '../../errors/sandbox-error.js';
import type { SchemaModel, Table } from '../../source/model.js';
import { rowUnits, type RowUnit, type RowUnits } from './row-units.js';

export interface SubsetRoot {
  /** The table named in the config (a partition picks from that partition alone) */
  table: Table;
  unit: RowUnit;
  fraction?: number;
  where?: string;
  /** `data.subset.roots[0]`, for messages */
  path: string;
}

export interface ResolvedSubset {
  units: RowUnits;
  roots: SubsetRoot[];
  /** Whether rows of this unit (by its table's display name) that reference a picked row are followed */
  followsChildrenInto(unit: RowUnit): boolean;
  maxChildrenPerParent: number;
  maxCycleDepth: number;
}

/**
 * Checks data.subset against the source's schema before any row moves: every table it names must be one table of the
 * source, else CONFIG_INVALID naming the path and the table.
 */
export function resolveSubset(model: SchemaModel, config: SubsetConfig): ResolvedSubset {
  const units = rowUnits(model);
  const problems: string[] = [];
  const find = (name: string, path: string): Table | undefined => {
    const found = findTable(model, name);
    if (typeof found === 'string') problems.push(`${path}: ${found}`);
    else return found;
    return undefined;
  };
  const roots: SubsetRoot[] = [];
  config.roots.forEach((root, i) => {
    const path = `data.subset.roots[${i}]`;
    const table = find(root.table, `${path}.table`);
    if (table) roots.push({ table, unit: units.unitOf(table.display)!, path, ...(root.fraction !== undefined ? { fraction: root.fraction } : {}), ...(root.where !== undefined ? { where: root.where } : {}) });
  });
  const children = new Set<RowUnit>();
  if (Array.isArray(config.children)) {
    config.children.forEach((name, i) => {
      const table = find(name, `data.subset.children[${i}]`);
      if (table) children.add(units.unitOf(table.display)!);
    });
  }
  if (problems.length > 0) {
    throw new SandboxError('CONFIG_INVALID', `Invalid data.subset: no row was copied:\n${problems.map((p) => `  ${p}`).join('\n')}`, {
      stage: 'config',
      hint: 'Name tables as schema.table (public.customer), or by their bare name when only one schema has it.',
    });
  }
  return {
    units,
    roots,
    followsChildrenInto: (unit) => config.children === 'all' || children.has(unit),
    maxChildrenPerParent: config.maxChildrenPerParent,
    maxCycleDepth: config.maxCycleDepth,
  };
}

/** The table a config names, by `schema.table` or by a bare name found in one schema only; else why not. */
function findTable(model: SchemaModel, name: string): Table | string {
  const exact = model.tables.find((t) => t.display === name);
  if (exact) return exact;
  const bare = model.tables.filter((t) => t.name === name);
  if (bare.length === 1) return bare[0]!;
  if (bare.length > 1) return `"${name}" is a table in several schemas (${bare.map((t) => t.display).sort().join(', ')}): name one of them`;
  const similar = model.tables.filter((t) => t.name.toLowerCase() === name.replace(/^.*\./, '').toLowerCase()).map((t) => t.display);
  return `no table "${name}" in the source${similar.length > 0 ? ` (did you mean ${similar.join(' or ')}?)` : ''}`;
}
