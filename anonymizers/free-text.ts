import { defineAnonymizer, transientKeyedRandom, type KeyedRandom } from './anonymizer.js';
import { typeShape } from './support/column-type.js';
import { fakerData } from './support/seeded-faker.js';
import { caseStyle, hasAsciiLowerCase, textColumnProblem, truncate } from './support/text-shape.js';

/** Length classes: a label or a short note, a comment, a document. */
const classes = [
  { max: 40, min: 1 },
  { max: 400, min: 41 },
  { max: Infinity, min: 401 },
] as const;
const [short, medium, long] = classes;
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
    const random = transientKeyedRandom(ctx.key, 'free-text', value);
    const limit = typeShape(ctx.column.type).maxLength;
    const length = value.length;
    const lengthClass = length <= short.max ? short : length <= medium.max ? medium : long;
    let target = Math.round(length * (0.8 + 0.4 * random.next()));
    target = Math.max(1, Math.min(Math.max(lengthClass.min, Math.min(lengthClass.max, target)), limit ?? Infinity));
    const lines = Math.min(lineCount(value, 20), Math.max(1, Math.floor(target / 8)));
    const realWords = loremWordsIn(value);
    // no real word is drawn; the real text could still hide inside a lorem word ('sum' in 'ipsum'): draw again
    const real = value.trim().toLowerCase();
    const finalStop = endsSentence(value);
    let out = '';
    for (let tries = 0; tries < 8; tries++) {
      out = lorem(random, target, lines, realWords, finalStop);
      // lorem text is ASCII, so lower case keeps its length: a shorter one cannot hold the real text
      if (real.length < 3 || out.length < real.length || !out.toLowerCase().includes(real)) break;
    }
    // a value with a lower-case ASCII letter is not all upper case: skip the two case conversions caseStyle makes
    if (!hasAsciiLowerCase(value) && caseStyle(value) === 'upper') out = out.toUpperCase();
    return truncate(out, limit);
  },
  // a tsvector (the words of a text, for full-text search) takes plain words as input: lorem words are valid lexemes
  check: (column) => (column.type === 'tsvector' ? undefined : textColumnProblem('free-text', column)),
});

/** At most `target` characters (and not many fewer) of lorem sentences on `lines` lines, never using a word of the real text. */
function lorem(random: KeyedRandom, target: number, lines: number, realWords: ReadonlySet<string>, finalStop: boolean): string {
  const room = target - (lines - 1); // the newlines
  if (lines === 1) return sentences(random, room, realWords, finalStop);
  const out: string[] = [];
  for (let line = 0; line < lines; line++) {
    out.push(sentences(random, Math.floor(room / lines) + (line < room % lines ? 1 : 0), realWords, finalStop || line < lines - 1));
  }
  return out.join('\n');
}

// wordsUpTo[n]: the lorem words of at most n characters, so that the last word of a text is drawn among those that fit;
// capitalizedUpTo[n]: the same words with a capital letter, for the first word of a sentence
const longest = Math.max(...fakerData.loremWords.map((w) => w.length));
const wordsUpTo = Array.from({ length: longest + 1 }, (_, n) => fakerData.loremWords.filter((w) => w.length <= n));
const capitalizedUpTo = wordsUpTo.map((words) => words.map((w) => w[0]!.toUpperCase() + w.slice(1)));
const loremWords = new Set(fakerData.loremWords);
const wordHash = (word: string) => {
  let hash = 0;
  for (let i = 0; i < word.length; i++) hash = (Math.imul(hash, 31) + word.charCodeAt(i)) | 0;
  return hash;
};
const loremHashes = new Set(fakerData.loremWords.map(wordHash));
const noWords: ReadonlySet<string> = new Set();

/** Sentences of 3 to 10 words filling `length` characters but for less than a word. */
function sentences(random: KeyedRandom, length: number, realWords: ReadonlySet<string>, stop: boolean): string {
  const reserve = stop ? 1 : 0;
  const avoid = realWords.size > 0;
  let text = '';
  let left = 0; // words left in the sentence
  for (;;) {
    const room = length - reserve - (text === '' ? 0 : text.length + 1);
    if (room < 1) break;
    const fit = room < longest ? room : longest;
    const fitting = wordsUpTo[fit]!;
    if (fitting.length === 0) break;
    // random.pick(fitting), keeping the index for the capitalised form
    let index = random.int(fitting.length);
    let word = fitting[index]!;
    if (avoid) {
      for (let tries = 0; realWords.has(word) && tries < 16; tries++) word = fitting[(index = random.int(fitting.length))]!;
      if (realWords.has(word)) break;
    }
    if (left === 0) word = capitalizedUpTo[fit]![index]!;
    text = text === '' ? word : `${text} ${word}`;
    if (left === 0) left = 3 + random.int(8);
    if (--left === 0 && text.length + 1 + reserve <= length) text += '.';
  }
  if (text === '') text = 'Lorem ipsum'.slice(0, Math.max(1, length - reserve));
  return stop && !text.endsWith('.') ? `${text}.` : text;
}

/** How many lines `value` has, counting at most to `max`. */
function lineCount(value: string, max: number): number {
  let count = 1;
  for (let at = value.indexOf('\n'); at !== -1 && count < max; at = value.indexOf('\n', at + 1)) count++;
  return count;
}

/** `value` ends a sentence: '.', '!' or '?' before any trailing blanks. */
function endsSentence(value: string): boolean {
  const trimmed = value.trimEnd();
  const last = trimmed.charCodeAt(trimmed.length - 1);
  return last === 46 || last === 33 || last === 63;
}

/**
 * The words of the real text (letters and digits, lower case) that are lorem words too: the only ones a draw could
 * repeat. ASCII text is scanned by hand; any other goes through the Unicode word pattern.
 */
function loremWordsIn(value: string): ReadonlySet<string> {
  // scanned in lower case, a string of its own: a slice of a big block of COPY text can be slow to read char by char
  const lower = value.toLowerCase();
  const n = lower.length;
  let found: Set<string> | undefined;
  for (let i = 0; i < n; ) {
    let c = lower.charCodeAt(i);
    if (c >= 0x80) return loremWordsByPattern(lower);
    if (!isAsciiWordChar(c)) {
      i++;
      continue;
    }
    // the word's hash as it is read: most words are no lorem word, and need no string of their own
    let hash = 0;
    let j = i;
    for (; j < n; j++) {
      c = lower.charCodeAt(j);
      if (c >= 0x80) return loremWordsByPattern(lower);
      if (!isAsciiWordChar(c)) break;
      hash = (Math.imul(hash, 31) + c) | 0;
    }
    if (j - i <= longest && loremHashes.has(hash)) {
      const word = lower.slice(i, j);
      if (loremWords.has(word)) (found ??= new Set()).add(word);
    }
    i = j;
  }
  return found ?? noWords;
}

function loremWordsByPattern(lower: string): ReadonlySet<string> {
  const found = new Set<string>();
  for (const [word] of lower.matchAll(wordPattern)) if (loremWords.has(word)) found.add(word);
  return found;
}

const isAsciiWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
