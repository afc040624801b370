// Namespace URIs and resource URI helpers, as AMT firmware uses them (spec wsman-amt.md §2.1, §2.2).

export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  wsman: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  trust: 'http://schemas.xmlsoap.org/ws/2005/02/trust',
  wss: 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd',
  cimbinding: 'http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd',
  wsen: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
  wxf: 'http://schemas.xmlsoap.org/ws/2004/09/transfer',
  eventing: 'http://schemas.xmlsoap.org/ws/2004/08/eventing',
  common: 'http://schemas.dmtf.org/wbem/wscim/1/common',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  identity: 'http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd',
} as const;

export const ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';

export const ACTION = {
  get: `${NS.wxf}/Get`,
  put: `${NS.wxf}/Put`,
  create: `${NS.wxf}/Create`,
  delete: `${NS.wxf}/Delete`,
  enumerate: `${NS.wsen}/Enumerate`,
  pull: `${NS.wsen}/Pull`,
  release: `${NS.wsen}/Release`,
  addressingFault: `${NS.wsa}/fault`,
  wsmanFault: 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault',
  enumerationFault: `${NS.wsen}/fault`,
  transferFault: `${NS.wxf}/fault`,
} as const;

const SCHEMA_PREFIX: Record<string, string> = {
  AMT: 'http://intel.com/wbem/wscim/1/amt-schema/1/',
  CIM: 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/',
  IPS: 'http://intel.com/wbem/wscim/1/ips-schema/1/',
};

/** Full resource URI of a class, chosen by its AMT_/CIM_/IPS_ prefix. */
export function resourceUriOf(className: string): string {
  const base = SCHEMA_PREFIX[className.slice(0, 3)];
  if (base === undefined) throw new Error(`no schema for class ${className}`);
  return base + className;
}

/** Class name at the end of a resource URI (the part after the last slash). */
export function classNameOf(resourceUri: string): string {
  return resourceUri.slice(resourceUri.lastIndexOf('/') + 1);
}
