import { defineAnonymizer, keyedRandom, type KeyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { fakerData } from './support/seeded-faker.js';
import { caseStyle, textColumnProblem, truncate } from './support/text-shape.js';

/** Length classes: a label or a short note, a comment, a document. */
const classes = [
  { max: 40, min: 1 },
  { max: 400, min: 41 },
  { max: Infinity, min: 401 },
] as const;
const wordPattern = /[\p{L}\p{N}]+/gu;

/**
 * Lorem ipsum of the same length class as the real text (short ≤ 40, medium ≤ 400, long above), within 20% of its
 * length, with as many lines (up to 20).
 *
 * @example freeText.mask('Please call me after 5pm, my husband Tom answers otherwise.', ctx) // 'Vomica caelum tamen cupiditate curis. Adipisci tepesco.'
 */
export const freeText = defineAnonymizer({
  name: 'free-text',
  description:
    "Sentences of faker's lorem words (en locale, Latin) in the same length class as the real text (short ≤ 40 characters, medium ≤ 400, long above), " +
    'within ±20% of its length and the column limit, with as many lines (up to 20) and upper case kept; no word of the real text is used. Not unique.',
  unique: false,
  mask(value, ctx) {
    const random = keyedRandom(ctx.key, 'free-text', value);
    const limit = typeShape(ctx.column.type).maxLength;
    const length = value.length;
    const lengthClass = classes.find((c) => length <= c.max)!;
    let target = Math.round(length * (0.8 + 0.4 * random.next()));
    target = Math.max(1, Math.min(Math.max(lengthClass.min, Math.min(lengthClass.max, target)), limit ?? Infinity));
    const lines = Math.min(20, value.split('\n').length, Math.max(1, Math.floor(target / 8)));
    const realWords = new Set<string>();
    for (const [word] of value.toLowerCase().matchAll(wordPattern)) realWords.add(word);
    // no real word is drawn; the real text could still hide inside a lorem word ('sum' in 'ipsum'): draw again
    const real = value.trim().toLowerCase();
    let out = '';
    for (let tries = 0; tries < 8; tries++) {
      out = lorem(random, target, lines, realWords, /[.!?]$/.test(value.trimEnd()));
      if (real.length < 3 || !out.toLowerCase().includes(real)) break;
    }
    if (caseStyle(value) === 'upper') out = out.toUpperCase();
    return truncate(out, limit);
  },
  // a tsvector (the words of a text, for full-text search) takes plain words as input: lorem words are valid lexemes
  check: (column) => (column.type === 'tsvector' ? undefined : textColumnProblem('free-text', column)),
});

/** At most `target` characters (and not many fewer) of lorem sentences on `lines` lines, never using a word of the real text. */
function lorem(random: KeyedRandom, target: number, lines: number, realWords: ReadonlySet<string>, finalStop: boolean): string {
  const room = target - (lines - 1); // the newlines
  const out: string[] = [];
  for (let line = 0; line < lines; line++) {
    out.push(sentences(random, Math.floor(room / lines) + (line < room % lines ? 1 : 0), realWords, finalStop || line < lines - 1));
  }
  return out.join('\n');
}

// wordsUpTo[n]: the lorem words of at most n characters, so that the last word of a text is drawn among those that fit
const longest = Math.max(...fakerData.loremWords.map((w) => w.length));
const wordsUpTo = Array.from({ length: longest + 1 }, (_, n) => fakerData.loremWords.filter((w) => w.length <= n));

/** Sentences of 3 to 10 words filling `length` characters but for less than a word. */
function sentences(random: KeyedRandom, length: number, realWords: ReadonlySet<string>, stop: boolean): string {
  const reserve = stop ? 1 : 0;
  let text = '';
  let left = 0; // words left in the sentence
  for (;;) {
    const room = length - reserve - (text === '' ? 0 : text.length + 1);
    const fitting = wordsUpTo[Math.min(room, longest)];
    if (room < 1 || !fitting || fitting.length === 0) break;
    let word = random.pick(fitting);
    for (let tries = 0; realWords.has(word) && tries < 16; tries++) word = random.pick(fitting);
    if (realWords.has(word)) break;
    if (left === 0) word = word[0]!.toUpperCase() + word.slice(1);
    text = text === '' ? word : `${text} ${word}`;
    if (left === 0) left = 3 + random.int(8);
    if (--left === 0 && text.length + 1 + reserve <= length) text += '.';
  }
  if (text === '') text = 'Lorem ipsum'.slice(0, Math.max(1, length - reserve));
  return stop && !text.endsWith('.') ? `${text}.` : text;
}
