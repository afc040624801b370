/** Namespace URIs of the WS-Management stack as AMT uses it (wsman-amt.md §2.1). */
export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  addressing: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  wsman: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  transfer: 'http://schemas.xmlsoap.org/ws/2004/09/transfer',
  enumeration: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
  eventing: 'http://schemas.xmlsoap.org/ws/2004/08/eventing',
  cimBinding: 'http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd',
  cimCommon: 'http://schemas.dmtf.org/wbem/wscim/1/common',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

/** The anonymous reply address used in EPRs. */
export const ANONYMOUS_ADDRESS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';

// Class prefixes and their schema bases, as a fixed list (read on every reply, so no per-call allocation).
const RESOURCE_PREFIX: readonly (readonly [string, string])[] = [
  ['AMT_', 'http://intel.com/wbem/wscim/1/amt-schema/1/'],
  ['CIM_', 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/'],
  ['IPS_', 'http://intel.com/wbem/wscim/1/ips-schema/1/'],
];

/** The resource URI of an AMT_/CIM_/IPS_ class; also the namespace of its elements in a body. */
export function resourceUriFor(className: string): string {
  for (const [prefix, base] of RESOURCE_PREFIX) {
    if (className.startsWith(prefix)) return base + className;
  }
  if (/^https?:\/\//.test(className)) return className;
  throw new Error(`Unknown WS-Man class prefix: ${className}`);
}

/** The class name at the end of a resource URI. */
export function classNameOf(resourceUri: string): string {
  return resourceUri.slice(resourceUri.lastIndexOf('/') + 1);
}
