// PostgreSQL array literals as array_out prints them (and COPY text carries them, once unescaped): `{a,"b c",NULL}`,
// nested braces for more dimensions, an optional `[2:3]=` bounds decoration. Only ',' is handled as the delimiter
// (every built-in type but box uses it).

type Node = string | null | Node[];

/**
 * Applies `fn` to every non-NULL element of an array literal and prints the array again; NULL elements stay NULL.
 *
 * @example mapArrayLiteral('{ann@x.org,NULL}', (s) => s.toUpperCase()) // '{ANN@X.ORG,NULL}'
 */
export function mapArrayLiteral(literal: string, fn: (element: string) => string | null): string {
  let i = 0;
  let decoration = '';
  if (literal.startsWith('[')) {
    const end = literal.indexOf('=');
    if (end < 0) throw new Error('malformed array literal: bounds without "="');
    decoration = literal.slice(0, end + 1);
    i = end + 1;
  }
  const parseArray = (): Node[] => {
    if (literal[i] !== '{') throw new Error(`malformed array literal: expected "{" at ${i}`);
    i++;
    const items: Node[] = [];
    if (literal[i] === '}') {
      i++;
      return items;
    }
    for (;;) {
      items.push(parseItem());
      const c = literal[i++];
      if (c === '}') return items;
      if (c !== ',') throw new Error(`malformed array literal: expected "," or "}" at ${i - 1}`);
    }
  };
  const parseItem = (): Node => {
    while (literal[i] === ' ') i++;
    if (literal[i] === '{') return parseArray();
    if (literal[i] === '"') {
      i++;
      let text = '';
      for (;;) {
        const c = literal[i++];
        if (c === undefined) throw new Error('malformed array literal: unterminated quoted element');
        if (c === '"') break;
        text += c === '\\' ? (literal[i++] ?? '') : c;
      }
      while (literal[i] === ' ') i++;
      return text;
    }
    const start = i;
    while (i < literal.length && literal[i] !== ',' && literal[i] !== '}') i++;
    const text = literal.slice(start, i).trim();
    return text.toUpperCase() === 'NULL' ? null : text;
  };
  const tree = parseArray();
  if (i !== literal.length) throw new Error('malformed array literal: text after the closing "}"');
  const print = (node: Node): string => {
    if (node === null) return 'NULL';
    if (Array.isArray(node)) return `{${node.map(print).join(',')}}`;
    const masked = fn(node);
    return masked === null ? 'NULL' : quote(masked);
  };
  return decoration + print(tree);
}

function quote(element: string): string {
  if (element !== '' && !/[{}",\\\s]/.test(element) && element.toUpperCase() !== 'NULL') return element;
  return `"${element.replace(/(["\\])/g, '\\$1')}"`;
}
