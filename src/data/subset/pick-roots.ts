import { SandboxError } from '../../errors/sandbox-error.js';
import type { CatalogReader } from '../../source/queries/user-objects.js';
import { keyColumns, keySelect, type KeyRow } from './key-sql.js';
import type { SubsetRoot } from './resolve-subset.js';
import { fromTable } from './row-units.js';

export type PickedKeyRow = KeyRow & { leaf: string };

/**
 * The rows a root picks. A WHERE condition runs as written, on the root table's own rows. A fraction takes
 * ceil(fraction × rows) rows in the order of a hash of the seed and each row's key, so the same seed picks the same
 * rows and another seed others; the server sorts (top-N, bounded memory), only the picked keys come back.
 */
export async function pickRoot(source: CatalogReader, root: SubsetRoot, seed: number): Promise<PickedKeyRow[]> {
  const from = fromTable(root.table);
  const select = keySelect(root.unit);
  if (root.where !== undefined) {
    try {
      return await source.query<PickedKeyRow>(`SELECT ${select} FROM ${from} WHERE (${root.where})`);
    } catch (cause) {
      const reason = cause instanceof SandboxError && cause.cause instanceof Error ? cause.cause.message : (cause as Error).message;
      throw new SandboxError('CONFIG_INVALID', `Invalid data.subset: ${root.path}.where: the source rejected the condition on ${root.table.display}: ${reason}. No row was copied.`, {
        stage: 'config',
        cause,
        hint: `Write the condition as the WHERE clause of SELECT … FROM ${root.table.display}, with that table's column names.`,
      });
    }
  }
  const [count] = await source.query<{ n: string }>(`SELECT count(*) AS n FROM ${from}`);
  // toPrecision: 0.1 × 600 is 60.00000000000001 in floating point, and must pick 60 rows, not 61
  const limit = Math.ceil(Number(((root.fraction ?? 1) * Number(count?.n ?? 0)).toPrecision(12)));
  const columns = keyColumns(root.unit);
  return source.query<PickedKeyRow>(
    `SELECT ${select} FROM ${from} ORDER BY sha256(convert_to($1 || ROW(${columns})::text, 'UTF8')), ${columns} LIMIT $2`,
    [`${seed}:`, limit],
  );
}
