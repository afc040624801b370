/**
 * Hand-built request envelopes, only for what @device-management-toolkit/wsman-messages lacks
 * (for example CIM_AssociatedPowerManagementService). Same layout as the library and the spec's
 * §2.3 skeleton; every text is XML-escaped.
 */
import { ANONYMOUS_ADDRESS, NS, resourceUriFor } from './namespaces';
import type { WsmanValue } from './values';
import { escapeXml } from './xml';

let nextMessageId = 1;

/** Selector values of a header SelectorSet. */
export type Selectors = Record<string, string>;

function selectorSet(selectors: Selectors | undefined): string {
  if (!selectors || Object.keys(selectors).length === 0) return '';
  const items = Object.entries(selectors)
    .map(([name, value]) => `<w:Selector Name="${escapeXml(name)}">${escapeXml(value)}</w:Selector>`)
    .join('');
  return `<w:SelectorSet>${items}</w:SelectorSet>`;
}

/** A complete envelope for an action on a class, with an optional selector set and body. */
export function buildEnvelope(action: string, className: string, body = '', selectors?: Selectors): string {
  const resourceUri = resourceUriFor(className);
  const id = nextMessageId++;
  return (
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<Envelope xmlns="${NS.soap}" xmlns:a="${NS.addressing}" xmlns:w="${NS.wsman}">` +
    `<Header><a:Action>${escapeXml(action)}</a:Action><a:To>/wsman</a:To>` +
    `<w:ResourceURI>${escapeXml(resourceUri)}</w:ResourceURI><a:MessageID>${id}</a:MessageID>` +
    `<a:ReplyTo><a:Address>${ANONYMOUS_ADDRESS}</a:Address></a:ReplyTo>` +
    `<w:OperationTimeout>PT60S</w:OperationTimeout>${selectorSet(selectors)}</Header>` +
    `<Body>${body}</Body></Envelope>`
  );
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
