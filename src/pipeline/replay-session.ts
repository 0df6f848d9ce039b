import { performance } from 'node:perf_hooks';
import type { ResolvedConfig } from '../config/config-schema.js';
import { captureBaseline, type Baseline } from '../diff/capture-baseline.js';
import { diffSchema } from '../diff/diff-schema.js';
import { diffTables } from '../diff/diff-tables.js';
import { invariantHolds, measureInvariants, type InvariantValues } from '../diff/measure-invariants.js';
import { SandboxError, type Stage } from '../errors/sandbox-error.js';
import { CleanupStack } from '../lifecycle/cleanup-stack.js';
import { interruptedBy } from '../lifecycle/signals.js';
import { classifyStatement } from '../replay/classify-statement.js';
import { parseOperation, type ParsedStatement } from '../replay/parse-sql.js';
import { runCommandOperation } from '../command/run-command-operation.js';
import { runSmokeChecks } from '../command/run-smoke-checks.js';
import { secretsOf } from '../errors/redact.js';
import { runStatements } from '../replay/run-statements.js';
import { startTimeLimit } from '../replay/time-limit.js';
import type { Report } from '../report/report-schema.js';
import { tableEntries } from '../report/table-entries.js';
import type { RunningSandbox } from '../sandbox/provider.js';
import { checkpointDatabase, resetDatabase } from '../sandbox/template-database.js';
import { introspect } from '../source/introspect.js';
import type { SchemaModel } from '../source/model.js';
import { fidelityLine } from '../clone/fidelity.js';
import { buildReport, noFacts, noRun, type RunFacts, type SessionFacts } from './build-report.js';
import type { Operation } from './operation.js';
import { openOrigin } from './origin.js';
import { provision } from './provision.js';
import { measureEquivalence } from './measure-equivalence.js';
import { resolverFor } from './resolve-relation.js';
import { catalogReader, connectSandbox, readInTransaction } from './sandbox-client.js';
import { stageError } from './stage-error.js';

export interface SessionOptions {
  /** Progress lines (provisioning, loading, diffing); the CLI sends them to stderr. */
  progress?: (line: string) => void;
  /**
   * Keep a frozen copy of the loaded sandbox so that every operation after the first starts from it again (a template
   * database: no data is reloaded). Costs one copy of the database; leave it off for a single operation.
   */
  reusable?: boolean;
}

/** What every operation of the session shares: the sandbox as loaded, and what was measured of it before anything ran. */
interface Baselined {
  sandbox: RunningSandbox;
  model: SchemaModel;
  before: SchemaModel;
  baseline: Baseline;
  invariantsBefore: InvariantValues;
}

/**
 * One provisioned sandbox for one or more operations, each replayed from the same baseline (a reset between them
 * copies the template database made after loading, so data is loaded once). Opening never throws: a problem while
 * provisioning becomes the `errors` of every report the session returns, and each of them fails closed.
 * @example await using session = await ReplaySession.open(config, { reusable: true });
 * for (const op of ops) reports.push(await session.replay(op));
 */
export class ReplaySession implements AsyncDisposable {
  readonly #scope: CleanupStack;
  #facts: SessionFacts;
  #ready: Baselined | undefined;
  #openError: Report['errors'][number] | undefined;
  #used = false;
  /** What must never reach a report or the terminal from a command's output: the source URL's password */
  readonly #secrets: readonly string[];

  private constructor(
    private readonly config: ResolvedConfig,
    private readonly progress: (line: string) => void,
    private readonly reusable: boolean,
  ) {
    this.#scope = new CleanupStack((error) => progress(`cleanup failed: ${(error as Error).message}`));
    this.#facts = noFacts(config);
    this.#secrets = config.sourceUrl ? secretsOf(config.sourceUrl) : [];
  }

  static async open(config: ResolvedConfig, options: SessionOptions = {}): Promise<ReplaySession> {
    const session = new ReplaySession(config, options.progress ?? (() => undefined), options.reusable ?? false);
    await session.#prepare();
    return session;
  }

  /** The sandbox's URL (with its password: redact before printing), once provisioning succeeded. */
  get url(): string | undefined {
    return this.#ready?.sandbox.url;
  }

