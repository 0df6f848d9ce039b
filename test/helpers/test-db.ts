import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDb extends AsyncDisposable {
  name: string;
  /** Superuser URL of this database */
  url: string;
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
}

export function adminUrl(database = 'postgres'): string {
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

/** A fresh database on the test server, loaded with `sql`; dropped on dispose. */
export async function createTestDb(sql: string, prefix = 't'): Promise<TestDb> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withClient(adminUrl(), (c) => c.query(`CREATE DATABASE ${name}`));
  const url = adminUrl(name);
  if (sql.trim()) await withClient(url, (c) => c.query(sql));
  return {
    name,
    url,
    query: (text, params) => withClient(url, async (c) => (await c.query(text, params)).rows),
    [Symbol.asyncDispose]: () => withClient(adminUrl(), (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A login role with only CONNECT on the database and SELECT on its tables and sequences, as production gives us. */
export async function createReadOnlyRole(db: TestDb): Promise<string> {
  const role = `ro_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl(), (c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`));
  await db.query(`REVOKE ALL ON DATABASE ${db.name} FROM PUBLIC; GRANT CONNECT ON DATABASE ${db.name} TO ${role};
    GRANT USAGE ON SCHEMA public TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role};
    GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  const url = new URL(db.url);
  url.username = role;
  url.password = password;
  return url.toString();
}
