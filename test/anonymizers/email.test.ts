import { describe, expect, it } from 'vitest';
import { email } from '../../anonymizers/email.js';
import { column, leaked, mask, otherKey, pii } from './mask-helpers.js';

const address = /^[a-z]+\.[a-z2-7]{16}@example\.(?:com|org|net)$/;

describe('email', () => {
  it('writes a valid address at a reserved example domain, with 16 hash characters after a first name', () => {
    for (const real of pii.emails.filter((e) => e !== e.toUpperCase())) expect(mask(email, real)).toMatch(address);
  });

  it('keeps an upper-case address upper case', () => {
    expect(mask(email, 'AISHA.OKAFOR@YAHOO.COM')).toMatch(/^[A-Z]+\.[A-Z2-7]{16}@EXAMPLE\.(?:COM|ORG|NET)$/);
  });

  it('is the same in every table and differs under another key', () => {
    expect(mask(email, 'maria.garcia@gmail.com', 'text')).toBe(mask(email, 'maria.garcia@gmail.com', 'character varying(255)'));
    expect(mask(email, 'maria.garcia@gmail.com')).not.toBe(mask(email, 'maria.garcia@gmail.com', 'text', {}, otherKey));
  });

  it('shows no piece of the real address', () => {
    for (const real of pii.emails) expect(leaked(real.split('@')[0]!, mask(email, real).split('@')[0]!)).toEqual([]);
    expect(mask(email, 'kenji.tanaka@example.jp')).not.toContain('kenji');
  });

  it('fits varchar(n): drops the name first, then (non-unique columns) hash characters, and stays a valid address', () => {
    expect(mask(email, 'maria.garcia@gmail.com', 'character varying(28)')).toMatch(/^[a-z2-7]{16}@example\.(?:com|org|net)$/);
    const short = mask(email, 'maria.garcia@gmail.com', 'character varying(15)');
    expect(short).toMatch(/^[a-z2-7]{3}@example\.(?:com|org|net)$/);
  });

  it('keeps 100,000 distinct addresses distinct', () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 100_000; i++) outputs.add(mask(email, `user${i}@corp.example`));
    expect(outputs.size).toBe(100_000);
  });

  it('refuses columns that cannot hold its output', () => {
    expect(email.check!(column('integer'), {})).toMatch(/public\.people\.col is integer; the email rule writes text/);
    expect(email.check!(column('character varying(12)'), {})).toMatch(/too short for any address/);
    expect(email.check!(column('character varying(20)', { unique: true }), {})).toMatch(/needs 28 characters to keep 80 bits/);
    expect(email.check!(column('character varying(28)', { unique: true }), {})).toBeUndefined();
    expect(email.check!(column('citext', { unique: true }), {})).toBeUndefined();
  });
});
