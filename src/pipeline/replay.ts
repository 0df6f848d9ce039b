import { performance } from 'node:perf_hooks';
import type { ResolvedConfig } from '../config/config-schema.js';
import { captureBaseline } from '../diff/capture-baseline.js';
import { diffSchema, type SchemaChange } from '../diff/diff-schema.js';
import { diffTables } from '../diff/diff-tables.js';
import { invariantHolds, measureInvariants } from '../diff/measure-invariants.js';
import { isConnectionLoss } from '../errors/pg-error.js';
import { redactText, secretsOf } from '../errors/redact.js';
import { SandboxError, type Stage } from '../errors/sandbox-error.js';
import { evaluateGate } from '../gate/evaluate-gate.js';
import { CleanupStack } from '../lifecycle/cleanup-stack.js';
import { interruptedBy } from '../lifecycle/signals.js';
import { classifyStatement } from '../replay/classify-statement.js';
import { parseOperation } from '../replay/parse-sql.js';
import { runStatements, type StatementResult } from '../replay/run-statements.js';
import { startTimeLimit } from '../replay/time-limit.js';
import type { RelationRef } from '../replay/walk-ast.js';
import { reportVersion, type InvariantResult, type Report, type TableEntry } from '../report/report-schema.js';
import { tableEntries } from '../report/table-entries.js';
import type { RunningSandbox } from '../sandbox/provider.js';
import { introspect } from '../source/introspect.js';
import type { SchemaModel, Table } from '../source/model.js';
import { operationSha256, type Operation } from './operation.js';
import { fidelityLine } from '../clone/fidelity.js';
import { openOrigin } from './origin.js';
import { provision } from './provision.js';
import { measureEquivalence } from './measure-equivalence.js';
import { catalogReader, connectSandbox, readInTransaction } from './sandbox-client.js';

export interface ReplayOptions {
  /** Progress lines (provisioning, loading, diffing); the CLI sends them to stderr. */
  progress?: (line: string) => void;
}

interface Partial {
  statements: StatementResult[];
  tables: TableEntry[];
  schemaChanges: SchemaChange[];
  invariants: InvariantResult[];
  snapshot: Report['snapshot'];
  sandbox: Report['sandbox'];
  equivalence?: Report['equivalence'];
  productionRows: ReadonlyMap<string, number>;
}

/**
 * Clones the source into a fresh sandbox, replays the operation there, diffs and gates it. Never throws for a
 * problem in a stage: that becomes `report.errors` and a failing verdict (fail closed); the sandbox is always
 * removed before it returns.
 * @example const report = await replay(await readOperation(['op.sql']), await resolveConfig({ data: 'copy' }));
 */
