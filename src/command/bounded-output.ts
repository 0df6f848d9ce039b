import { StringDecoder } from 'node:string_decoder';

const keepBytes = 32 * 1024;

/**
 * A command's output as the report keeps it: the first and the last 32 KiB, with a marker where the middle was cut,
 * so a chatty migration tool cannot grow memory or the report without bound. Lines are passed on as they complete.
 */
export class BoundedOutput {
  readonly #decoder = new StringDecoder('utf8');
  #head = '';
  #tail = '';
  #cut = 0;
  #pending = '';

  constructor(private readonly onLine?: (line: string) => void) {}

  push(chunk: Buffer): void {
    const text = this.#decoder.write(chunk);
    if (this.onLine) {
      const lines = (this.#pending + text).split('\n');
      this.#pending = lines.pop()!;
      for (const line of lines) this.onLine(line);
      // a line without an end is passed on in pieces rather than held without bound
      if (this.#pending.length > keepBytes) {
        this.onLine(this.#pending);
        this.#pending = '';
      }
    }
    if (this.#head.length < keepBytes) {
      const room = keepBytes - this.#head.length;
      this.#head += text.slice(0, room);
      this.#keepTail(text.slice(room));
    } else this.#keepTail(text);
  }

  #keepTail(text: string): void {
    if (text.length === 0) return;
    this.#tail += text;
    if (this.#tail.length > keepBytes) {
      this.#cut += this.#tail.length - keepBytes;
      this.#tail = this.#tail.slice(-keepBytes);
    }
  }

  finish(): { output: string; truncated: boolean } {
    const rest = this.#decoder.end();
    if (rest) this.push(Buffer.from(rest));
    if (this.#pending && this.onLine) this.onLine(this.#pending);
    this.#pending = '';
    const marker = this.#cut > 0 ? `\n… ${this.#cut.toLocaleString('en-US')} characters cut …\n` : '';
    return { output: this.#head + marker + this.#tail, truncated: this.#cut > 0 };
  }
}
