import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyedHash, keyedRandom } from '../../anonymizers/anonymizer.js';
import { hmacWords, prepareHmacKey } from '../../anonymizers/support/hmac-sha256.js';
import { key } from './mask-helpers.js';

const reference = (k: Buffer, prefix: string, value: string) => createHmac('sha256', k).update(`${prefix}\0${value}`, 'utf8').digest('hex');
const ours = (k: Buffer, prefix: string, value: string) => {
  const words = new Uint32Array(8);
  hmacWords(prepareHmacKey(k), prefix, value, words);
  return Buffer.from(words.buffer).swap32().toString('hex'); // the words are big-endian values
};

describe('the keyed hash', () => {
  it('is HMAC-SHA256 bit for bit, for every message length across the block boundaries', () => {
    for (let length = 0; length < 300; length++) {
      const value = 'x'.repeat(length);
      expect(ours(key, 'email', value), `length ${length}`).toBe(reference(key, 'email', value));
    }
  });

  it('is HMAC-SHA256 for non-ASCII text, lone surrogates, and values long enough to go to node:crypto', () => {
    const values = ['José Müller', 'Zoë 🙂 Ünal', '東京都千代田区', '\ud800 lone', `a${'é'.repeat(3000)}`, 'y'.repeat(2040), 'y'.repeat(2041), 'z'.repeat(100_000)];
    for (const value of values) expect(ours(key, 'full-name', value)).toBe(reference(key, 'full-name', value));
  });

  it('is HMAC-SHA256 for random keys of any length, longer than a block included', () => {
    for (const length of [16, 32, 63, 64, 65, 200]) {
      const k = randomBytes(length);
      const value = randomBytes(40).toString('base64');
      expect(ours(k, 'token', value)).toBe(reference(k, 'token', value));
    }
  });

  it('gives keyedRandom the words of keyedHash: HMAC(key, name + NUL + value)', () => {
    const words = keyedRandom(key, 'uuid', 'maria.garcia@gmail.com').words;
    const digest = keyedHash(key, 'uuid', 'maria.garcia@gmail.com');
    expect([...words]).toEqual(Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4)));
    expect(digest.toString('hex')).toBe(reference(key, 'uuid', 'maria.garcia@gmail.com'));
  });

  it('separates the anonymizer name from the value, so no two (name, value) pairs share a hash', () => {
    expect(keyedHash(key, 'ab', 'c').equals(keyedHash(key, 'a', 'bc'))).toBe(false);
  });
});
