// npm run bench: every benchmark, one after the other (they share the two cores, so never in parallel).
import { execFileSync } from 'node:child_process';

for (const script of ['provision-300-tables.js', 'replay-pagila.js', 'fast-reset.js', 'anonymized-copy.js', 'synthetic-generation.js']) {
  execFileSync(process.execPath, [new URL(script, import.meta.url).pathname], { stdio: 'inherit' });
}
