// Serialises replies the way AMT firmware writes them: compact XML, fixed prefixes per reply type,
// properties in ordinal (ASCII) order, repeated elements for arrays (spec wsman-amt.md §1.6, §2.1).
import { ANONYMOUS, NS } from './namespaces';

/** An endpoint reference value (association keys, ServiceProvided, EPR enumeration items). */
export interface Epr {
  readonly kind: 'epr';
  readonly resourceUri: string;
  /** Text selectors, or EPR-valued ones (the keys of context classes such as AMT_TLSCredentialContext). */
  readonly selectors: ReadonlyArray<readonly [string, string | Epr]>;
  readonly address?: string;
}

/** A CIM datetime, written wrapped in the cim-common Datetime element. */
export interface Datetime {
  readonly kind: 'datetime';
  readonly value: string;
}

export type Scalar = string | number | boolean | bigint;
export type PropValue = Scalar | Epr | Datetime | ReadonlyArray<Scalar | Epr>;

/** One class instance: its class, whether its schema pulls in cim-common, and its properties. */
export interface Instance {
  readonly className: string;
  readonly usesCommon: boolean;
  readonly props: Readonly<Record<string, PropValue>>;
}

/** Header fields every normal (non-fault) reply carries. */
export interface ReplyHeader {
  readonly relatesTo: string;
  readonly action: string;
  readonly messageId: string;
  readonly resourceUri: string;
}

/** Escapes text content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Builds an EPR value. */
export function epr(resourceUri: string, selectors: ReadonlyArray<readonly [string, string | Epr]>): Epr {
  return { kind: 'epr', resourceUri, selectors };
}

/** Builds a datetime value. */
export function datetime(value: string): Datetime {
  return { kind: 'datetime', value };
}

function isEpr(v: PropValue): v is Epr {
  return typeof v === 'object' && !Array.isArray(v) && (v as Epr).kind === 'epr';
}

function isDatetime(v: PropValue): v is Datetime {
  return typeof v === 'object' && !Array.isArray(v) && (v as Datetime).kind === 'datetime';
}

/**
 * The inside of an EPR: b:Address + b:ReferenceParameters (b = addressing, c = wsman, always). An
 * EPR-valued selector holds a b:EndpointReference, as in the captured TLS credential context.
 */
export function eprContent(value: Epr): string {
  const sel = value.selectors
    .map(([k, v]) => {
      const inner =
        typeof v === 'string' ? escapeXml(v) : `<b:EndpointReference>${eprContent(v)}</b:EndpointReference>`;
      return `<c:Selector Name="${escapeXml(k)}">${inner}</c:Selector>`;
    })
    .join('');
  return (
    `<b:Address>${escapeXml(value.address ?? ANONYMOUS)}</b:Address><b:ReferenceParameters>` +
    `<c:ResourceURI>${escapeXml(value.resourceUri)}</c:ResourceURI><c:SelectorSet>${sel}</c:SelectorSet>` +
    `</b:ReferenceParameters>`
  );
}

function element(prefix: string, name: string, value: Scalar | Epr | Datetime, commonPrefix: string): string {
  const tag = `${prefix}:${name}`;
  if (isEpr(value)) return `<${tag}>${eprContent(value)}</${tag}>`;
  if (isDatetime(value)) {
    return `<${tag}><${commonPrefix}:Datetime>${escapeXml(value.value)}</${commonPrefix}:Datetime></${tag}>`;
  }
  return `<${tag}>${escapeXml(String(value))}</${tag}>`;
}

/** Writes properties in the given order; arrays become repeated elements in their own order. */
export function writeProps(
  prefix: string,
  entries: ReadonlyArray<readonly [string, PropValue]>,
  commonPrefix: string,
): string {
  let out = '';
  for (const [name, value] of entries) {
    if (Array.isArray(value)) {
      for (const item of value as ReadonlyArray<Scalar | Epr>) out += element(prefix, name, item, commonPrefix);
    } else {
      out += element(prefix, name, value as Scalar | Epr | Datetime, commonPrefix);
    }
  }
  return out;
}