  async #prepare(): Promise<void> {
    let stage: Stage = 'source';
    let sandbox: RunningSandbox | undefined;
    const facts = this.#facts;
    try {
      await using origin = await openOrigin(this.config, this.progress);
      facts.snapshot = origin.snapshot;

      stage = 'provision';
      checkInterrupted();
      // every sandbox of a session keeps a JSON log, so that it can replay a command as well as SQL
      const provisioned = await provision(origin, this.config, this.progress, { statementLog: true });
      sandbox = this.#scope.adopt(provisioned.sandbox);
      const { fidelity } = provisioned.loaded;
      facts.sandbox = {
        id: sandbox.id,
        provider: sandbox.provider,
        serverVersion: sandbox.serverVersion,
        fidelity: { reproduced: fidelity.reproduced, inSource: fidelity.inSource },
        notReproduced: fidelity.notReproduced.map(({ objectType, name, reason }) => ({ objectType, name, reason })),
      };
      facts.warnings.push(...sandbox.warnings, ...provisioned.loaded.dataNotes.map((note) => `synthetic data: ${note}`));
      if (fidelity.notReproduced.length > 0) {
        facts.warnings.push(`${fidelity.notReproduced.length} object(s) of production are not in the sandbox (${fidelityLine(fidelity)}): ${fidelity.notReproduced.map((o) => `${o.objectType} ${o.name}`).join(', ')}`);
      }
      // a subset loads fewer rows than production holds: then the profile's counts stand for production, not the loaded ones
      facts.productionRows = origin.productionRows ?? (origin.data.subset ? new Map(Object.entries(origin.profile.tables).map(([name, t]) => [name, t.rows])) : provisioned.loaded.rowsLoaded);
      await origin[Symbol.asyncDispose](); // production is no longer needed: release its snapshot now

      stage = 'replay';
      checkInterrupted();
      let baselined: Baselined;
      {
        await using client = await connectSandbox(sandbox);
        // the sandbox as loaded, before anything runs in it: one read of its statistics
        const measured = await measureEquivalence(catalogReader(client), origin, this.config, provisioned.loaded.rowsLoaded, this.progress);
        facts.equivalence = measured.equivalence;
        if (measured.problem) facts.warnings.push(measured.problem);
        const before = await readInTransaction(client, (db) => introspect(db, origin.model));
        const baseline = await captureBaseline(client, before.tables);
        const invariantsBefore = await measureInvariants(client, this.config.invariants, 'before');
        baselined = { sandbox, model: origin.model, before, baseline, invariantsBefore };
      }
      // frozen after the baseline is captured: every copy carries the same row hashes, so a reset needs no new capture
      if (this.reusable) {
        this.progress('checkpointing the sandbox for fast resets');
        await checkpointDatabase(sandbox.url);
      }
      this.#ready = baselined;
    } catch (error) {
      this.#openError = stageError(error, stage, sandbox, this.config);
    }
  }

  /** Replays one operation from the baseline, diffs and gates it. Never throws for a problem in a stage (fail closed). */
  async replay(operation: Operation): Promise<Report> {
    const started = performance.now();
    const run = noRun();
    const errors: Report['errors'] = this.#openError ? [this.#openError] : [];
    const ready = this.#ready;
    if (ready) {
      let stage: Stage = 'parse';
      try {
        // a command has nothing to parse up front: its statements are read from the server's log afterwards
        const parsed = operation.kind === 'command' ? [] : await parseOperation(operation.files);
        if (this.#used) {
          stage = 'provision';
          if (!this.reusable) throw new SandboxError('USAGE', 'This replay session was opened for one operation; open it with { reusable: true } to replay several.', { stage: 'provision' });
          this.progress('resetting the sandbox to its baseline');
          await resetDatabase(ready.sandbox.url);
        }
        this.#used = true;
        stage = 'replay';
        checkInterrupted();
        await this.#run(ready, operation, parsed, run, (s) => (stage = s));
      } catch (error) {
        errors.push(stageError(error, stage, ready.sandbox, this.config));
      }
    }
    return buildReport(operation, this.config, this.#facts, run, errors, started);
  }

  async #run(ready: Baselined, operation: Operation, parsed: ParsedStatement[], run: RunFacts, enter: (stage: Stage) => void): Promise<void> {
    const { sandbox, before, model } = ready;
    await using client = await connectSandbox(sandbox);
    const resolve = resolverFor(before);
    const timeLimitMs = this.config.policy.timeLimitSeconds * 1000;
    if (operation.kind === 'command') {
      Object.assign(run, await runCommandOperation(sandbox, operation.argv ?? [], { timeLimitMs, resolve, progress: this.progress, secrets: this.#secrets }));
    } else {
      const classified = parsed.map((statement) => ({ ...statement, ...classifyStatement(statement, resolve) }));
      this.progress(`replaying ${classified.length} statement(s)`);
      const [{ pid }] = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
      const limit = startTimeLimit(sandbox.url, pid, timeLimitMs);
      try {
        run.statements = await runStatements(client, classified, { timedOut: () => limit.expired });
      } finally {
        limit.clear();
      }
    }

    enter('diff');
    this.progress('comparing the sandbox with its baseline');
    const after = await readInTransaction(client, (db) => introspect(db, model));
    const deltas = await diffTables(client, ready.baseline, after.tables);
    run.schemaChanges = diffSchema(before, after);
    const named = new Set(run.statements.flatMap((s) => s.tables));
    const partitionParents = new Map([...before.tables, ...after.tables].flatMap((t) => (t.partitionOf ? [[t.display, t.partitionOf] as const] : [])));
    run.tables = tableEntries(deltas, run.schemaChanges, named, this.#facts.productionRows, partitionParents);
    const invariantsAfter = await measureInvariants(client, this.config.invariants, 'after');
    run.invariants = this.config.invariants.map((inv) => {
      const b = ready.invariantsBefore.get(inv.name);
      const a = invariantsAfter.get(inv.name);
      return { name: inv.name, before: b, after: a, ok: invariantHolds(inv, b, a) };
    });
    // after the diff and the invariants: whatever a check writes is not the operation's doing
    if (this.config.policy.smoke.length > 0) {
      enter('gate');
      run.smoke = await runSmokeChecks(sandbox.url, this.config.policy.smoke, { progress: this.progress, secrets: this.#secrets });
    }
    // backends orphaned by a killed postmaster keep answering: a server that died at any point voids the run
    if (sandbox.crashed) throw new SandboxError('SANDBOX_CRASHED', 'The sandbox server process exited during the run.', { stage: 'replay' });
  }

  /** Removes the sandbox and everything it owns. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.#scope[Symbol.asyncDispose]();
  }
}

function checkInterrupted(): void {
  const signal = interruptedBy();
  if (signal) throw new SandboxError('INTERRUPTED', `Interrupted by ${signal}.`);
}
