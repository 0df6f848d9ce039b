import { performance } from 'node:perf_hooks';
import type { ResolvedConfig } from '../config/config-schema.js';
import { redactText, secretsOf } from '../errors/redact.js';
import { evaluateGate } from '../gate/evaluate-gate.js';
import { reportVersion, type Report } from '../report/report-schema.js';
import { operationSha256, type Operation } from './operation.js';

/** The report's parts that come from provisioning, the same for every operation replayed in one sandbox. */
export interface SessionFacts {
  snapshot: Report['snapshot'];
  sandbox: Report['sandbox'];
  equivalence?: Report['equivalence'];
  productionRows: ReadonlyMap<string, number>;
  warnings: string[];
}

/** What one operation did in the sandbox; empty where a stage did not get that far. */
export interface RunFacts {
  statements: Report['operation']['statements'];
  tables: Report['tables'];
  schemaChanges: Report['schemaChanges'];
  invariants: Report['invariants'];
  command?: Report['operation']['command'];
  smoke?: Report['smoke'];
}

export const noFacts = (config: ResolvedConfig): SessionFacts => ({
  snapshot: { id: 'none', createdAt: new Date().toISOString(), dataMode: config.data.mode, source: { serverVersion: 'unknown', database: 'unknown' } },
  sandbox: null,
  productionRows: new Map(),
  warnings: [],
});

export const noRun = (): RunFacts => ({ statements: [], tables: [], schemaChanges: [], invariants: [] });

/** Gates what was measured and assembles the report; any error makes the verdict fail (fail closed) and drops the rules. */
export function buildReport(operation: Operation, config: ResolvedConfig, facts: SessionFacts, run: RunFacts, errors: Report['errors'], started: number): Report {
  const command = run.command ?? notRun(operation, config);
  const gate = evaluateGate({ policy: config.policy, statements: run.statements, tables: run.tables, invariants: run.invariants, productionRows: facts.productionRows, ...(command ? { command } : {}), ...(run.smoke ? { smoke: run.smoke } : {}) });
  return {
    version: reportVersion,
    verdict: errors.length > 0 ? 'fail' : gate.verdict,
    operation: { kind: operation.kind, sha256: operationSha256(operation), files: operation.files.map((f) => f.path), statements: run.statements, ...(command ? { command } : {}) },
    snapshot: facts.snapshot,
    sandbox: facts.sandbox,
    tables: run.tables,
    schemaChanges: run.schemaChanges,
    invariants: run.invariants,
    ...(run.smoke ? { smoke: run.smoke } : {}),
    rules: errors.length > 0 ? [] : gate.rules,
    errors,
    warnings: [...facts.warnings],
    ...(facts.equivalence ? { equivalence: facts.equivalence } : {}),
    createdAt: facts.snapshot.createdAt,
    durationMs: Math.round(performance.now() - started),
  };
}

/** A command that did not get to run (or to finish) still names itself in the report: exitCode null. */
function notRun(operation: Operation, config: ResolvedConfig): RunFacts['command'] {
  if (operation.kind !== 'command') return undefined;
  const secrets = config.sourceUrl ? secretsOf(config.sourceUrl) : [];
  return { argv: (operation.argv ?? []).map((arg) => redactText(arg, secrets)), exitCode: null, signal: null, output: '', truncated: false, durationMs: 0 };
}