export async function replay(operation: Operation, config: ResolvedConfig, options: ReplayOptions = {}): Promise<Report> {
  const started = performance.now();
  const progress = options.progress ?? (() => undefined);
  const partial: Partial = {
    statements: [],
    tables: [],
    schemaChanges: [],
    invariants: [],
    snapshot: { id: 'none', createdAt: new Date().toISOString(), dataMode: config.data.mode, source: { serverVersion: 'unknown', database: 'unknown' } },
    sandbox: null,
    productionRows: new Map(),
  };
  const errors: Report['errors'] = [];
  const warnings: string[] = [];
  let stage: Stage = 'parse';
  let sandbox: RunningSandbox | undefined;
  await using scope = new CleanupStack((error) => progress(`cleanup failed: ${(error as Error).message}`));
  try {
    const parsed = await parseOperation(operation.files);

    stage = 'source';
    const origin = scope.adopt(await openOrigin(config, progress));
    partial.snapshot = origin.snapshot;

    stage = 'provision';
    checkInterrupted();
    const provisioned = await provision(origin, config, progress);
    const running = scope.adopt(provisioned.sandbox);
    sandbox = running;
    const { fidelity } = provisioned.loaded;
    partial.sandbox = {
      id: running.id,
      provider: running.provider,
      serverVersion: running.serverVersion,
      fidelity: { reproduced: fidelity.reproduced, inSource: fidelity.inSource },
      notReproduced: fidelity.notReproduced.map(({ objectType, name, reason }) => ({ objectType, name, reason })),
    };
    warnings.push(...running.warnings, ...provisioned.loaded.dataNotes.map((note) => `synthetic data: ${note}`));
    if (fidelity.notReproduced.length > 0) {
      warnings.push(`${fidelity.notReproduced.length} object(s) of production are not in the sandbox (${fidelityLine(fidelity)}): ${fidelity.notReproduced.map((o) => `${o.objectType} ${o.name}`).join(', ')}`);
    }
    await origin[Symbol.asyncDispose](); // production is no longer needed: release its snapshot now
    const model = origin.model;
    // a subset loads fewer rows than production holds: then the profile's counts stand for production, not the loaded ones
    const productionRows = origin.productionRows ?? (origin.data.subset ? new Map(Object.entries(origin.profile.tables).map(([name, t]) => [name, t.rows])) : provisioned.loaded.rowsLoaded);
    partial.productionRows = productionRows;

    stage = 'replay';
    checkInterrupted();
    const client = scope.adopt(await connectSandbox(running));
    // the sandbox as loaded, before anything runs in it: one read of its statistics
    const measured = await measureEquivalence(catalogReader(client), origin, config, provisioned.loaded.rowsLoaded, progress);
    partial.equivalence = measured.equivalence;
    if (measured.problem) warnings.push(measured.problem);
    const before = await readInTransaction(client, (db) => introspect(db, model));
    const baseline = await captureBaseline(client, before.tables);
    const invariantsBefore = await measureInvariants(client, config.invariants, 'before');
    const resolve = resolverFor(before);
    const classified = parsed.map((statement) => ({ ...statement, ...classifyStatement(statement, resolve) }));
    progress(`replaying ${classified.length} statement(s)`);
    const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
    const limit = startTimeLimit(running.url, pid, config.policy.timeLimitSeconds * 1000);
    try {
      partial.statements = await runStatements(client, classified, { timedOut: () => limit.expired });
    } finally {
      limit.clear();
    }

    stage = 'diff';
    progress('comparing the sandbox with its baseline');
    const after = await readInTransaction(client, (db) => introspect(db, model));
    const deltas = await diffTables(client, baseline, after.tables);
    partial.schemaChanges = diffSchema(before, after);
    const named = new Set(partial.statements.flatMap((s) => s.tables));
    const partitionParents = new Map([...before.tables, ...after.tables].flatMap((t) => (t.partitionOf ? [[t.display, t.partitionOf] as const] : [])));
    partial.tables = tableEntries(deltas, partial.schemaChanges, named, productionRows, partitionParents);
    const invariantsAfter = await measureInvariants(client, config.invariants, 'after');
    partial.invariants = config.invariants.map((inv) => {
      const b = invariantsBefore.get(inv.name);
      const a = invariantsAfter.get(inv.name);
      return { name: inv.name, before: b, after: a, ok: invariantHolds(inv, b, a) };
    });
    // backends orphaned by a killed postmaster keep answering: a server that died at any point voids the run
    if (running.crashed) throw new SandboxError('SANDBOX_CRASHED', 'The sandbox server process exited during the run.', { stage: 'replay' });
  } catch (error) {
    // judged before the scope closes: a sandbox that is gone by now was removed by us, not crashed
    errors.push({ stage: errorStage(error, stage, sandbox), message: errorMessage(error, sandbox, config) });
  }
  await scope[Symbol.asyncDispose]();
  const gate = evaluateGate({ policy: config.policy, statements: partial.statements, tables: partial.tables, invariants: partial.invariants, productionRows: partial.productionRows });
  return {
    version: reportVersion,
    verdict: errors.length > 0 ? 'fail' : gate.verdict,
    operation: { kind: operation.kind, sha256: operationSha256(operation), files: operation.files.map((f) => f.path), statements: partial.statements },
    snapshot: partial.snapshot,
    sandbox: partial.sandbox,
    tables: partial.tables,
    schemaChanges: partial.schemaChanges,
    invariants: partial.invariants,
    rules: errors.length > 0 ? [] : gate.rules,
    errors,
    warnings,
    ...(partial.equivalence ? { equivalence: partial.equivalence } : {}),
    createdAt: partial.snapshot.createdAt,
    durationMs: Math.round(performance.now() - started),
  };
}

function checkInterrupted(): void {
  const signal = interruptedBy();
  if (signal) throw new SandboxError('INTERRUPTED', `Interrupted by ${signal}.`);
}

/** Unqualified names resolve as the default search_path would: public first, else the one schema that has it. */
function resolverFor(model: SchemaModel): (ref: RelationRef) => string {
  const byName = new Map<string, Table[]>();
  for (const t of model.tables) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
  return (ref) => {
    if (ref.schema) return `${ref.schema}.${ref.name}`;
    const candidates = byName.get(ref.name) ?? [];
    return (candidates.find((t) => t.schema === 'public') ?? candidates[0])?.display ?? `public.${ref.name}`;
  };
}

/** The server may be gone before its exit is noticed: a lost connection to a started sandbox counts as a crash. */
function sandboxDied(error: unknown, sandbox: RunningSandbox | undefined): boolean {
  return sandbox !== undefined && (sandbox.crashed || isConnectionLoss(error));
}

function errorStage(error: unknown, current: Stage, sandbox: RunningSandbox | undefined): Stage {
  if (sandboxDied(error, sandbox)) return current;
  return error instanceof SandboxError && error.detail.stage ? error.detail.stage : current;
}

function errorMessage(error: unknown, sandbox: RunningSandbox | undefined, config: ResolvedConfig): string {
  const secrets = config.sourceUrl ? secretsOf(config.sourceUrl) : [];
  if (sandbox && sandboxDied(error, sandbox)) {
    return redactText(`The sandbox server stopped unexpectedly (${(error as Error).message}). Its last log lines:\n${sandbox.logTail()}`, secrets);
  }
  const base = error instanceof Error ? error.message : String(error);
  const code = error instanceof SandboxError ? `[${error.code}] ` : '';
  const hint = error instanceof SandboxError ? `\nhint: ${error.hint}` : '';
  return redactText(`${code}${base}${hint}`, secrets);
}
