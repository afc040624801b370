/**
 * Class instances as plain values. Every property is optional (AMT omits some depending on
 * state, wsman-amt.md §2.5), repeated elements become arrays, uint64 stays exact text, CIM
 * datetime wrappers are unwrapped and reference-typed properties become EndpointReferences.
 */
import { OutbandError } from '../../shared/errors';
import { NS } from './namespaces';
import { attributeValue, childElement, childElements, type XmlElement } from './xml';

/** A WS-Addressing endpoint reference (an EPR-valued property or selector). */
export interface EndpointReference {
  address: string;
  resourceUri?: string;
  selectors: Record<string, string | EndpointReference>;
}

/** A property value: text, null (xsi:nil), an EPR, a nested object, or repeated values. */
export type WsmanValue = string | null | EndpointReference | WsmanObject | WsmanValue[];

/** A class instance or method output: properties by local name. */
export interface WsmanObject {
  [property: string]: WsmanValue;
}

const CIM_WRAPPERS = new Set(['Datetime', 'Date', 'Time', 'Interval', 'CIMDateTime']);

/**
 * Sets a property named by the device. Plain assignment of `__proto__` would replace the object's
 * prototype instead of adding a property, so that one name is defined as an own property; other
 * names, `constructor` included, are ordinary assignments.
 */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A property the object itself holds (never one inherited from Object.prototype, like `constructor`). */
function own<T>(obj: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** True when a value is an endpoint reference. */
export function isEndpointReference(value: WsmanValue | undefined): value is EndpointReference {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value.address === 'string' &&
    'selectors' in value
  );
}

/** Reads an EPR element (Address + ReferenceParameters/ResourceURI + SelectorSet). */
export function readEndpointReference(el: XmlElement): EndpointReference {
  const inner = childElement(el, NS.addressing, 'EndpointReference') ?? el;
  const params = childElement(inner, NS.addressing, 'ReferenceParameters');
  const selectors: Record<string, string | EndpointReference> = {};
  for (const sel of childElements(childElement(params, NS.wsman, 'SelectorSet'), NS.wsman, 'Selector')) {
    const name = attributeValue(sel, 'Name') ?? '';
    const nested = sel.children.find((c) => c.ns === NS.addressing);
    setOwn(selectors, name, nested ? readEndpointReference(sel) : sel.text.trim());
  }
  const resourceUri = childElement(params, NS.wsman, 'ResourceURI')?.text.trim();
  return { address: childElement(inner, NS.addressing, 'Address')?.text.trim() ?? '', resourceUri, selectors };
}

/** Converts one property element into a value. */
export function elementToValue(el: XmlElement): WsmanValue {
  if (attributeValue(el, 'nil', NS.xsi) === 'true') return null;
  if (el.children.length === 0) return el.text;
  const only = el.children[0];
  if (el.children.length === 1 && only.ns === NS.cimCommon && CIM_WRAPPERS.has(only.name)) return only.text.trim();
  if (el.children.some((c) => c.ns === NS.addressing && (c.name === 'Address' || c.name === 'EndpointReference'))) {
    return readEndpointReference(el);
  }
  return elementToObject(el);
}

/**
 * Turns an element's children into an object keyed by local name. The container is matched by
 * namespace by the caller; children are taken by local name because some real replies put output
 * parameters in the default namespace.
 */
export function elementToObject(el: XmlElement): WsmanObject {
  const out: WsmanObject = {};
  for (const child of el.children) {
    const value = elementToValue(child);
    const prev = own(out, child.name);
    if (prev === undefined) setOwn(out, child.name, value);
    else if (Array.isArray(prev)) prev.push(value);
    else setOwn(out, child.name, [prev, value]);
  }
  return out;
}

function first(obj: WsmanObject, key: string): WsmanValue | undefined {
  const v = own(obj, key);
  return Array.isArray(v) ? v[0] : v;
}

/** A property as text, or undefined when absent, nil or not text. */
export function textProp(obj: WsmanObject, key: string): string | undefined {
  const v = first(obj, key);
  return typeof v === 'string' ? v : undefined;
}

function toInt(raw: string, key: string): number {
  const t = raw.trim();
  const n = Number(t);
  if (!/^-?\d+$/.test(t) || !Number.isSafeInteger(n)) {
    throw new OutbandError('wsman.bad-value', `The property ${key} is not an integer ("${t.slice(0, 40)}").`);
  }
  return n;
}

/** A property as an integer (within the safe range), or undefined when absent. */
export function intProp(obj: WsmanObject, key: string): number | undefined {
  const t = textProp(obj, key);
  return t === undefined || t.trim() === '' ? undefined : toInt(t, key);
}

/** A uint64 property as exact decimal text (never a lossy number), or undefined. */
export function uint64Prop(obj: WsmanObject, key: string): string | undefined {
  const t = textProp(obj, key)?.trim();
  if (t === undefined || t === '') return undefined;
  if (!/^\d+$/.test(t)) throw new OutbandError('wsman.bad-value', `The property ${key} is not an unsigned integer.`);
  return BigInt(t).toString();
}

/** A boolean property (`true`/`false`, any case), or undefined. */
export function boolProp(obj: WsmanObject, key: string): boolean | undefined {
  const t = textProp(obj, key)?.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/** A property that may repeat, as a list of texts (empty when absent). */
export function textListProp(obj: WsmanObject, key: string): string[] {
  const v = own(obj, key);
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

/** A property that may repeat, as a list of integers (empty when absent). */
export function intListProp(obj: WsmanObject, key: string): number[] {
  return textListProp(obj, key)
    .filter((t) => t.trim() !== '')
    .map((t) => toInt(t, key));
}

/** An EPR-valued property, or undefined. */
export function eprProp(obj: WsmanObject, key: string): EndpointReference | undefined {
  const v = first(obj, key);
  return isEndpointReference(v) ? v : undefined;
}
