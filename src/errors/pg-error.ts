/** The fields node-postgres exposes on a server error, kept instead of flattening them into a string. */
export interface PgErrorInfo {
  message: string;
  sqlstate?: string;
  detail?: string;
  hint?: string;
  constraint?: string;
  table?: string;
  /** 1-based character position inside the statement text, as the server reports it. */
  position?: number;
  where?: string;
}

export function pgErrorInfo(error: unknown): PgErrorInfo {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & Record<string, unknown>;
  const text = (key: string): string | undefined => (typeof e[key] === 'string' && e[key] !== '' ? (e[key] as string) : undefined);
  const info: PgErrorInfo = { message: e.message };
  const sqlstate = text('code');
  if (sqlstate && /^[0-9A-Z]{5}$/.test(sqlstate)) info.sqlstate = sqlstate;
  for (const key of ['detail', 'hint', 'constraint', 'table', 'where'] as const) {
    const value = text(key);
    if (value) info[key] = value;
  }
  const position = Number(text('position'));
  if (Number.isInteger(position) && position > 0) info.position = position;
  return info;
}

/** True when the error means the server went away (crash, kill, shutdown) rather than the statement failing. */
export function isConnectionLoss(error: unknown): boolean {
  const info = pgErrorInfo(error);
  if (info.sqlstate && /^(08|57P0[1-3])/.test(info.sqlstate)) return true;
  return /Connection terminated|ECONNREFUSED|ECONNRESET|EPIPE|connection is closed|Client has encountered a connection error/i.test(info.message);
}
