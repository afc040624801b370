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

function readSelectors(header: XmlNode | XmlNode[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const set = childOf(header, 'SelectorSet');
  const raw = childOf(Array.isArray(set) ? set[0] : set, 'Selector');
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  for (const sel of list) {
    if (typeof sel === 'string') continue;
    const name = sel['@_Name'];
    if (typeof name === 'string') out.set(name, textOf(sel));
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
    bodyRoot: first === undefined ? null : first[0],
    bodyContent: first === undefined ? null : Array.isArray(first[1]) ? (first[1][0] ?? null) : first[1],
  };
}