/** Sorts property names the way AMT does: plain ordinal order, upper case before lower case. */
export function sortedEntries(props: Readonly<Record<string, PropValue>>): Array<[string, PropValue]> {
  return Object.keys(props)
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    .map((k) => [k, props[k] as PropValue]);
}

/** One instance element with alphabetical properties. */
export function writeInstance(inst: Instance, prefix: string, commonPrefix: string): string {
  const tag = `${prefix}:${inst.className}`;
  return `<${tag}>${writeProps(prefix, sortedEntries(inst.props), commonPrefix)}</${tag}>`;
}

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

const NORMAL_BASE: ReadonlyArray<readonly [string, string]> = [
  ['a', NS.soap],
  ['b', NS.wsa],
  ['c', NS.wsman],
  ['d', NS.trust],
  ['e', NS.wss],
  ['f', NS.cimbinding],
];

/** A normal reply envelope: a..f fixed, then the reply-specific prefixes, then xsi. */
export function normalEnvelope(
  header: ReplyHeader,
  extra: ReadonlyArray<readonly [string, string]>,
  body: string,
): string {
  const decls = [...NORMAL_BASE, ...extra, ['xsi', NS.xsi] as const].map(([p, uri]) => ` xmlns:${p}="${uri}"`).join('');
  return (
    `${XML_DECL}<a:Envelope${decls}><a:Header>` +
    `<b:To>${ANONYMOUS}</b:To>` +
    `<b:RelatesTo>${escapeXml(header.relatesTo)}</b:RelatesTo>` +
    `<b:Action a:mustUnderstand="true">${escapeXml(header.action)}</b:Action>` +
    `<b:MessageID>${header.messageId}</b:MessageID>` +
    `<c:ResourceURI>${escapeXml(header.resourceUri)}</c:ResourceURI>` +
    `</a:Header><a:Body>${body}</a:Body></a:Envelope>`
  );
}

/** Fault envelopes use a different prefix assignment (captured DestinationUnreachable reply). */
const FAULT_DECLS: ReadonlyArray<readonly [string, string]> = [
  ['g', NS.cimbinding],
  ['f', NS.eventing],
  ['e', NS.wsman],
  ['d', NS.wxf],
  ['c', NS.wsen],
  ['b', NS.wsa],
  ['a', NS.soap],
  ['h', NS.trust],
  ['i', NS.wss],
  ['xsi', NS.xsi],
];

/** Prefix of each subcode family inside a fault envelope. */
export const FAULT_PREFIX = { wsa: 'b', wsen: 'c', wxf: 'd', wsman: 'e' } as const;

/** What a fault says: SOAP code, qualified subcode, reason text and the fault action. */
export interface FaultSpec {
  readonly code: 'Sender' | 'Receiver';
  readonly subcodeNs: keyof typeof FAULT_PREFIX;
  readonly subcode: string;
  readonly reason: string;
  readonly action: string;
}

/** A SOAP fault envelope shaped like the captured firmware fault. */
export function faultEnvelope(relatesTo: string, messageId: string, fault: FaultSpec): string {
  const decls = FAULT_DECLS.map(([p, uri]) => ` xmlns:${p}="${uri}"`).join('');
  return (
    `${XML_DECL}<a:Envelope${decls}><a:Header>` +
    `<b:To>${ANONYMOUS}</b:To><b:RelatesTo>${escapeXml(relatesTo)}</b:RelatesTo>` +
    `<b:Action a:mustUnderstand="true">${fault.action}</b:Action><b:MessageID>${messageId}</b:MessageID>` +
    `</a:Header><a:Body><a:Fault><a:Code><a:Value>a:${fault.code}</a:Value><a:Subcode>` +
    `<a:Value>${FAULT_PREFIX[fault.subcodeNs]}:${fault.subcode}</a:Value></a:Subcode></a:Code>` +
    `<a:Reason><a:Text xml:lang="en-US">${escapeXml(fault.reason)}</a:Text></a:Reason>` +
    `<a:Detail></a:Detail></a:Fault></a:Body></a:Envelope>`
  );
}
