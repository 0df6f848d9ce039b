import { defineAnonymizer, keyedRandom, type KeyedRandom } from './anonymizer.js';
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
    const random = keyedRandom(ctx.key, 'full-name', value);
    const limit = typeShape(ctx.column.type).maxLength;
    const comma = value.indexOf(',');
    const lastFirst = comma > 0 && !suffix.test(value.slice(comma + 1).trim());
    const words = (lastFirst ? `${value.slice(comma + 1)} ${value.slice(0, comma)}` : value).trim().split(/\s+/);
    const before = words.length > 1 && title.test(words[0]!) ? words.shift()! : undefined;
    const after = words.length > 1 && suffix.test(words.at(-1)!.replace(/,$/, '')) ? words.pop()! : undefined;
    const real = words.join(' ');
    const style = caseStyle(real);
    let candidate = '';
    let fallback: string | undefined;
    for (let tries = 0; tries < 16; tries++) {
      const core = drawCore(random, words).map((w) => applyCase(w, style));
      if (leaks(core.join(' '), real)) continue;
      const first = core[0]!;
      const middle = core.slice(1, -1);
      const last = core.at(-1)!;
      const name = lastFirst ? `${last}, ${[first, ...middle].join(' ')}` : core.join(' ');
      candidate = [before, name, after].filter(Boolean).join(' ');
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
  const first = random.pick(fakerData.firstNames);
  if (words.length === 1) return [first];
  const middles = words.slice(1, -1).map((w) => (initial.test(w) ? letters[random.int(letters.length)]! + (w.endsWith('.') ? '.' : '') : random.pick(fakerData.middleNames)));
  return [first, ...middles, drawLastName(random)];
}
