import type { Disposer } from './cleanup-stack.js';

const live = new Set<Disposer>();
let interrupted: NodeJS.Signals | undefined;
let interruptIsTheWayToStop = false;

/** For commands that run until stopped (`sandbox up`): a SIGINT/SIGTERM then ends them normally, exit 0. */
export function expectInterrupt(): void {
  interruptIsTheWayToStop = true;
}

export function interruptExpected(): boolean {
  return interruptIsTheWayToStop;
}

/**
 * Registers something that must be torn down if the process is interrupted (a server, a temp dir).
 * Returns the function that unregisters it, for the normal path where its owner disposes it.
 */
export function trackLive(disposer: Disposer): () => void {
  live.add(disposer);
  return () => live.delete(disposer);
}

/** The signal that interrupted this run, if any: stages check it so that no new work starts during teardown. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return interrupted;
}

/**
 * On SIGINT/SIGTERM: dispose every live resource (newest first), then call `onDone` (the CLI exits with 2).
 * A second signal during teardown is ignored, so a double Ctrl-C cannot leave a data directory behind.
 */
export function installSignalHandlers(onDone: (signal: NodeJS.Signals) => void, log: (line: string) => void): void {
  const handler = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    log(`${signal}: removing ${live.size} live resource(s) before exiting`);
    void disposeAllLive(log).finally(() => onDone(signal));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

export async function disposeAllLive(log: (line: string) => void): Promise<void> {
  for (const disposer of [...live].reverse()) {
    live.delete(disposer);
    try {
      await disposer();
    } catch (error) {
      log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * The crash path: an exception nobody caught still removes every live sandbox before the process ends (exit 2,
 * fail closed). Output pipes that close early (`sandbox … | head`) are not a reason to die and leak a server.
 */
export function installFatalHandlers(onDone: () => void, log: (line: string) => void): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  const fatal = (error: unknown) => {
    log(`sandbox: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    void disposeAllLive(log).finally(onDone);
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}
