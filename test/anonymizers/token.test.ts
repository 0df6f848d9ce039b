import { describe, expect, it } from 'vitest';
import { token } from '../../anonymizers/token.js';
import { column, mask, pii } from './mask-helpers.js';

describe('token', () => {
  it('keeps length and alphabet: hex stays hex of the same case, base64 stays base64 with its padding', () => {
    expect(mask(token, 'deadbeefcafebabe0123456789abcdef')).toMatch(/^[0-9a-f]{32}$/);
    expect(mask(token, 'DEADBEEFCAFEBABE0123456789ABCDEF')).toMatch(/^[0-9A-F]{32}$/);
    expect(mask(token, 'dGhpcyBpcyBhIHNlY3JldA==')).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(mask(token, 'ab+/cdEFghIJklMNopQRstUV')).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(mask(token, '482913')).toMatch(/^\d{6}$/);
    expect(mask(token, '\\xdeadbeef', 'bytea')).toMatch(/^\\x[0-9a-f]{8}$/);
  });

  it('keeps the format of password hashes and replaces their salt and digest', () => {
    const bcrypt = '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW';
    expect(mask(token, bcrypt)).toMatch(/^\$2b\$12\$[./A-Za-z0-9]{53}$/);
    const argon = '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzYWx0$RdescudvJCsgt3ub+b+dWRWJTmaaJObG';
    const maskedArgon = mask(token, argon).split('$');
    expect(maskedArgon.slice(0, 4)).toEqual(['', 'argon2id', 'v=19', 'm=65536,t=3,p=4']);
    expect(maskedArgon[4]).toMatch(/^[A-Za-z0-9+/]{16}$/);
    expect(maskedArgon[4]).not.toBe('c29tZXNhbHRzYWx0');
    expect(mask(token, '$6$rounds=5000$saltsalt$Hq4Yk8zQ0b1Tn.6v/abcXYZ')).toMatch(/^\$6\$rounds=5000\$[a-z]{8}\$[./A-Za-z0-9]{23}$/);
    expect(mask(token, 'pbkdf2_sha256$600000$Qx7vBsd9kLm2$Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy=')).toMatch(/^pbkdf2_sha256\$600000\$[A-Za-z0-9]{12}\$[A-Za-z0-9+/]{40}=$/);
    expect(mask(token, 'pbkdf2:sha256:600000$Xyz12AbC$0123456789abcdef0123456789abcdef')).toMatch(/^pbkdf2:sha256:600000\$[A-Za-z0-9]{8}\$[0-9a-f]{32}$/);
    expect(mask(token, 'scrypt:32768:8:1$salt1234ABCD$abcdef0123456789')).toMatch(/^scrypt:32768:8:1\$[A-Za-z0-9]{12}\$[0-9a-f]{16}$/);
    expect(mask(token, '$scrypt$ln=16,r=8,p=1$aM15713r3Xsvxbi31lqr1Q$nFNh2CVHVjNldFVKDHDlm4CbdRSCdEBsjjJxD+iCs5E')).toMatch(/^\$scrypt\$ln=16,r=8,p=1\$[A-Za-z0-9]{22}\$[A-Za-z0-9+/]{43}$/);
  });

  it('keeps the header of a JWT and the prefix of a service key', () => {
    const jwt = pii.tokens.find((t) => t.startsWith('eyJ'))!;
    const [header, payload, signature] = mask(token, jwt).split('.');
    expect(header).toBe(jwt.split('.')[0]);
    expect(payload).not.toBe(jwt.split('.')[1]);
    expect(payload!.length + signature!.length).toBe(jwt.split('.')[1]!.length + jwt.split('.')[2]!.length);
    expect(mask(token, 'sk_live_51H8abcDEFghiJKLmnoPQRstu')).toMatch(/^sk_live_[A-Za-z0-9]{25}$/);
    expect(mask(token, 'ghp_16C7e42F292c6912E7710c838347Ae178B4a')).toMatch(/^ghp_[A-Za-z0-9]{36}$/);
  });

  it('never contains the real secret or a long piece of it', () => {
    for (const real of pii.tokens) {
      const out = mask(token, real);
      expect(out).not.toBe(real);
      const secret = real.split(/[$.]/).at(-1)!;
      expect(out).not.toContain(secret);
      expect(out.length).toBe(real.length);
    }
  });

  it('keeps 100,000 distinct 32-character tokens distinct', () => {
    const outputs = new Set<string>();
    for (let i = 0; i < 100_000; i++) outputs.add(mask(token, `${i.toString(16).padStart(8, '0')}cafebabe0123456789abcdef`));
    expect(outputs.size).toBe(100_000);
  });

  it('refuses unique columns too short to keep tokens distinct, and types that hold no text', () => {
    expect(token.check!(column('character varying(8)', { unique: true }), {})).toMatch(/fewer than 16 characters carry too few random bits/);
    expect(token.check!(column('character varying(64)', { unique: true }), {})).toBeUndefined();
    expect(token.check!(column('bytea', { unique: true }), {})).toBeUndefined();
    expect(token.check!(column('integer'), {})).toMatch(/needs text or bytea/);
  });
});
