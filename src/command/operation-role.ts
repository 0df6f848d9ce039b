import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';

/** The login role a replayed command connects as; only its sessions' statements are read back from the log. */
export const operationRole = 'sandbox_op';

/**
 * Creates (or re-keys) the command's role: a superuser like the sandbox's own, so the command can do whatever its
 * production role could, whose every statement the server logs with its duration, and whose errors with their text.
 * Roles belong to the cluster, not the database: a reset of the sandbox database keeps it.
 * @returns the sandbox URL with the role and its new password in it
 */
export async function prepareOperationRole(sandboxUrl: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  const client = new pg.Client({ connectionString: sandboxUrl, application_name: 'sandbox-replay' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const role = client.escapeIdentifier(operationRole);
    const exists = (await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [operationRole])).rowCount === 1;
    await client.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${role} LOGIN SUPERUSER PASSWORD ${client.escapeLiteral(password)}`);
    const settings: [string, string][] = [
      ['log_min_duration_statement', '0'],
      ['log_min_error_statement', 'error'],
      ['log_statement', 'none'],
    ];
    for (const [name, value] of settings) {
      await client.query(`ALTER ROLE ${role} SET ${name} = ${client.escapeLiteral(value)}`);
    }
  } catch (cause) {
    throw new SandboxError('SANDBOX_START_FAILED', `Could not create the role the command connects as: ${(cause as Error).message}`, { stage: 'replay', cause });
  } finally {
    await client.end().catch(() => undefined);
  }
  const url = new URL(sandboxUrl);
  url.username = operationRole;
  url.password = password;
  return url.toString();
}
