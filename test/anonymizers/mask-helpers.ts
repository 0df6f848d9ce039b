import type { Anonymizer, MaskColumn, MaskContext } from '../../anonymizers/anonymizer.js';

/** Two fixed keys: every expected value below is a property, never a recorded output, so the keys could be anything. */
export const key = Buffer.from('sandbox-test-key-0123456789abcdef');
export const otherKey = Buffer.from('another-test-key-0123456789abcdef');

export function column(type: string, extra: Partial<MaskColumn> = {}): MaskColumn {
  return { table: 'public.people', name: 'col', type, unique: false, notNull: false, ...extra };
}

export function context(type: string, options: Record<string, unknown> = {}, extra: Partial<MaskContext> = {}): MaskContext {
  return { key, column: column(type), options, ...extra };
}

/** Masks with the default key; throws when the rule returned NULL, so tests of non-null rules stay short. */
export function mask(anonymizer: Anonymizer, value: string, type = 'text', options: Record<string, unknown> = {}, withKey: Buffer = key): string {
  const out = anonymizer.mask(value, { key: withKey, column: column(type), options });
  if (out === null) throw new Error(`${anonymizer.name} returned NULL for a test value`);
  return out;
}

/** The words of a value that would identify it if they reappeared (four characters or more). */
export const significantWords = (value: string) => (value.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? []) as string[];

/** Asserts-by-message helper: the pieces of `input` found in `output`, for `expect(leaked(...)).toEqual([])`. */
export function leaked(input: string, output: string): string[] {
  const out = output.toLowerCase();
  const whole = input.toLowerCase().trim();
  const found = significantWords(input).filter((w) => out.includes(w));
  // a two-letter name ('Li') may sit inside another word ('Lillian'), not stand on its own
  const shown = whole.length >= 3 ? out.includes(whole) : new RegExp(`(^|[^\\p{L}\\p{N}])${whole}($|[^\\p{L}\\p{N}])`, 'u').test(out);
  if (shown) found.unshift(input);
  return found;
}

export const luhnValid = (digits: string) =>
  [...digits]
    .reverse()
    .map(Number)
    .reduce((sum, d, i) => sum + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0) %
    10 ===
  0;

/** Realistic personal data, as production columns hold it. */
export const pii = {
  emails: ['maria.garcia@gmail.com', 'John.Smith@Corp-Mail.co.uk', 'wei.chen+orders@outlook.com', 'AISHA.OKAFOR@YAHOO.COM', 'olga_ivanova1987@mail.ru', 'p.silva@empresa.com.br', 'kenji.tanaka@example.jp', 'fatima.haddad@uni-hamburg.de'],
  firstNames: ['Maria', 'John', 'Wei', 'Aisha', 'Olga', 'Pedro', 'Kenji', 'Fatima', 'Anne-Marie', 'José', 'Bo', 'Christopher', 'MARY', 'li'],
  lastNames: ['Garcia', 'Smith', 'Chen', 'Okafor', 'Ivanova', "O'Connor", 'Müller', 'Tanaka', 'Haddad', 'Nguyen', 'Li', 'Schmidt-Weber', 'JOHNSON'],
  fullNames: ['Maria Garcia', 'John Q. Public', 'Dr. Aisha Okafor', 'Smith, John', 'Olga Ivanova Jr.', 'José Luis Rodríguez Zapatero', 'KENJI TANAKA', 'Mary Ann Smith', 'Li Na'],
  phones: ['+1 (415) 555-0132', '020 7946 0958', '+44 20 7946 0958', '415.555.0199', '+49 30 901820', '(212) 555-7788 ext. 12', '0612345678', '+81-3-1234-5678', '5551234'],
  streets: ['221B Baker Street', '1600 Pennsylvania Avenue NW', 'Hauptstraße 12', '742 Evergreen Terrace, Apt 3', '10 Downing Street', '350 Fifth Avenue Suite 4100', 'Rue de Rivoli 99'],
  cities: ['Springfield', 'New York', 'Hamburg', 'São Paulo', 'Los Angeles', 'Reykjavík', 'LONDON'],
  zips: ['02139', '94103-1234', 'SW1A 1AA', 'K1A 0B6', '10115', '75008', '1011 AB'],
  ipv4: ['203.0.113.7', '192.168.1.23', '10.0.0.1', '8.8.8.8', '172.16.254.3'],
  ipv6: ['2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:db8:85a3::8a2e:370:7334', '::1', '::ffff:192.0.2.128'],
  cards: ['4111 1111 1111 1111', '5500-0000-0000-0004', '378282246310005', '6011111111111117', '4012888888881881', '3530111333300000'],
  tokens: [
    'deadbeefcafebabe0123456789abcdef',
    'DEADBEEFCAFEBABE0123456789ABCDEF',
    'aGVsbG8gd29ybGQgc2VjcmV0IHRva2Vu',
    'dGhpcyBpcyBhIHNlY3JldA==',
    'sk_live_51H8abcDEFghiJKLmnoPQRstu',
    'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
    '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW',
    '$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzYWx0$RdescudvJCsgt3ub+b+dWRWJTmaaJObG',
    'pbkdf2_sha256$600000$Qx7vBsd9kLm2$Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy=',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  ],
  notes: [
    'Please call Maria Garcia after 5pm on 415-555-0132, her husband Tom answers otherwise.',
    'Customer complained about the delivery to 221B Baker Street; refund approved by Olga.',
    'VIP',
    'Allergic to penicillin. Emergency contact: Pedro Silva (brother).',
  ],
};
