// Micro-benchmark of the anonymizers (not a test): values per second for 200k distinct values each, one after the other.
// Run from dist: npx tsc -p tsconfig.json && node bench/anonymizers.js [count]
import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { anonymizers, customAnonymizer, keyedRandom } from '../dist/anonymizers/index.js';

const count = Number(process.argv[2] ?? 200_000);
const key = randomBytes(32);
const pad = (i, n) => String(i).padStart(n, '0');
const first = ['Maria', 'John', 'Wei', 'Aisha', 'Olga', 'Pedro', 'Kenji', 'Fatima'];
const last = ['Garcia', 'Smith', 'Chen', 'Okafor', 'Ivanova', 'Silva', 'Tanaka', 'Haddad'];
const person = (i) => `${first[i % 8]}${i} ${last[(i >> 3) % 8]}`;

/** name → [column type, value of row i, options] */
const cases = {
  email: ['character varying(255)', (i) => `${first[i % 8].toLowerCase()}.${last[(i >> 3) % 8].toLowerCase()}${i}@corp.example`],
  'first-name': ['text', (i) => `${first[i % 8]}${i}`],
  'last-name': ['text', (i) => `${last[i % 8]}${i}`],
  'full-name': ['text', person],
  phone: ['text', (i) => `+1 (${200 + (i % 800)}) 555-${pad(i % 10000, 4)}`],
  street: ['text', (i) => `${1 + (i % 9999)} ${last[i % 8]} Street`],
  city: ['text', (i) => `${last[i % 8]}ville ${i}`],
  zip: ['text', (i) => pad(i % 100000, 5)],
  ip: ['inet', (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
  uuid: ['uuid', (i) => `${pad(i, 8)}-8f0c-4a59-9f44-1c2f6d1f0a3e`],
  'card-number': ['text', (i) => `4111 ${pad(i % 10000, 4)} ${pad(Math.floor(i / 10000), 4)} 1111`],
  token: ['text', (i) => `${pad(i, 8)}cafebabe0123456789abcdef`],
  'free-text': ['text', (i) => `Customer ${person(i)} asked us to call back after 5pm about order ${i}.`],
  'date-shift': ['timestamp with time zone', (i) => `2024-${pad(1 + (i % 12), 2)}-${pad(1 + (i % 28), 2)} 13:45:${pad(i % 60, 2)}+01`, { entityKey: undefined }],
  'numeric-noise': ['numeric(12,2)', (i) => `${30000 + (i % 90000)}.${pad(i % 100, 2)}`],
  keep: ['text', (i) => `value ${i}`],
  null: ['text', (i) => `value ${i}`],
  constant: ['text', (i) => `value ${i}`, { value: 'redacted' }],
  'json-path': ['jsonb', (i) => `{"contact": {"email": "user${i}@corp.example", "phone": "+1 555 ${pad(i % 10000000, 7)}"}, "plan": "pro", "seats": ${i % 50}}`, { paths: { '$.contact.email': 'email', '$.contact.phone': 'phone' } }],
};

function run(name, anonymizer, type, make, options = {}) {
  const values = Array.from({ length: count }, (_, i) => make(i));
  const ctx = { key, column: { table: 'bench.t', name, type, unique: false, notNull: false }, options };
  for (let i = 0; i < 20_000; i++) anonymizer.mask(values[i], ctx); // warm up the JIT (and build permutation tables)
  const start = performance.now();
  for (const value of values) anonymizer.mask(value, ctx);
  const seconds = (performance.now() - start) / 1000;
  console.log(`${name.padEnd(22)} ${Math.round(count / seconds).toLocaleString('en-US').padStart(11)} values/s   ${((seconds * 1e6) / count).toFixed(2).padStart(6)} µs/value`);
}

console.log(`${count.toLocaleString('en-US')} distinct values per anonymizer, node ${process.version}`);
run('(keyed hash only)', { mask: (v) => keyedRandom(key, 'bench', v) }, 'text', cases.email[1]);
run('(node:crypto HMAC)', { mask: (v) => createHmac('sha256', key).update('bench').update('\0').update(v).digest() }, 'text', cases.email[1]);
for (const [name, [type, make, options]] of Object.entries(cases)) run(name, anonymizers[name], type, make, options);
run('custom (faker job title)', customAnonymizer('job-title', (_v, { faker }) => faker.person.jobTitle()), 'text', cases['first-name'][1]);
