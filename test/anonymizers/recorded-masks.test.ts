import { describe, expect, it } from 'vitest';
import { anonymizers, type AnonymizerName } from '../../anonymizers/index.js';
import { column, key } from './mask-helpers.js';

// Recorded outputs under the test key. They pin determinism across processes, machines and releases: the same snapshot
// must give the same sandbox. A change here changes every masked snapshot (new faker data does too, so @faker-js/faker
// is upgraded on purpose, with this file): update the values only for a change meant to change masks.
const recorded: [AnonymizerName, string, string, Record<string, unknown>, string][] = [
  ['email', 'text', 'maria.garcia@gmail.com', {}, 'alvina.xmfw3lp4c3ge2hsu@example.net'],
  ['first-name', 'text', 'Maria', {}, 'Gerald'],
  ['last-name', 'text', 'Garcia', {}, 'Durgan'],
  ['full-name', 'text', 'Maria Garcia', {}, 'Miracle Cruickshank'],
  ['phone', 'text', '+1 (415) 555-0132', {}, '+1 (987) 368-1508'],
  ['street', 'text', '221B Baker Street', {}, '655 Hayes Course'],
  ['city', 'text', 'Springfield', {}, 'Bossier City'],
  ['zip', 'text', 'SW1A 1AA', {}, 'EK5W 3BM'],
  ['ip', 'inet', '203.0.113.7', {}, '83.14.122.128'],
  ['ip', 'inet', '2001:db8::1', {}, '93c0:5181:a4aa:ca71:1bb9:67ae:6524:2c82'],
  ['uuid', 'uuid', '0b6f3b1e-8f0c-4a59-9f44-1c2f6d1f0a3e', {}, '0411d0c3-a3d4-47cd-b5a4-abc76131d5d9'],
  ['card-number', 'text', '4111 1111 1111 1111', {}, '4267 7853 4300 2131'],
  ['token', 'text', '$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW', {}, '$2b$12$oitqSh2LglUGzJehyHnm08xObr2q3.gqoRUta1ypCX5Um/PSKTwEf'],
  ['free-text', 'text', 'Please call me after 5pm.', {}, 'Trepide crepusculum supra.'],
  ['date-shift', 'date', '2024-02-29', { entityKey: '42' }, '2024-02-26'],
  ['numeric-noise', 'numeric(12,2)', '52000.00', {}, '54956.82'],
];

describe('recorded masks', () => {
  it.each(recorded)('%s on %s: %s', (name, type, value, options, expected) => {
    expect(anonymizers[name].mask(value, { key, column: column(type), options })).toBe(expected);
  });
});
