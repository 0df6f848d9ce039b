/** Progress and diagnostics go to stderr; stdout carries only the result. */
export interface Output {
  progress(line: string): void;
  result(text: string): void;
  error(text: string): void;
}

export function consoleOutput(quiet: boolean): Output {
  const started = Date.now();
  return {
    progress: (line) => {
      if (!quiet) process.stderr.write(`[sandbox ${((Date.now() - started) / 1000).toFixed(1)}s] ${line}\n`);
    },
    result: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    error: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  };
}
