// Reads a WS-Man request envelope. Prefixes are ignored (local names only) because clients use
// any prefixes, and some (wsl) even copy undeclared ones from a previous reply into the header.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A parsed XML node: text, or an object of children/attributes. */
export type XmlNode = string | { [key: string]: XmlNode | XmlNode[] };

/** What the dispatcher needs from a request. */
export interface WsmanRequest {
  readonly action: string | null;
  readonly resourceUri: string | null;
  readonly messageId: string;
  /** Header selectors by name (EPR-valued selectors are kept as an empty string). */
  readonly selectors: ReadonlyMap<string, string>;
  /** EPR-valued header selectors by name (the keys of context classes). */
  readonly eprSelectors: ReadonlyMap<string, EprRef>;
  /** Local name of the first Body child, or null for an empty body. */
  readonly bodyRoot: string | null;
  readonly bodyContent: XmlNode | null;
}

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
});

/** Text content of a node ('' for an element with only attributes or children). */
export function textOf(node: XmlNode | XmlNode[] | undefined): string {
  if (node === undefined) return '';
  if (Array.isArray(node)) return textOf(node[0]);
  if (typeof node === 'string') return node;
  const t = node['#text'];
  return typeof t === 'string' ? t : '';
}

/** Child `name` of an element node, or undefined. */
export function childOf(node: XmlNode | XmlNode[] | undefined, name: string): XmlNode | XmlNode[] | undefined {
  if (node === undefined || typeof node === 'string' || Array.isArray(node)) return undefined;
  return node[name];
}

/** Child elements of a node (attributes and text left out), by local name. */
export function childrenOf(node: XmlNode | undefined): Array<[string, XmlNode | XmlNode[]]> {
  if (node === undefined || typeof node === 'string') return [];
  return Object.entries(node).filter(([k]) => !k.startsWith('@_') && k !== '#text');
}

/** An endpoint reference read from a request: its resource URI and text selectors. */
export interface EprRef {
  readonly resourceUri: string;
  readonly selectors: ReadonlyMap<string, string>;
}

function selectorNodes(parent: XmlNode | XmlNode[] | undefined): XmlNode[] {
  const set = childOf(parent, 'SelectorSet');
  const raw = childOf(Array.isArray(set) ? set[0] : set, 'Selector');
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

function readSelectors(parent: XmlNode | XmlNode[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const sel of selectorNodes(parent)) {
    if (typeof sel === 'string') continue;
    const name = sel['@_Name'];
    if (typeof name === 'string') out.set(name, textOf(sel));
  }
  return out;
}

/** Reads an EPR (Address + ReferenceParameters); null when it has no ReferenceParameters. */
export function readEpr(node: XmlNode | XmlNode[] | undefined): EprRef | null {
  const first = Array.isArray(node) ? node[0] : node;
  const params = childOf(first, 'ReferenceParameters');
  const p = Array.isArray(params) ? params[0] : params;
  if (p === undefined || typeof p === 'string') return null;
  return { resourceUri: textOf(childOf(p, 'ResourceURI')).trim(), selectors: readSelectors(p) };
}

function readEprSelectors(header: XmlNode | XmlNode[] | undefined): Map<string, EprRef> {
  const out = new Map<string, EprRef>();
  for (const sel of selectorNodes(header)) {
    if (typeof sel === 'string') continue;
    const name = sel['@_Name'];
    const ref = readEpr(childOf(sel, 'EndpointReference'));
    if (typeof name === 'string' && ref !== null) out.set(name, ref);
  }
  return out;
}

/** Parses a request body; returns null when it is not well-formed XML or not a SOAP envelope. */
export function parseRequest(xml: string): WsmanRequest | null {
  if (xml.trim() === '' || XMLValidator.validate(xml) !== true) return null;
  const doc = parser.parse(xml) as XmlNode;
  const env = childOf(doc, 'Envelope');
  if (env === undefined || Array.isArray(env)) return null;
  const header = childOf(env, 'Header');
  const body = childOf(env, 'Body');
  const children = childrenOf(Array.isArray(body) ? body[0] : body);
  const first = children[0];
  const action = textOf(childOf(header, 'Action')).trim();
  const resourceUri = textOf(childOf(header, 'ResourceURI')).trim();
  return {
    action: action === '' ? null : action,
    resourceUri: resourceUri === '' ? null : resourceUri,
    messageId: textOf(childOf(header, 'MessageID')).trim(),
    selectors: readSelectors(header),
    eprSelectors: readEprSelectors(header),
    bodyRoot: first === undefined ? null : first[0],
    bodyContent: first === undefined ? null : Array.isArray(first[1]) ? (first[1][0] ?? null) : first[1],
  };
}
