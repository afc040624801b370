import forge from 'node-forge';
import { OutbandError } from '../../shared/errors';
import { buildZoneCaCertificate } from './builders';
import { describeCertificate, type CertificateInfo } from './cert-info';
import type { CertStore } from './cert-store';
import { certificateToDer, derToPem, type LoadedCertificate } from './der';
import { generateRsaKey } from './keys';
import { sweepKeys } from './key-sweep';
import { parseSubject } from './subject';

/** Choices when creating the zone root CA. */
export interface ZoneCaOptions {
  /** Subject such as `CN=Outband Zone CA,O=Example` (default `CN=Outband Zone Root CA, O=Outband`). */
  subject?: string;
  /** RSA key size (default 3072). */
  keySize?: number;
  /** Validity in years (default 20). */
  validityYears?: number;
}

/** Default subject of a new zone root CA. */
export const DEFAULT_ZONE_CA_SUBJECT = 'CN=Outband Zone Root CA,O=Outband';
/** Default RSA key size of the zone CA. */
export const DEFAULT_ZONE_CA_KEY_SIZE = 3072;
/** Default validity of the zone CA in years. */
export const DEFAULT_ZONE_CA_YEARS = 20;

/** The zone CA certificate, or null when none was created. */
export async function readZoneCa(store: CertStore): Promise<LoadedCertificate | null> {
  const [ca] = await store.readCertificates('zoneCaCert');
  return ca ?? null;
}

/** The zone CA certificate; throws `certs.no-zone-ca` when none was created. */
export async function requireZoneCa(store: CertStore): Promise<LoadedCertificate> {
  const ca = await readZoneCa(store);
  if (!ca) {
    throw new OutbandError(
      'certs.no-zone-ca',
      'There is no zone root CA yet; create it first (outband cert ca create).',
    );
  }
  return ca;
}

/** The zone CA's private key, decrypted with its passphrase from the keychain. */
export async function loadZoneCaKey(store: CertStore, ca: LoadedCertificate): Promise<forge.pki.rsa.PrivateKey> {
  return store.loadKey('zoneCa', ca.cert.publicKey, 'zone root CA');
}

/** Creates the zone root CA: key (encrypted, passphrase in keychain) and self-signed certificate. */
export async function createZoneCa(store: CertStore, options: ZoneCaOptions, now: Date): Promise<CertificateInfo> {
  const subject = parseSubject(options.subject ?? DEFAULT_ZONE_CA_SUBJECT);
  const years = options.validityYears ?? DEFAULT_ZONE_CA_YEARS;
  if (!Number.isInteger(years) || years < 1 || years > 50) {
    throw new OutbandError('certs.bad-validity', `A validity of ${years} years is not allowed; choose 1 to 50.`);
  }
  const key = await generateRsaKey(options.keySize ?? DEFAULT_ZONE_CA_KEY_SIZE);
  const cert = buildZoneCaCertificate({ key, subject, validityYears: years, now });
  const previous = await readZoneCa(store);
  await store.saveKey('zoneCa', key);
  // The commit: until the certificate is replaced, the old certificate and its key stay a working pair.
  await store.write('zoneCaCert', forge.pki.certificateToPem(cert));
  await sweepKeys(store, previous ? [{ role: 'zone-ca-key', publicKey: previous.cert.publicKey }] : []);
  return describeCertificate({ cert, der: certificateToDer(cert) });
}

/** Removes the zone CA files and its keychain entry; true when there was one. */
export async function deleteZoneCa(store: CertStore): Promise<boolean> {
  const ca = await readZoneCa(store);
  if (!ca) return false;
  await store.remove('zoneCaCert');
  await sweepKeys(store, [{ role: 'zone-ca-key', publicKey: ca.cert.publicKey }]);
  return true;
}

/** The zone CA certificate as PEM text or DER bytes. */
export async function exportZoneCa(store: CertStore, format: 'pem' | 'der'): Promise<Buffer> {
  const ca = await requireZoneCa(store);
  return format === 'der' ? ca.der : Buffer.from(derToPem(ca.der), 'utf8');
}
