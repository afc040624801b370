// What a device remembers about its activation: the admin credential (factory, active, and the
// one waiting for CommitChanges), the MEBx password, its certificate store, TLS settings and the
// clock offset. Plain data, so tests can read and change it through `sim.state`.
import { createHash } from 'node:crypto';

/** A digest credential as firmware keeps it: the user name and HA1 = MD5(user:realm:password), hex. */
export interface DigestCredential {
  user: string;
  ha1: string;
}

/** The admin account: what it was at the factory, what digest accepts now, what a commit applies. */
export interface AdminAccount {
  readonly factory: DigestCredential;
  active: DigestCredential;
  /** Set by SetAdminAclEntryEx in Setup mode; CommitChanges makes it active. */
  pending: DigestCredential | null;
}

/** A key pair made by GenerateKeyPair; the private key never leaves the device. */
export interface SimKeyPair {
  readonly instanceId: string;
  /** The public key as RSAPublicKey (PKCS#1) DER, which AMT_PublicPrivateKeyPair.DERKey shows. */
  readonly publicKeyDer: Buffer;
  readonly privateKeyPem: string;
}

/** A certificate in the device's store (AddCertificate / AddTrustedRootCertificate). */
export interface SimCertificate {
  readonly instanceId: string;
  readonly der: Buffer;
  readonly subject: string;
  readonly issuer: string;
  readonly trustedRoot: boolean;
  /** The key pair whose public key the certificate carries, or null. */
  readonly keyPairId: string | null;
}

/** One AMT_TLSSettingData instance. */
export interface TlsSetting {
  enabled: boolean;
  mutualAuthentication: boolean;
  acceptNonSecureConnections: boolean;
  trustedCn: string[];
}

/** The provisioning part of a device's state. */
export interface ProvisioningState {
  /** The PKI DNS suffix the connect-back certificate must match (null = use domainName). */
  pkiDnsSuffix: string | null;
  /** Seconds the device clock is ahead of the host clock (negative = behind). */
  clockOffsetS: number;
  /** Set by SetMEBxPassword; null = still the factory MEBx password. */
  mebxPassword: string | null;
  admin: AdminAccount;
  keyPairs: SimKeyPair[];
  certificates: SimCertificate[];
  /** Certificates linked to the TLS endpoint collection (AMT_TLSCredentialContext), by InstanceID. */
  tlsContexts: string[];
  tlsSettings: { remote: TlsSetting; local: TlsSetting };
  /**
   * The certificate the TLS listener serves since the last CommitChanges (with its key pair), or
   * null for the built-in identity every simulated device shares.
   */
  tlsServing: string | null;
  /** Next handle numbers for "Intel(r) AMT Key: Handle: N" and "Intel(r) AMT Certificate: Handle: N". */
  nextHandle: { key: number; certificate: number };
}

/** HA1 of a digest credential, lower-case hex. */
export function digestHa1(user: string, realm: string, password: string): string {
  return createHash('md5').update(`${user}:${realm}:${password}`).digest('hex');
}

/** The TLS settings of a factory-fresh device (values of the captured AMT_TLSSettingData pull). */
export function factoryTlsSettings(): { remote: TlsSetting; local: TlsSetting } {
  return {
    remote: { enabled: false, mutualAuthentication: false, acceptNonSecureConnections: false, trustedCn: [] },
    local: { enabled: false, mutualAuthentication: false, acceptNonSecureConnections: true, trustedCn: [] },
  };
}

/** The provisioning state of a new device. */
export function createProvisioningState(
  factory: DigestCredential,
  pkiDnsSuffix: string | null,
  clockOffsetS: number,
): ProvisioningState {
  return {
    pkiDnsSuffix,
    clockOffsetS,
    mebxPassword: null,
    admin: { factory: { ...factory }, active: { ...factory }, pending: null },
    keyPairs: [],
    certificates: [],
    tlsContexts: [],
    tlsSettings: factoryTlsSettings(),
    tlsServing: null,
    nextHandle: { key: 0, certificate: 0 },
  };
}
