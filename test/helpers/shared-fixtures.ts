import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A database of ../shared/fixtures (beside the checkout, where CI lays it), else of the workplace's /work/shared.
 * @example runPsqlFiles(url, [`${sharedFixture('pagila')}/pagila-schema.sql`])
 */
export function sharedFixture(name: string): string {
  const candidates = [fileURLToPath(new URL(`../../../shared/fixtures/${name}`, import.meta.url)), `/work/shared/fixtures/${name}`];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`shared fixture ${name} not found; looked in ${candidates.join(', ')}`);
  return found;
}
