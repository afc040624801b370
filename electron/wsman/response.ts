/**
 * Reading SOAP replies: header fields, faults, Get/Put instances, Enumerate/Pull results and
 * method outputs. Everything is matched on namespace URI plus local name (wsman-amt.md §2.5).
 */
import { OutbandError } from '../../shared/errors';
import { NS, resourceUriFor } from './namespaces';
import { isSuccessReturn, returnValueError } from './return-codes';
import { elementToObject, intProp, type WsmanObject } from './values';
import { requestActionOf } from './envelope';
import {
  childElement,
  childElements,
  ENUMERATION_REPLY_LIMITS,
  INSTANCE_REPLY_LIMITS,
  parseXml,
  type XmlElement,
  type XmlLimits,
} from './xml';

/** A parsed SOAP envelope. */
export interface WsmanResponse {
  action: string;
  /** The reply's wsa:RelatesTo: the MessageID of the request it answers (compare with messageIdOf). */
  relatesTo?: string;
  /** The reply's own wsa:MessageID. */
  messageId?: string;
  resourceUri?: string;
  /** The first element inside soap:Body, if any. */
  payload?: XmlElement;
}

/** A namespace-qualified name, e.g. a fault subcode resolved against its document. */
export interface QName {
  ns: string;
  name: string;
}

/** A SOAP fault as sent by the device. */
export interface WsmanFault {
  code?: QName;
  subcode?: QName;
  reason: string;
  detail: string;
}

const ENUMERATE_ACTION = `${NS.enumeration}/Enumerate`;
const PULL_ACTION = `${NS.enumeration}/Pull`;

/**
 * The limits for the reply to a request envelope: Enumerate and Pull replies may be large (up to
 * 4 MiB), every other reply holds one instance or method output and gets the tighter instance
 * limits (512 KiB). `maxBytes` is also the byte cap for the transport to apply while reading.
 */
export function replyLimitsFor(requestEnvelope: string): Readonly<XmlLimits> {
  const action = requestActionOf(requestEnvelope);
  return action === ENUMERATE_ACTION || action === PULL_ACTION ? ENUMERATION_REPLY_LIMITS : INSTANCE_REPLY_LIMITS;
}

/**
 * Parses the text of a SOAP envelope within limits (default: the enumeration limits, which fit
 * every reply; pass `replyLimitsFor(request)` for the tighter ones). Malformed or oversized input
 * throws `wsman.bad-xml` or `wsman.response-too-large`, a non-SOAP document `wsman.unexpected-response`.
 */
export function parseResponse(text: string, limits: Readonly<XmlLimits> = ENUMERATION_REPLY_LIMITS): WsmanResponse {
  const root = parseXml(text, limits);
  if (root.ns !== NS.soap || root.name !== 'Envelope') {
    throw new OutbandError('wsman.unexpected-response', `The reply is not a SOAP 1.2 envelope (root ${root.name}).`);
  }
  let header: XmlElement | undefined;
  let body: XmlElement | undefined;
  for (const c of root.children) {
    if (c.ns !== NS.soap) continue;
    if (c.name === 'Header') header ??= c;
    else if (c.name === 'Body') body ??= c;
  }
  // One pass over the header, first occurrence of each field wins.
  let action: string | undefined;
  let relatesTo: string | undefined;
  let messageId: string | undefined;
  let resourceUri: string | undefined;
  for (const c of header?.children ?? []) {
    if (c.ns === NS.addressing) {
      if (c.name === 'Action') action ??= c.text.trim();
      else if (c.name === 'RelatesTo') relatesTo ??= c.text.trim();
      else if (c.name === 'MessageID') messageId ??= c.text.trim();
    } else if (c.ns === NS.wsman && c.name === 'ResourceURI') {
      resourceUri ??= c.text.trim();
    }
  }
  return { action: action ?? '', relatesTo, messageId, resourceUri, payload: body?.children[0] };
}

function readQName(valueEl: XmlElement | undefined): QName | undefined {
  if (!valueEl) return undefined;
  const text = valueEl.text.trim();
  try {
    return valueEl.resolveQName(text);
  } catch {
    return { ns: '', name: text.slice(text.indexOf(':') + 1) };
  }
}

/** The fault in a reply, or undefined when the body is not a soap:Fault. */
export function readFault(resp: WsmanResponse): WsmanFault | undefined {
  const fault = resp.payload;
  if (!fault || fault.ns !== NS.soap || fault.name !== 'Fault') return undefined;
  const code = childElement(fault, NS.soap, 'Code');
  const subcode = childElement(code, NS.soap, 'Subcode');
  const reasonTexts = childElements(childElement(fault, NS.soap, 'Reason'), NS.soap, 'Text');
  const detailEl = childElement(fault, NS.soap, 'Detail');
  const detail = detailEl ? [detailEl.text, ...detailEl.children.map((c) => c.text)].join(' ').trim() : '';
  return {
    code: readQName(childElement(code, NS.soap, 'Value')),
    subcode: readQName(childElement(subcode, NS.soap, 'Value')),
    reason: reasonTexts.map((t) => t.text.trim()).find((t) => t !== '') ?? '',
    detail,
  };
}

