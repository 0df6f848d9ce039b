import { isIPv4, isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ip } from '../../anonymizers/ip.js';
import { column, mask, pii } from './mask-helpers.js';

describe('ip', () => {
  it('keeps IPv4 as IPv4 and IPv6 as IPv6, with another address', () => {
    for (const real of pii.ipv4) {
      const out = mask(ip, real, 'inet');
      expect(isIPv4(out), out).toBe(true);
      expect(out).not.toBe(real);
    }
    for (const real of pii.ipv6) {
      const out = mask(ip, real, 'inet');
      expect(isIPv6(out), out).toBe(true);
      expect(out).not.toBe(real);
    }
  });

  it('keeps the /n of inet values, and zeroes the host bits of cidr networks', () => {
    expect(mask(ip, '192.168.1.5/24', 'inet')).toMatch(/^\d+\.\d+\.\d+\.\d+\/24$/);
    expect(mask(ip, '10.1.0.0/16', 'cidr')).toMatch(/^\d+\.\d+\.0\.0\/16$/);
    expect(mask(ip, '10.1.128.0/17', 'cidr')).toMatch(/^\d+\.\d+\.(?:0|128)\.0\/17$/);
    expect(mask(ip, '2001:db8::/32', 'cidr')).toMatch(/^[0-9a-f]{1,4}:[0-9a-f]{1,4}::\/32$/);
    expect(mask(ip, '0.0.0.0/0', 'cidr')).toBe('0.0.0.0/0');
  });

  it('keeps 100,000 distinct IPv4 addresses distinct (the mask is a permutation of the 2^32 addresses)', () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 100_000; i++) outputs.add(mask(ip, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 'inet'));
    expect(outputs.size).toBe(100_000);
  });

  it('keeps the 256 networks of a /8 cidr column distinct', () => {
    const outputs = new Set(Array.from({ length: 256 }, (_, i) => mask(ip, `${i}.0.0.0/8`, 'cidr')));
    expect(outputs.size).toBe(256);
  });

  it('says which value kind it could not read, without the value', () => {
    expect(() => mask(ip, 'maria-laptop.local', 'text')).toThrow(/^ip rule on public\.people\.col: a value is neither an IPv4 nor an IPv6 address$/);
  });

  it('fits inet, cidr and text wide enough for an IPv4 address', () => {
    expect(ip.check!(column('inet', { unique: true }), {})).toBeUndefined();
    expect(ip.check!(column('character varying(12)'), {})).toMatch(/too short for an IPv4 address/);
    expect(ip.check!(column('bigint'), {})).toMatch(/needs inet, cidr or text/);
  });
});
