import { parentPort, workerData } from 'node:worker_threads';
import { getAnonymizer } from '../../anonymizers/index.js';
import { maskCopyLines } from './copy-text.js';
import { buildMaskPlan, type MaskPlan } from './mask-plan.js';
import type { FromWorker, ToWorker, WorkerSetup } from './mask-workers.js';
import type { FieldMask } from './copy-text.js';

// A worker thread of mask-workers.ts: builds the mask plan again from the same inputs, then masks the blocks of COPY
// rows it is sent, with the same function (maskCopyLines) the main thread uses for small tables.

const port = parentPort!;
const setup = workerData as WorkerSetup;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function rebuild(): Promise<MaskPlan> {
  let custom: Record<string, (value: string) => string | null> = {};
  const names = Object.keys(setup.customSources);
  if (names.length > 0) {
    // loaded only for custom functions: the config loader (jiti, zod) is a fifth of a worker's memory
    const { loadConfig } = await import('../config/load-config.js');
    const { config } = await loadConfig(setup.configPath);
    custom = config.anonymize.custom;
    for (const name of names) {
      if (typeof custom[name] !== 'function' || String(custom[name]) !== setup.customSources[name]) {
        throw new Error(`the custom function ${name} in ${setup.configPath} is not the one loaded at the start`);
      }
    }
  }
  return buildMaskPlan(setup.model, { anonymize: { ...setup.anonymize, custom }, anonymizeKey: Buffer.from(setup.key) }, (name) => getAnonymizer(name));
}

const tables = new Map<number, { masks: [number, FieldMask][]; keys: number[][] }>();
const encoder = new TextEncoder();

function onMessage(plan: MaskPlan, message: ToWorker): void {
  if (message.type === 'table') {
    const table = setup.model.tables.find((t) => t.display === message.table);
    if (!table) throw new Error(`no table ${message.table} in the model`); // a bug: the pool sends tables of this model
    tables.set(message.id, { masks: [...plan.masksFor(table)], keys: message.keys });
    return;
  }
  try {
    const table = tables.get(message.table)!;
    const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
    // a block ends with its last row's newline, but the table's last block may lack it
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 10 ? bytes.length - 1 : bytes.length;
    const { text, rows, hashes } = maskCopyLines(bytes.toString('utf8', 0, end), table.masks, table.keys);
    const out = encoder.encode(text);
    send({ type: 'done', job: message.job, bytes: out, rows, hashes }, [out.buffer as ArrayBuffer, ...hashes.map((h) => h.buffer as ArrayBuffer)]);
  } catch (error) {
    // a MaskError names the rule and the column, never the value
    const e = error instanceof Error ? error : new Error(String(error));
    send({ type: 'failed', job: message.job, name: e.name, message: e.message });
  }
}

rebuild().then(
  (plan) => {
    port.on('message', (message: ToWorker) => onMessage(plan, message));
    send({ type: 'ready' });
  },
  (error: unknown) => send({ type: 'unavailable', reason: `the masks could not be built in a worker thread: ${error instanceof Error ? error.message : String(error)}` }),
);
