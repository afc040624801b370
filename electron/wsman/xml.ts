/**
 * Namespace-aware XML reading for WS-Man replies. AMT's prefixes are generated and change between
 * normal replies and faults (wsman-amt.md §1.6, §2.1), so every element carries the namespace URI
 * its prefix resolves to, and callers match on (namespace URI, local name), never on the prefix.
 * No entity expansion: a DOCTYPE is refused and only the five predefined entities and character
 * references are decoded, by hand.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { OutbandError } from '../../shared/errors';
import { NS } from './namespaces';

/** One attribute with its resolved namespace ('' when unprefixed). */
export interface XmlAttribute {
  ns: string;
  name: string;
  value: string;
}

/** One element: resolved namespace, local name, attributes, element children and its own text. */
export interface XmlElement {
  ns: string;
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** Concatenated text content directly inside this element (not trimmed). */
  text: string;
  /** Resolves a `prefix:local` string (like a fault subcode) against this element's scope. */
  resolveQName(qname: string): { ns: string; name: string };
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  removeNSPrefix: false,
  maxNestedTags: 64,
});

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' };

/** Decodes the predefined XML entities and numeric character references; anything else is an error. */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]{1,10});/g, (whole, ref: string) => {
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const code = ref.startsWith('#x')
      ? parseInt(ref.slice(2), 16)
      : ref.startsWith('#')
        ? parseInt(ref.slice(1), 10)
        : NaN;
    if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) {
      throw new OutbandError('wsman.bad-xml', `The reply uses an unknown XML entity ${whole}.`);
    }
    return String.fromCodePoint(code);
  });
}

/** Escapes text for use inside an XML element or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function splitQName(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

class Scope {
  constructor(
    private readonly bindings: Map<string, string>,
    private readonly parent: Scope | null,
  ) {}

  lookup(prefix: string): string | undefined {
    if (prefix === 'xml') return NS.xml;
    return this.bindings.get(prefix) ?? this.parent?.lookup(prefix);
  }
}

function resolveName(scope: Scope, qname: string, isAttribute: boolean): { ns: string; name: string } {
  const [prefix, name] = splitQName(qname);
  if (prefix === '' && isAttribute) return { ns: '', name };
  const ns = scope.lookup(prefix);
  if (ns === undefined) {
    if (prefix === '') return { ns: '', name };
    throw new OutbandError('wsman.bad-xml', `The reply uses the undeclared namespace prefix "${prefix}".`);
  }
  return { ns, name };
}

function buildElement(qname: string, node: OrderedNode, parentScope: Scope): XmlElement {
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const bindings = new Map<string, string>();
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns') bindings.set('', decodeXmlText(value));
    else if (key.startsWith('xmlns:')) bindings.set(key.slice(6), decodeXmlText(value));
  }
  const scope = bindings.size > 0 ? new Scope(bindings, parentScope) : parentScope;
  const { ns, name } = resolveName(scope, qname, false);
  const attributes: XmlAttribute[] = [];
  for (const [key, value] of Object.entries(rawAttrs)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    attributes.push({ ...resolveName(scope, key, true), value: decodeXmlText(value) });
  }
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[qname] ?? []) as OrderedNode[]) {
    const key = Object.keys(child).find((k) => k !== ':@');
    if (key === undefined) continue;
    if (key === '#text') text += decodeXmlText(String(child[key]));
    else if (key === '#cdata') text += cdataText(child[key]);
    else children.push(buildElement(key, child, scope));
  }
  return { ns, name, attributes, children, text, resolveQName: (q) => resolveName(scope, q.trim(), false) };
}

function cdataText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value.map((part) => String((part as OrderedNode)['#text'] ?? '')).join('');
}

/** Parses an XML document into its root element; refuses DOCTYPEs and malformed input. */
export function parseXml(text: string): XmlElement {
  if (/<!DOCTYPE/i.test(text)) {
    throw new OutbandError('wsman.bad-xml', 'The reply contains a DOCTYPE; refused (no entity expansion).');
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new OutbandError(
      'wsman.bad-xml',
      `The reply is not well-formed XML: ${valid.err.msg} (line ${valid.err.line}).`,
    );
  }
  const nodes = parser.parse(text) as OrderedNode[];
  const rootScope = new Scope(new Map(), null);
  for (const node of nodes) {
    const key = Object.keys(node).find((k) => k !== ':@');
    if (key && key !== '#text' && key !== '#cdata') return buildElement(key, node, rootScope);
  }
  throw new OutbandError('wsman.bad-xml', 'The reply has no XML root element.');
}

/** The first child element with this namespace and local name. */
export function childElement(el: XmlElement | undefined, ns: string, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.ns === ns && c.name === name);
}

/** All child elements with this namespace and local name, in document order. */
export function childElements(el: XmlElement | undefined, ns: string, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.ns === ns && c.name === name) : [];
}

/** The value of an attribute by local name (and namespace, '' for unprefixed). */
export function attributeValue(el: XmlElement, name: string, ns = ''): string | undefined {
  return el.attributes.find((a) => a.name === name && a.ns === ns)?.value;
}
