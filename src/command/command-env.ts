/**
 * The environment a replayed command (or a smoke command) runs in: the caller's, with every way to reach a database
 * pointed at the sandbox. What could reach another server (a PG* variable such as PGSERVICE or PGHOSTADDR, a
 * DATABASE_URL) and this tool's own secrets (SANDBOX_*: signing and masking keys) are removed first.
 */
export function commandEnv(base: NodeJS.ProcessEnv, url: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (key.startsWith('PG') || key.startsWith('SANDBOX_') || key === 'DATABASE_URL') continue;
    env[key] = value;
  }
  const parsed = new URL(url);
  return {
    ...env,
    DATABASE_URL: url,
    PGHOST: parsed.hostname,
    PGPORT: parsed.port || '5432',
    PGUSER: decodeURIComponent(parsed.username),
    PGPASSWORD: decodeURIComponent(parsed.password),
    PGDATABASE: decodeURIComponent(parsed.pathname.slice(1)),
    PGSSLMODE: 'disable',
  };
}