const SUBCODE_CODES: Record<string, string> = {
  [`${NS.addressing} DestinationUnreachable`]: 'wsman.destination-unreachable',
  [`${NS.addressing} ActionNotSupported`]: 'wsman.action-not-supported',
  [`${NS.wsman} AlreadyExists`]: 'wsman.already-exists',
  [`${NS.wsman} AccessDenied`]: 'wsman.access-denied',
  [`${NS.wsman} InvalidSelectors`]: 'wsman.invalid-selectors',
  [`${NS.wsman} SchemaValidationError`]: 'wsman.schema-validation-error',
  [`${NS.wsman} InternalError`]: 'wsman.internal-error',
  [`${NS.wsman} TimedOut`]: 'wsman.timed-out',
  [`${NS.wsman} EncodingLimit`]: 'wsman.encoding-limit',
  [`${NS.transfer} InvalidRepresentation`]: 'wsman.invalid-representation',
  [`${NS.enumeration} InvalidEnumerationContext`]: 'wsman.invalid-enumeration-context',
  [`${NS.enumeration} TimedOut`]: 'wsman.timed-out',
  [`${NS.soap} MustUnderstand`]: 'wsman.must-understand',
};

/** The typed error for a fault: a code per known subcode (resolved by namespace), else `wsman.fault`. */
export function faultError(fault: WsmanFault, httpStatus?: number): OutbandError {
  const key = fault.subcode ?? fault.code;
  const code = (key && SUBCODE_CODES[`${key.ns} ${key.name}`]) ?? 'wsman.fault';
  const what = key ? key.name : 'Fault';
  const reason = fault.reason || 'no reason given';
  return new OutbandError(code, `The device answered with a WS-Man fault ${what}: ${reason}`, {
    subcode: fault.subcode ? `{${fault.subcode.ns}}${fault.subcode.name}` : undefined,
    reason: fault.reason,
    detail: fault.detail || undefined,
    httpStatus,
  });
}

function unexpected(resp: WsmanResponse, wanted: string): OutbandError {
  const got = resp.payload ? resp.payload.name : 'an empty body';
  return new OutbandError('wsman.unexpected-response', `Expected ${wanted} in the reply but found ${got}.`, {
    action: resp.action,
  });
}

/** The class instance in a Get/Put/Create reply. */
export function readInstance(resp: WsmanResponse, className: string): WsmanObject {
  const el = resp.payload;
  if (!el || el.ns !== resourceUriFor(className) || el.name !== className) throw unexpected(resp, className);
  return elementToObject(el);
}

/** What an Enumerate or Pull reply holds. */
export interface EnumerationPage {
  context?: string;
  items: XmlElement[];
  endOfSequence: boolean;
}

/** Reads an EnumerateResponse or PullResponse (Items, EnumerationContext, EndOfSequence). */
export function readEnumerationPage(resp: WsmanResponse): EnumerationPage {
  const el = resp.payload;
  if (!el || el.ns !== NS.enumeration || (el.name !== 'EnumerateResponse' && el.name !== 'PullResponse')) {
    throw unexpected(resp, 'an EnumerateResponse or PullResponse');
  }
  const items = childElement(el, NS.enumeration, 'Items') ?? childElement(el, NS.wsman, 'Items');
  return {
    context: childElement(el, NS.enumeration, 'EnumerationContext')?.text.trim() || undefined,
    items: items?.children ?? [],
    endOfSequence: el.children.some(
      (c) => c.name === 'EndOfSequence' && (c.ns === NS.enumeration || c.ns === NS.wsman),
    ),
  };
}

/** The instances of one class among enumerated items. */
export function itemsOfClass(items: XmlElement[], className: string): WsmanObject[] {
  const ns = resourceUriFor(className);
  return items.filter((i) => i.ns === ns && i.name === className).map(elementToObject);
}

/** A method's output parameters with its ReturnValue. */
export interface MethodOutput {
  returnValue?: number;
  output: WsmanObject;
}

/** Reads `<Method>_OUTPUT` of a class; does not judge the ReturnValue. */
export function readMethodOutput(resp: WsmanResponse, className: string, method: string): MethodOutput {
  const el = resp.payload;
  const name = `${method}_OUTPUT`;
  if (!el || el.ns !== resourceUriFor(className) || el.name !== name) throw unexpected(resp, name);
  const output = elementToObject(el);
  return { returnValue: intProp(output, 'ReturnValue'), output };
}

/** Reads a method output and throws the typed error when its ReturnValue is not a success. */
export function expectMethodSuccess(resp: WsmanResponse, className: string, method: string): MethodOutput {
  const out = readMethodOutput(resp, className, method);
  if (out.returnValue !== undefined && !isSuccessReturn(className, method, out.returnValue)) {
    throw returnValueError(className, method, out.returnValue);
  }
  return out;
}
