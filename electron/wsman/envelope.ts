/**
 * Hand-built request envelopes, only for what @device-management-toolkit/wsman-messages lacks
 * (for example CIM_AssociatedPowerManagementService). Same layout as the library and the spec's
 * §2.3 skeleton; every text is XML-escaped.
 */
import { ANONYMOUS_ADDRESS, NS, resourceUriFor } from './namespaces';
import type { WsmanValue } from './values';
import { decodeXmlText, escapeXml } from './xml';

let nextMessageId = 1;

/** Selector values of a header SelectorSet. */
export type Selectors = Record<string, string>;

// The constant parts of every envelope, joined once rather than per request.
const ENVELOPE_HEAD =
  `<?xml version="1.0" encoding="utf-8"?>` +
  `<Envelope xmlns="${NS.soap}" xmlns:a="${NS.addressing}" xmlns:w="${NS.wsman}">` +
  `<Header><a:Action>`;
const AFTER_ACTION = `</a:Action><a:To>/wsman</a:To><w:ResourceURI>`;
const AFTER_RESOURCE = `</w:ResourceURI><a:MessageID>`;
const AFTER_MESSAGE_ID =
  `</a:MessageID><a:ReplyTo><a:Address>${ANONYMOUS_ADDRESS}</a:Address></a:ReplyTo>` +
  `<w:OperationTimeout>PT60S</w:OperationTimeout>`;

/** Escaped resource URIs by class name: the few classes Outband talks to, computed once each. */
const escapedResourceUris = new Map<string, string>();

function escapedResourceUri(className: string): string {
  let uri = escapedResourceUris.get(className);
  if (uri === undefined) {
    uri = escapeXml(resourceUriFor(className));
    if (escapedResourceUris.size < 1024) escapedResourceUris.set(className, uri);
  }
  return uri;
}

function selectorSet(selectors: Selectors | undefined): string {
  if (!selectors) return '';
  let items = '';
  for (const name in selectors) {
    if (!Object.hasOwn(selectors, name)) continue;
    items += `<w:Selector Name="${escapeXml(name)}">${escapeXml(selectors[name])}</w:Selector>`;
  }
  return items === '' ? '' : `<w:SelectorSet>${items}</w:SelectorSet>`;
}

/** A complete envelope for an action on a class, with an optional selector set and body. */
export function buildEnvelope(action: string, className: string, body = '', selectors?: Selectors): string {
  return (
    ENVELOPE_HEAD +
    escapeXml(action) +
    AFTER_ACTION +
    escapedResourceUri(className) +
    AFTER_RESOURCE +
    nextMessageId++ +
    AFTER_MESSAGE_ID +
    selectorSet(selectors) +
    `</Header><Body>${body}</Body></Envelope>`
  );
}

function isPrefixChar(c: number): boolean {
  // Letters, digits, '_', '-', '.': enough for the prefixes of envelopes built here or by the library.
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x2d ||
    c === 0x2e
  );
}

/**
 * The text of the first element with this local name (any prefix) in an envelope string, by plain
 * string search rather than a parse: for the header fields of request envelopes (built here or by
 * wsman-messages), which come first and hold plain text. Undefined when absent.
 */
function headerField(envelope: string, localName: string): string | undefined {
  for (let at = envelope.indexOf(localName); at > 0; at = envelope.indexOf(localName, at + localName.length)) {
    const after = envelope.charCodeAt(at + localName.length);
    if (after !== 0x3e /* > */ && after !== 0x20 && after !== 0x09 && after !== 0x0a && after !== 0x0d) continue;
    // An opening tag: `<Name` or `<prefix:Name`; not `</…` and not a longer name ending the same way.
    let lt = at - 1;
    if (envelope.charCodeAt(lt) === 0x3a /* : */) {
      lt--;
      while (lt >= 0 && isPrefixChar(envelope.charCodeAt(lt))) lt--;
      if (lt === at - 2) continue;
    }
    if (lt < 0 || envelope.charCodeAt(lt) !== 0x3c /* < */) continue;
    const gt = envelope.indexOf('>', at + localName.length);
    const end = gt < 0 ? -1 : envelope.indexOf('<', gt + 1);
    return end < 0 ? undefined : decodeXmlText(envelope.slice(gt + 1, end).trim());
  }
  return undefined;
}

/**
 * The MessageID of a request envelope (ours or one from wsman-messages), read without parsing, to
 * compare with the RelatesTo of the reply (`WsmanResponse.relatesTo`). Undefined when absent.
 */
export function messageIdOf(envelope: string): string | undefined {
  return headerField(envelope, 'MessageID');
}

/** The wsa:Action of a request envelope, read without parsing ('' when absent). */
export function requestActionOf(envelope: string): string {
  return headerField(envelope, 'Action') ?? '';
}

/** A WS-Transfer Get of a class (singleton, or the instance named by selectors). */
export function buildGet(className: string, selectors?: Selectors): string {
  return buildEnvelope(`${NS.transfer}/Get`, className, '', selectors);
}

/** A WS-Enumeration Enumerate of a class. */
export function buildEnumerate(className: string): string {
  return buildEnvelope(`${NS.enumeration}/Enumerate`, className, `<Enumerate xmlns="${NS.enumeration}"/>`);
}

/** A WS-Enumeration Pull for a context returned by Enumerate. */
export function buildPull(className: string, context: string): string {
  const body =
    `<Pull xmlns="${NS.enumeration}"><EnumerationContext>${escapeXml(context)}</EnumerationContext>` +
    `<MaxElements>999</MaxElements><MaxCharacters>99999</MaxCharacters></Pull>`;
  return buildEnvelope(`${NS.enumeration}/Pull`, className, body);
}

/**
 * Returns a copy of an object whose string values are XML-escaped, for library builders that
 * interpolate values as they are (the library's Put does not escape `&` or `<`).
 */
export function escapeForLibrary<T extends Record<string, unknown>>(data: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (typeof value === 'string') out[key] = escapeXml(value);
    else if (Array.isArray(value)) out[key] = value.map((v) => (typeof v === 'string' ? escapeXml(v) : v));
    else out[key] = value;
  }
  return out as T;
}

/** Only plain text properties (and lists of them) of an instance, for a read-modify-write Put. */
export function textPropertiesOf(instance: Record<string, WsmanValue>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(instance)) {
    if (typeof value === 'string') out[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = value as string[];
  }
  return out;
}
