import type { CommandOutcome } from './report-schema.js';

/** How a replayed command ended, in words: `exited with status 0 after 1.2 s`. */
export function commandEnding(command: CommandOutcome): string {
  if (command.exitCode === null && command.signal === null) return 'did not finish';
  const how = command.signal ? `was killed by ${command.signal}` : `exited with status ${command.exitCode}`;
  return `${how} after ${(command.durationMs / 1000).toFixed(1)} s`;
}

/** The last lines a command printed: what a reader needs to see first when it failed. */
export function outputTail(output: string, lines = 8): string[] {
  return output.replace(/\s+$/, '').split('\n').slice(-lines);
}
