import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SandboxError } from '../errors/sandbox-error.js';
import type { OperationFile } from '../replay/parse-sql.js';

export interface Operation {
  kind: 'sql' | 'command';
  /** The SQL files; none for a command */
  files: OperationFile[];
  /** A command's program and arguments, run without a shell (`sandbox replay -- psql -f migrate.sql`) */
  argv?: readonly string[];
}

/** A program to run against the sandbox; its statements are read back from the server's log. */
export function commandOperation(argv: readonly string[]): Operation {
  if (argv.length === 0 || argv[0] === '') throw new SandboxError('USAGE', 'Give the command to replay after --, e.g. sandbox replay -- psql -f migrate.sql.', { stage: 'parse' });
  return { kind: 'command', files: [], argv: [...argv] };
}

/** Reads SQL operation files as they are; the bytes are what `sha256` and later `sandbox verify` vouch for. */
export async function readOperation(paths: readonly string[]): Promise<Operation> {
  if (paths.length === 0) throw new SandboxError('USAGE', 'Give at least one SQL file to replay, e.g. sandbox replay migration.sql.', { stage: 'parse' });
  const files: OperationFile[] = [];
  for (const path of paths) {
    try {
      files.push({ path, text: await readFile(path, 'utf8') });
    } catch (cause) {
      throw new SandboxError('OPERATION_UNREADABLE', `Cannot read operation file ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { stage: 'parse', cause });
    }
  }
  return { kind: 'sql', files };
}

/**
 * sha256 of one file's bytes (the same as `sha256sum op.sql`); of several, of their bytes joined by NUL; of a
 * command, of its arguments joined by NUL.
 */
export function operationSha256(operation: Operation): string {
  const hash = createHash('sha256');
  const parts = operation.kind === 'command' ? (operation.argv ?? []) : operation.files.map((f) => f.text);
  parts.forEach((part, i) => {
    if (i > 0) hash.update('\0');
    hash.update(part, 'utf8');
  });
  return hash.digest('hex');
}
