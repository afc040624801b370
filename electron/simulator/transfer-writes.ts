// WS-Transfer Put, Create and Delete for the TLS classes: AMT_TLSSettingData (Put), and
// AMT_TLSCredentialContext, AMT_PublicKeyCertificate, AMT_PublicPrivateKeyPair (Create/Delete).
import { createTlsContext, deleteCertificate, deleteKeyPair, deleteTlsContext } from './cert-store';
import { TLS_COLLECTION_NAME, TLS_LOCAL_ID, TLS_REMOTE_ID, certificateEpr, tlsCollectionEpr } from './classes-security';
import { ACCESS_DENIED, ALREADY_EXISTS, INVALID_REPRESENTATION, INVALID_SELECTORS, type HttpFault } from './faults';
import { classNameOf, resourceUriOf } from './namespaces';
import type { TlsSetting } from './provisioning-state';
import { childOf, childrenOf, readEpr, textOf, type WsmanRequest, type XmlNode } from './request';
import type { DeviceState } from './state';
import { epr, type Epr } from './xml-writer';

/** xs:boolean text: true/false/1/0; null for anything else. */
function readBoolean(text: string): boolean | null {
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return null;
}

/**
 * Put of one AMT_TLSSettingData instance (chosen by the InstanceID selector, else the body's).
 * Enabled, MutualAuthentication, AcceptNonSecureConnections and TrustedCN are written; the rest is
 * read-only and ignored. Enabling the network instance needs a TLS credential context. The new
 * values take effect on the listener at the next CommitChanges. Returns the InstanceID written.
 */
export function putTlsSetting(state: DeviceState, req: WsmanRequest): string | HttpFault {
  if (req.bodyRoot !== 'AMT_TLSSettingData') return INVALID_REPRESENTATION;
  const body = req.bodyContent ?? undefined;
  const id = req.selectors.get('InstanceID') ?? textOf(childOf(body, 'InstanceID')).trim();
  if (id !== TLS_REMOTE_ID && id !== TLS_LOCAL_ID) return INVALID_SELECTORS;
  const current = id === TLS_REMOTE_ID ? state.tlsSettings.remote : state.tlsSettings.local;
  const next: TlsSetting = { ...current, trustedCn: [] };
  const flags = {
    Enabled: 'enabled',
    MutualAuthentication: 'mutualAuthentication',
    AcceptNonSecureConnections: 'acceptNonSecureConnections',
  } as const;
  for (const [name, node] of childrenOf(body)) {
    if (name === 'TrustedCN') {
      next.trustedCn = (Array.isArray(node) ? node : [node]).map((n) => textOf(n).trim()).filter((t) => t !== '');
      continue;
    }
    if (!(name in flags)) continue;
    const value = readBoolean(textOf(node).trim());
    if (value === null) return INVALID_REPRESENTATION;
    next[flags[name as keyof typeof flags]] = value;
  }
  // TLS on the network interface needs a certificate with a device key (a credential context).
  if (id === TLS_REMOTE_ID && next.enabled && !current.enabled && state.tlsContexts.length === 0) {
    return INVALID_REPRESENTATION;
  }
  if (id === TLS_REMOTE_ID) state.tlsSettings.remote = next;
  else state.tlsSettings.local = next;
  return id;
}

/** The TLS endpoint collection's name, with or without the space clients sometimes leave out. */
function isTlsCollection(node: XmlNode | XmlNode[] | undefined): boolean {
  const ref = readEpr(node);
  const name = ref?.selectors.get('ElementName') ?? '';
  return (
    ref !== null &&
    classNameOf(ref.resourceUri) === 'AMT_TLSProtocolEndpointCollection' &&
    name.replace(/\s+/g, '') === TLS_COLLECTION_NAME.replace(/\s+/g, '')
  );
}

/** The InstanceID of the AMT_PublicKeyCertificate an EPR points at, or null. */
function certificateIdOf(node: XmlNode | XmlNode[] | undefined): string | null {
  const ref = readEpr(node);
  if (ref === null || classNameOf(ref.resourceUri) !== 'AMT_PublicKeyCertificate') return null;
  return ref.selectors.get('InstanceID') ?? null;
}

/** The EPR of a TLS credential context, keyed by its two references. */
export function tlsContextEpr(certificateId: string): Epr {
  return epr(resourceUriOf('AMT_TLSCredentialContext'), [
    ['ElementInContext', certificateEpr(certificateId)],
    ['ElementProvidingContext', tlsCollectionEpr()],
  ]);
}

/**
 * Create of AMT_TLSCredentialContext: ElementInContext names a certificate that has a device key
 * pair, ElementProvidingContext the TLS endpoint collection. Returns the ResourceCreated EPR.
 */
export function createTlsCredentialContext(state: DeviceState, req: WsmanRequest): Epr | HttpFault {
  if (req.bodyRoot !== 'AMT_TLSCredentialContext') return INVALID_REPRESENTATION;
  const body = req.bodyContent ?? undefined;
  const certificateId = certificateIdOf(childOf(body, 'ElementInContext'));
  if (certificateId === null || !isTlsCollection(childOf(body, 'ElementProvidingContext'))) {
    return INVALID_REPRESENTATION;
  }
  const refusal = createTlsContext(state, certificateId);
  if (refusal === 'exists') return ALREADY_EXISTS;
  if (refusal !== null) return INVALID_REPRESENTATION;
  return tlsContextEpr(certificateId);
}

/**
 * Delete of a context, certificate or key pair. A context is named by its ElementInContext
 * reference (or, leniently, by the certificate's InstanceID as a text selector). A certificate or
 * key still used for TLS cannot be deleted. Returns null when the instance is gone.
 */
export function deleteInstance(state: DeviceState, className: string, req: WsmanRequest): HttpFault | null {
  if (className === 'AMT_TLSCredentialContext') {
    const inContext = req.eprSelectors.get('ElementInContext');
    const id = inContext?.selectors.get('InstanceID') ?? req.selectors.get('InstanceID');
    return id !== undefined && deleteTlsContext(state, id) ? null : INVALID_SELECTORS;
  }
  const id = req.selectors.get('InstanceID');
  if (id === undefined) return INVALID_SELECTORS;
  const outcome = className === 'AMT_PublicKeyCertificate' ? deleteCertificate(state, id) : deleteKeyPair(state, id);
  if (outcome === 'missing') return INVALID_SELECTORS;
  return outcome === 'in-use' ? ACCESS_DENIED : null;
}
