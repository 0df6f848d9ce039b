import { styleText } from 'node:util';

/** How the terminal report marks what matters; every function is the identity when colour is off. */
export interface TerminalStyle {
  pass(text: string): string;
  fail(text: string): string;
  warn(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

type Format = Parameters<typeof styleText>[0];

export function terminalStyle(colour: boolean): TerminalStyle {
  const paint = (format: Format) => (text: string) => (colour ? styleText(format, text) : text);
  return { pass: paint(['bold', 'green']), fail: paint(['bold', 'red']), warn: paint('yellow'), dim: paint('dim'), bold: paint('bold') };
}

/**
 * Colour only for a person at a terminal: never in a file or a CI log unless asked for. NO_COLOR (any non-empty value,
 * no-color.org) wins over everything; FORCE_COLOR asks for it where there is no TTY; TERM=dumb and the terminal's own
 * colour depth count otherwise.
 */
export function wantsColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (!stream.isTTY) return false;
  return typeof stream.hasColors === 'function' ? stream.hasColors(env) : env.TERM !== 'dumb';
}
