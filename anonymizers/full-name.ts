import { defineAnonymizer, transientKeyedRandom, type KeyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { drawLastName, fakerData } from './support/seeded-faker.js';
import { applyCase, caseStyle, leaks, textColumnProblem, truncate } from './support/text-shape.js';

// Titles and suffixes say nothing about who the person is; keeping them keeps the shape of the column.
const title = /^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|rev|fr)\.?$/i;
const suffix = /^(?:jr|sr|i{1,3}|iv|v|md|phd|dds|dvm|esq)\.?$/i;
const initial = /^\p{L}\.?$/u;
const letters = 'ABCDEFGHIJKLMNOPRSTW';

/**
 * A faker name with the structure of the real one: "First Last", "Last, First", middle names and initials, titles and
 * suffixes kept.
 *
 * @example fullName.mask('Dr. John Q. Public Jr.', ctx) // 'Dr. Alanna T. Kuhic Jr.'
 */
export const fullName = defineAnonymizer({
  name: 'full-name',
  description:
    'A faker first and last name (en) with the structure of the real one: "First Last" or "Last, First", one middle name or initial per real one, ' +
    'titles (Dr., Mrs.) and suffixes (Jr., PhD) kept; case style kept; no word of the real name reappears. Not unique.',
  unique: false,
  mask(value, ctx) {
    const random = transientKeyedRandom(ctx.key, 'full-name', value);
    const limit = typeShape(ctx.column.type).maxLength;
    const comma = value.indexOf(',');
    const lastFirst = comma > 0 && !suffix.test(value.slice(comma + 1).trim());
    const words = splitWords(lastFirst ? `${value.slice(comma + 1)} ${value.slice(0, comma)}` : value);
    const before = words.length > 1 && title.test(words[0]!) ? words.shift()! : undefined;
    const lastWord = words.at(-1)!;
    const after = words.length > 1 && suffix.test(lastWord.endsWith(',') ? lastWord.slice(0, -1) : lastWord) ? words.pop()! : undefined;
    const real = words.join(' ');
    const style = caseStyle(real);
    let candidate = '';
    let fallback: string | undefined;
    for (let tries = 0; tries < 16; tries++) {
      const core = drawCore(random, words);
      if (style !== 'as-generated') for (let i = 0; i < core.length; i++) core[i] = applyCase(core[i]!, style);
      const joined = core.join(' ');
      if (leaks(joined, real)) continue;
      const first = core[0]!;
      const last = core.at(-1)!;
      // "Last, First Middle…"
      const name = lastFirst ? `${last}, ${core.length > 2 ? core.slice(0, -1).join(' ') : first}` : joined;
      candidate = before === undefined ? name : `${before} ${name}`;
      if (after !== undefined) candidate = `${candidate} ${after}`;
      if (limit === undefined || candidate.length <= limit) return candidate;
      // too long: the plainest form of the same name
      fallback ??= words.length > 1 ? (lastFirst ? `${last}, ${first}` : `${first} ${last}`) : first;
    }
    return truncate(fallback ?? candidate, limit);
  },
  check: (column) => textColumnProblem('full-name', column),
});

/** One generated word per real word: first name, middle names or initials, last name. */
function drawCore(random: KeyedRandom, words: readonly string[]): string[] {
  const core = [random.pick(fakerData.firstNames)];
  if (words.length === 1) return core;
  for (let i = 1; i < words.length - 1; i++) {
    const w = words[i]!;
    core.push(initial.test(w) ? letters[random.int(letters.length)]! + (w.endsWith('.') ? '.' : '') : random.pick(fakerData.middleNames));
  }
  core.push(drawLastName(random));
  return core;
}

/** `text.trim().split(/\s+/)` without the regular expression: the words of a name, [''] for a blank one. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  const n = text.length;
  for (let i = 0; i < n; ) {
    if (isSpace(text, i)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !isSpace(text, j)) j++;
    words.push(text.slice(i, j));
    i = j;
  }
  if (words.length === 0) words.push('');
  return words;
}

const space = /\s/;
/** What /\s/ matches: ASCII blanks by code, anything else by the pattern itself (no table to keep in step with Unicode). */
function isSpace(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return space.test(text[i]!);
}
