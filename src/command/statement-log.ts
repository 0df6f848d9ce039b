import { open, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SandboxError } from '../errors/sandbox-error.js';

/** One statement the server logged for the command's role: completed with its duration, or failed with its error. */
export interface LoggedStatement {
  sql: string;
  /** The backend that ran it (one per connection of the command) */
  pid: number;
  durationMs: number | null;
  error: { message: string; sqlstate?: string; detail?: string; hint?: string } | null;
}

/** A line of PostgreSQL's jsonlog (fields as documented in "Using JSON-Format Log Output"). */
interface JsonLogLine {
  user?: string;
  pid?: number;
  error_severity?: string;
  state_code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  statement?: string;
}

// what log_min_duration_statement writes: the simple protocol's "statement:", the extended protocol's "execute <name>:"
// (its parse and bind steps are logged too, but only the execute ran the statement)
const completed = /^duration: ([\d.]+) ms {2}(?:statement|execute [^:]*): ([\s\S]*)$/;

/** Where the log ends now: a replay reads only what was written after it. */
export async function logOffset(path: string): Promise<number> {
  return (await stat(path).catch(() => ({ size: 0 }))).size;
}

/**
 * The statements the given role ran since `offset`, in the order the server logged them. First a marker query is
 * sent and waited for: the collector writes asynchronously, and once the marker is in the file, everything the
 * command's (by then finished) sessions logged before it is too.
 */
export async function readLoggedStatements(path: string, offset: number, role: string, markerUrl: string): Promise<LoggedStatement[]> {
  const marker = `sandbox-log-marker-${randomBytes(6).toString('hex')}`;
  await sendMarker(markerUrl, marker);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const lines = await readFrom(path, offset);
    const end = lines.findIndex((l) => l.user === role && l.message?.includes(marker));
    if (end >= 0) return toStatements(lines.slice(0, end).filter((l) => l.user === role));
    if (Date.now() > deadline) {
      throw new SandboxError('COMMAND_LOG_UNREADABLE', `The sandbox server's log (${path}) did not show the statements of the command within 10 s.`, { stage: 'replay' });
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function sendMarker(url: string, marker: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, application_name: 'sandbox-log-marker' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`SELECT ${client.escapeLiteral(marker)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readFrom(path: string, offset: number): Promise<JsonLogLine[]> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buffer = Buffer.alloc(Math.max(0, size - offset));
    await file.read(buffer, 0, buffer.length, offset);
    const text = buffer.toString('utf8');
    // the last line may still be being written: only complete lines count
    return text
      .slice(0, text.lastIndexOf('\n') + 1)
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as JsonLogLine);
  } finally {
    await file.close();
  }
}

function toStatements(lines: readonly JsonLogLine[]): LoggedStatement[] {
  const statements: LoggedStatement[] = [];
  for (const line of lines) {
    const done = line.error_severity === 'LOG' ? completed.exec(line.message ?? '') : null;
    if (done) statements.push({ sql: done[2]!, pid: line.pid ?? 0, durationMs: Number(done[1]), error: null });
    else if (line.error_severity === 'ERROR' && line.statement !== undefined) {
      const error = { message: line.message ?? 'unknown error', ...(line.state_code ? { sqlstate: line.state_code } : {}), ...(line.detail ? { detail: line.detail } : {}), ...(line.hint ? { hint: line.hint } : {}) };
      statements.push({ sql: line.statement, pid: line.pid ?? 0, durationMs: null, error });
    }
  }
  return statements;
}
