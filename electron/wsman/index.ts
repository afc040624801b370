/**
 * The WS-Man client (wsman-amt.md §1–2). Public surface: WsmanClient for one device, the Limiter
 * shared across devices, reply readers, value accessors and the envelope helpers the library lacks.
 */
export { WsmanClient, type WsmanClientOptions, type CallOptions } from './client';
export { Limiter } from './limiter';
export { normalizeFingerprint, fingerprintOfDer, type TlsOptions } from './connector';
export type { TransportOptions } from './transport';
export { NS, ANONYMOUS_ADDRESS, resourceUriFor, classNameOf } from './namespaces';
export {
  parseResponse,
  readFault,
  faultError,
  readInstance,
  readEnumerationPage,
  itemsOfClass,
  readMethodOutput,
  expectMethodSuccess,
  type WsmanResponse,
  type WsmanFault,
  type MethodOutput,
} from './response';
export { PT_STATUS, returnValueName, returnValueError, isSuccessReturn } from './return-codes';
export {
  textProp,
  intProp,
  uint64Prop,
  boolProp,
  textListProp,
  intListProp,
  eprProp,
  isEndpointReference,
  type WsmanObject,
  type WsmanValue,
  type EndpointReference,
} from './values';
export { buildGet, buildEnumerate, buildPull, buildEnvelope, escapeForLibrary, textPropertiesOf } from './envelope';
