// Namespace-aware "shape" of a SOAP reply: declared prefixes, and every element as
// prefix:local{namespace} with its depth, in document order. Text values are left out.
import { XMLParser } from 'fast-xml-parser';

type Node = Record<string, unknown>;

/** The shape of one document. */
export interface Shape {
  /** xmlns declarations on the Envelope, prefix -> URI, in declaration order. */
  readonly declarations: Array<[string, string]>;
  /** Header elements, e.g. "1 b:Action{http://schemas.xmlsoap.org/ws/2004/08/addressing}". */
  readonly header: string[];
  /** Body elements in the same notation. */
  readonly body: string[];
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: true,
});

function walk(nodes: Node[], depth: number, scope: Map<string, string>, out: string[]): void {
  for (const node of nodes) {
    const tag = Object.keys(node).find((k) => k !== ':@' && k !== '#text');
    if (tag === undefined) continue;
    const attrs = (node[':@'] ?? {}) as Record<string, string>;
    const inner = new Map(scope);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'xmlns') inner.set('', v);
      else if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
    }
    const [prefix, local] = tag.includes(':') ? (tag.split(':') as [string, string]) : ['', tag];
    out.push(
      `${depth} ${tag}{${inner.get(prefix) ?? '?'}}`.replace(
        `${tag}{`,
        `${prefix === '' ? '' : `${prefix}:`}${local}{`,
      ),
    );
    walk((node[tag] ?? []) as Node[], depth + 1, inner, out);
  }
}

/** Computes the shape of a reply; throws when it is not a SOAP envelope. */
export function shapeOf(xml: string): Shape {
  const doc = parser.parse(xml) as Node[];
  const env = doc.find((n) => Object.keys(n).some((k) => k.endsWith('Envelope')));
  if (env === undefined) throw new Error('no Envelope');
  const envTag = Object.keys(env).find((k) => k.endsWith('Envelope')) ?? '';
  const attrs = (env[':@'] ?? {}) as Record<string, string>;
  const declarations = Object.entries(attrs)
    .filter(([k]) => k.startsWith('xmlns:'))
    .map(([k, v]) => [k.slice(6), v.trim()] as [string, string]);
  const scope = new Map(declarations);
  const header: string[] = [];
  const body: string[] = [];
  for (const part of (env[envTag] ?? []) as Node[]) {
    const tag = Object.keys(part).find((k) => k !== ':@') ?? '';
    const target = tag.endsWith('Header') ? header : tag.endsWith('Body') ? body : null;
    if (target !== null) walk((part[tag] ?? []) as Node[], 1, scope, target);
  }
  return { declarations, header, body };
}
