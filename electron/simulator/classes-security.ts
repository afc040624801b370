// Certificate, key and TLS classes (provisioning.md §5.3 step 5), shaped after the captured
// AMT_PublicKeyCertificate and AMT_TLSSettingData pulls and the AMT_TLSCredentialContext pull.
import { resourceUriOf } from './namespaces';
import { serviceKeys } from './classes-platform';
import type { TlsSetting } from './provisioning-state';
import type { DeviceState } from './state';
import { epr, type Epr, type PropValue } from './xml-writer';

type Props = Record<string, PropValue>;

/** InstanceIDs (and ElementNames) of the two AMT_TLSSettingData instances. */
export const TLS_REMOTE_ID = 'Intel(r) AMT 802.3 TLS Settings';
export const TLS_LOCAL_ID = 'Intel(r) AMT LMS TLS Settings';
/** ElementName of the TLS endpoint collection, as firmware spells it. */
export const TLS_COLLECTION_NAME = 'TLSProtocolEndpoint Instances Collection';

/** A service singleton hosted on the AMT system. */
function service(className: string, name: string): Props {
  return {
    ...Object.fromEntries(serviceKeys(className, name)),
    ElementName: name,
    EnabledState: 5,
    RequestedState: 12,
  };
}

/** AMT_PublicKeyManagementService singleton. */
export function publicKeyManagementService(): Props[] {
  return [service('AMT_PublicKeyManagementService', 'Intel(r) AMT Public Key Management Service')];
}

/** AMT_AuthorizationService singleton. */
export function authorizationService(): Props[] {
  return [{ ...service('AMT_AuthorizationService', 'Intel(r) AMT Authorization Service'), AllowHttpQopAuthOnly: 1 }];
}

/** AMT_PublicPrivateKeyPair: one instance per generated key; DERKey is the PKCS#1 public key. */
export function publicPrivateKeyPairs(s: DeviceState): Props[] {
  return s.keyPairs.map((k) => ({
    DERKey: k.publicKeyDer.toString('base64'),
    ElementName: 'Intel(r) AMT Key',
    InstanceID: k.instanceId,
  }));
}

/** AMT_PublicKeyCertificate: the certificates in the store. */
export function publicKeyCertificates(s: DeviceState): Props[] {
  return s.certificates.map((c) => ({
    ElementName: 'Intel(r) AMT Certificate',
    InstanceID: c.instanceId,
    Issuer: c.issuer,
    ReadOnlyCertificate: false,
    Subject: c.subject,
    // Sic: the firmware's property name.
    TrustedRootCertficate: c.trustedRoot,
    X509Certificate: c.der.toString('base64'),
  }));
}

/** The EPR of the TLS endpoint collection, ElementProvidingContext of every TLS context. */
export function tlsCollectionEpr(): Epr {
  return epr(resourceUriOf('AMT_TLSProtocolEndpointCollection'), [['ElementName', TLS_COLLECTION_NAME]]);
}

/** The EPR of a certificate in the store. */
export function certificateEpr(instanceId: string): Epr {
  return epr(resourceUriOf('AMT_PublicKeyCertificate'), [['InstanceID', instanceId]]);
}

/** AMT_TLSCredentialContext: which certificate the TLS endpoints use. */
export function tlsCredentialContexts(s: DeviceState): Props[] {
  return s.tlsContexts.map((id) => ({
    ElementInContext: certificateEpr(id),
    ElementProvidingContext: tlsCollectionEpr(),
  }));
}

/** AMT_TLSProtocolEndpointCollection singleton. */
export function tlsEndpointCollection(): Props[] {
  return [{ ElementName: TLS_COLLECTION_NAME }];
}

function tlsSetting(id: string, t: TlsSetting): Props {
  const props: Props = {
    AcceptNonSecureConnections: t.acceptNonSecureConnections,
    ElementName: id,
    Enabled: t.enabled,
    InstanceID: id,
    MutualAuthentication: t.mutualAuthentication,
  };
  if (t.trustedCn.length > 0) props.TrustedCN = [...t.trustedCn];
  return props;
}

/** AMT_TLSSettingData: the network (802.3) instance, then the local (LMS) one. */
export function tlsSettingData(s: DeviceState): Props[] {
  return [tlsSetting(TLS_REMOTE_ID, s.tlsSettings.remote), tlsSetting(TLS_LOCAL_ID, s.tlsSettings.local)];
}
