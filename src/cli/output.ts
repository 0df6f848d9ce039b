import { wantsColour } from '../report/render/terminal-style.js';

/** Progress and diagnostics go to stderr; stdout carries only the result. */
export interface Output {
  progress(line: string): void;
  result(text: string): void;
  error(text: string): void;
  /** Whether the result on stdout may carry ANSI colour (a terminal, and NO_COLOR unset) */
  readonly colour: boolean;
}

/**
 * Progress lines are for a person watching: shown when stderr is a terminal, or when asked for with --progress (a CI
 * log that wants them); --quiet silences them whatever else is said.
 */
export function consoleOutput(options: { quiet: boolean; progress: boolean }): Output {
  const started = Date.now();
  const showProgress = !options.quiet && (options.progress || process.stderr.isTTY === true);
  return {
    progress: (line) => {
      if (showProgress) process.stderr.write(`[sandbox ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
    },
    result: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    error: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    colour: wantsColour(process.stdout),
  };
}
