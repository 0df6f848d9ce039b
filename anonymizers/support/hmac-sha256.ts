import { createHash, createHmac } from 'node:crypto';

// HMAC-SHA256 in plain JavaScript for short messages. node:crypto's createHmac() costs about 3 µs per call on our CI
// machines, almost all of it object set-up; precomputing the key's inner and outer states and running the two or three
// compression rounds here costs about 1.5 µs. The result is bit-for-bit HMAC-SHA256 (test/anonymizers/hmac-sha256.test.ts
// compares it with node:crypto), and long messages go to node:crypto, where set-up no longer dominates.

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);

/** One SHA-256 compression of the 64-byte block at `offset` into `state` (FIPS 180-4, 6.2.2). */
function compress(state: Int32Array, block: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++, offset += 4) {
    W[i] = (block[offset]! << 24) | (block[offset + 1]! << 16) | (block[offset + 2]! << 8) | block[offset + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = state[0]!, b = state[1]!, c = state[2]!, d = state[3]!, e = state[4]!, f = state[5]!, g = state[6]!, h = state[7]!;
  // eight rounds per turn, the working variables changing roles instead of places: a round's new a is written over h
  // and its new e over d, so the next round reads (h, a, b, c, d, e, f, g) as (a, b, c, d, e, f, g, h); about a tenth faster
  for (let i = 0; i < 64; i += 8) {
    h = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + (g ^ (e & (f ^ g))) + K[i]! + W[i]!) | 0;
    d = (d + h) | 0;
    h = (h + (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) | (c & (a | b)))) | 0;
    g = (g + (((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7))) + (f ^ (d & (e ^ f))) + K[i + 1]! + W[i + 1]!) | 0;
    c = (c + g) | 0;
    g = (g + (((h >>> 2) | (h << 30)) ^ ((h >>> 13) | (h << 19)) ^ ((h >>> 22) | (h << 10))) + ((h & a) | (b & (h | a)))) | 0;
    f = (f + (((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7))) + (e ^ (c & (d ^ e))) + K[i + 2]! + W[i + 2]!) | 0;
    b = (b + f) | 0;
    f = (f + (((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & h) | (a & (g | h)))) | 0;
    e = (e + (((b >>> 6) | (b << 26)) ^ ((b >>> 11) | (b << 21)) ^ ((b >>> 25) | (b << 7))) + (d ^ (b & (c ^ d))) + K[i + 3]! + W[i + 3]!) | 0;
    a = (a + e) | 0;
    e = (e + (((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (h & (f | g)))) | 0;
    d = (d + (((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7))) + (c ^ (a & (b ^ c))) + K[i + 4]! + W[i + 4]!) | 0;
    h = (h + d) | 0;
    d = (d + (((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f)))) | 0;
    c = (c + (((h >>> 6) | (h << 26)) ^ ((h >>> 11) | (h << 21)) ^ ((h >>> 25) | (h << 7))) + (b ^ (h & (a ^ b))) + K[i + 5]! + W[i + 5]!) | 0;
    g = (g + c) | 0;
    c = (c + (((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e)))) | 0;
    b = (b + (((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7))) + (a ^ (g & (h ^ a))) + K[i + 6]! + W[i + 6]!) | 0;
    f = (f + b) | 0;
    b = (b + (((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d)))) | 0;
    a = (a + (((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7))) + (h ^ (f & (g ^ h))) + K[i + 7]! + W[i + 7]!) | 0;
    e = (e + a) | 0;
    a = (a + (((b >>> 2) | (b << 30)) ^ ((b >>> 13) | (b << 19)) ^ ((b >>> 22) | (b << 10))) + ((b & c) | (d & (b | c)))) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/** A key made ready for HMAC: the SHA-256 states after its inner and outer pad blocks. */
export interface HmacKey {
  readonly raw: Buffer;
  readonly inner: Int32Array;
  readonly outer: Int32Array;
}

export function prepareHmacKey(key: Uint8Array): HmacKey {
  const raw = Buffer.from(key);
  const block = new Uint8Array(64);
  block.set(raw.length > 64 ? createHash('sha256').update(raw).digest() : raw);
  const pad = (byte: number) => {
    const state = IV.slice();
    compress(state, block.map((b) => b ^ byte), 0);
    return state;
  };
  return { raw, inner: pad(0x36), outer: pad(0x5c) };
}

/** Longest value (in UTF-16 units) hashed here; longer ones go to node:crypto. */
const MAX_FAST_CHARS = 2048;
const encoder = new TextEncoder();
const scratch = new Uint8Array(8192);
const state = new Int32Array(8);
const outerBlock = new Uint8Array(64);

/** Writes `text` as UTF-8 into scratch at `at`; returns the end. ASCII is copied here, the rest by TextEncoder (a native call costs more than a short string). */
function encode(text: string, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return at - i + encoder.encodeInto(text, scratch.subarray(at - i)).written;
    scratch[at++] = c;
  }
  return at;
}

/**
 * HMAC-SHA256(key, prefix + '\0' + value), its 32 bytes written big-endian as 8 words into `out`.
 *
 * @example hmacWords(prepareHmacKey(key), 'email', 'ann@corp.example', new Uint32Array(8))
 */
export function hmacWords(key: HmacKey, prefix: string, value: string, out: Uint32Array): void {
  if (prefix.length + value.length > MAX_FAST_CHARS) {
    const digest = createHmac('sha256', key.raw).update(prefix).update('\0').update(value).digest();
    for (let i = 0; i < 8; i++) out[i] = digest.readUInt32BE(i * 4);
    return;
  }
  let n = encode(prefix, 0);
  scratch[n++] = 0;
  n = encode(value, n);
  const bits = (n + 64) * 8; // the inner pad block comes first
  let end = n;
  scratch[end++] = 0x80;
  while (end % 64 !== 56) scratch[end++] = 0;
  scratch[end++] = 0;
  scratch[end++] = 0;
  scratch[end++] = 0;
  scratch[end++] = 0;
  scratch[end++] = (bits >>> 24) & 0xff;
  scratch[end++] = (bits >>> 16) & 0xff;
  scratch[end++] = (bits >>> 8) & 0xff;
  scratch[end++] = bits & 0xff;
  state.set(key.inner);
  for (let offset = 0; offset < end; offset += 64) compress(state, scratch, offset);
  for (let i = 0; i < 8; i++) {
    const w = state[i]!;
    outerBlock[i * 4] = w >>> 24;
    outerBlock[i * 4 + 1] = w >>> 16;
    outerBlock[i * 4 + 2] = w >>> 8;
    outerBlock[i * 4 + 3] = w;
  }
  outerBlock[32] = 0x80;
  outerBlock.fill(0, 33, 62);
  outerBlock[62] = 0x03; // (64 + 32) * 8 = 768 bits
  outerBlock[63] = 0x00;
  state.set(key.outer);
  compress(state, outerBlock, 0);
  for (let i = 0; i < 8; i++) out[i] = state[i]! >>> 0;
}
