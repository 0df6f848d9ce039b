import { detectByName, type ValueKind } from './detect-by-name.js';
import { detectByValues, type NameLists } from './detect-by-values.js';
import { combineDetections } from './combine-detections.js';
import type { PiiJsonPath } from './pii-column.js';

interface PathValues {
  /** The nearest object key above the value: what detectByName reads */
  key: string;
  values: Set<string>;
  numbers: boolean;
  strings: boolean;
}

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
// bounds for one column: documents are already few and size-limited; these keep a pathological one small
const maxPaths = 500;
const maxValuesPerPath = 200;

/**
 * Walks sampled json documents and reports the paths whose key or values look like personal data. Paths are SQL/JSON
 * paths (`$.contact.email`, `$.phones[*]`); a key that is not a plain identifier is written `*`, and when such keys
 * look like data themselves (`{"ada@example.com": …}`), `$.*` is reported with `keys` in its reason: no value ever
 * appears in a path.
 */
export function detectJsonPaths(documents: readonly string[], table: string, names: NameLists, threshold: number): PiiJsonPath[] {
  const paths = new Map<string, PathValues>();
  const keyPaths = new Map<string, Set<string>>();
  const leaf = (path: string, key: string, value: string, kind: 'string' | 'number') => {
    let entry = paths.get(path);
    if (!entry) {
      if (paths.size >= maxPaths) return;
      entry = { key, values: new Set(), numbers: false, strings: false };
      paths.set(path, entry);
    }
    if (kind === 'number') entry.numbers = true;
    else entry.strings = true;
    if (entry.values.size < maxValuesPerPath) entry.values.add(value.slice(0, 256));
  };
  const walk = (value: unknown, path: string, key: string) => {
    if (Array.isArray(value)) {
      for (const element of value) walk(element, `${path}[*]`, key);
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (identifier.test(k)) {
          walk(v, `${path}.${k}`, k);
        } else {
          const keys = keyPaths.get(`${path}.*`) ?? new Set<string>();
          if (keys.size < maxValuesPerPath) keys.add(k.slice(0, 256));
          keyPaths.set(`${path}.*`, keys);
          walk(v, `${path}.*`, key);
        }
      }
    } else if (typeof value === 'string') {
      leaf(path, key, value, 'string');
    } else if (typeof value === 'number') {
      leaf(path, key, String(value), 'number');
    }
  };
  for (const document of documents) {
    try {
      walk(JSON.parse(document), '$', '');
    } catch {
      // not json after all (a json column holds only valid json; this guards a truncated value): skip it
    }
  }

  const found: PiiJsonPath[] = [];
  for (const [path, entry] of paths) {
    const kind: ValueKind = entry.strings ? 'string' : 'number';
    const byName = entry.key ? detectByName(entry.key, table, kind) : undefined;
    const byValues = detectByValues([...entry.values], kind, names, threshold);
    const detection = combineDetections(byName, byValues, kind, `key "${entry.key}"`);
    if (detection.class !== 'none') found.push({ path, ...detection });
  }
  for (const [path, keys] of keyPaths) {
    const byValues = detectByValues([...keys], 'string', names, threshold);
    if (!byValues) continue;
    const detection = combineDetections(undefined, byValues, 'string', 'keys');
    found.push({ path, ...detection, reason: `the keys here: ${detection.reason}` });
  }
  return found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
