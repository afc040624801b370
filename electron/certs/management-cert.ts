import forge from 'node-forge';
import { OutbandError } from '../../shared/errors';
import { missingStrengthRules } from '../../shared/passphrase-strength';
import { buildManagementCertificate, normaliseFqdn } from './builders';
import { amtMarks, describeCertificate, isSelfIssued, type AmtMarks, type CertificateInfo } from './cert-info';
import type { CertStore } from './cert-store';
import { derToPem, fromForgeBytes, type LoadedCertificate } from './der';
import { signedBy } from './import-check';
import { generateRsaKey } from './keys';
import { sweepKeys } from './key-sweep';
import { loadZoneCaKey, readZoneCa, requireZoneCa } from './zone-ca';

/** Choices when the zone CA issues the Intel AMT management certificate. */
export interface ManagementCertOptions {
  /** The provisioning server's fully qualified domain name; becomes CN and dNSName. */
  fqdn: string;
  /** Also put the console OID 2.16.840.1.113741.1.2.1 in Extended Key Usage. */
  consoleOid?: boolean;
  /** RSA key size (default 2048, what every AMT generation accepts). */
  keySize?: number;
  /** Validity in days (default 730). */
  validityDays?: number;
}

/** The management certificate Outband holds, how it identifies itself to AMT, and its chain. */
export interface ManagementStatus {
  certificate: CertificateInfo;
  /** `zone-ca` when our zone CA issued it, else `external` (imported from a CSR). */
  source: 'zone-ca' | 'external';
  fqdn: string | null;
  marks: AmtMarks;
  /** Issuers above the certificate, nearest first (the root last when known). */
  chain: CertificateInfo[];
  /** The root whose hash goes into the AMT device, or null when the chain is incomplete. */
  root: CertificateInfo | null;
}

/** Default management certificate key size. */
export const DEFAULT_MGMT_KEY_SIZE = 2048;
/** Default management certificate validity in days. */
export const DEFAULT_MGMT_VALIDITY_DAYS = 730;

/** The management certificate and its stored chain, or null when there is none. */
export async function readManagement(
  store: CertStore,
): Promise<{ leaf: LoadedCertificate; chain: LoadedCertificate[] } | null> {
  const [leaf, ...issuers] = await store.readCertificates('mgmtCert');
  if (!leaf) return null;
  if (issuers.length > 0) return { leaf, chain: issuers };
  // The older layout kept the chain in a file of its own; it counts only while it issued this leaf.
  const legacy = await store.readCertificates('legacyMgmtChain');
  return { leaf, chain: legacy[0] && signedBy(legacy[0].cert, leaf.cert) ? legacy : [] };
}

/** The management certificate followed by its issuers: one file, so one atomic write replaces both. */
function managementPem(leaf: forge.pki.Certificate | Buffer, issuers: readonly Buffer[]): string {
  const first = Buffer.isBuffer(leaf) ? derToPem(leaf) : forge.pki.certificateToPem(leaf);
  return first + issuers.map((der) => derToPem(der)).join('');
}

/**
 * Replaces the management certificate and chain in one write (the commit), then drops the older
 * layout's chain file and the keys nothing uses any more.
 */
export async function commitManagement(
  store: CertStore,
  leaf: forge.pki.Certificate | Buffer,
  issuers: readonly Buffer[],
  previous: LoadedCertificate | null,
): Promise<void> {
  await store.write('mgmtCert', managementPem(leaf, issuers));
  await store.remove('legacyMgmtChain');
  await sweepKeys(store, previous ? [{ role: 'mgmt-cert-key', publicKey: previous.cert.publicKey }] : []);
}

/** Describes the management certificate, or null when there is none. */
export async function managementStatus(store: CertStore): Promise<ManagementStatus | null> {
  const held = await readManagement(store);
  if (!held) return null;
  const ca = await readZoneCa(store);
  const fromZone = ca !== null && ca.der.equals(held.chain[0]?.der ?? Buffer.alloc(0));
  const last = held.chain[held.chain.length - 1];
  const root = last && isSelfIssued(last.cert) ? last : null;
  const marks = amtMarks(held.leaf.cert);
  const cn = held.leaf.cert.subject.getField('CN') as forge.pki.CertificateField | null;
  return {
    certificate: describeCertificate(held.leaf),
    source: fromZone ? 'zone-ca' : 'external',
    fqdn: typeof cn?.value === 'string' ? cn.value : (marks.dnsNames[0] ?? null),
    marks,
    chain: held.chain.map(describeCertificate),
    root: root ? describeCertificate(root) : null,
  };
}

function checkValidityDays(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new OutbandError('certs.bad-validity', `A validity of ${days} days is not allowed; choose 1 to 3650.`);
  }
}

/** Issues the management certificate from the zone CA; its key is encrypted with a keychain passphrase. */
export async function createManagementCertificate(
  store: CertStore,
  options: ManagementCertOptions,
  now: Date,
): Promise<ManagementStatus> {
  const fqdn = normaliseFqdn(options.fqdn);
  const validityDays = options.validityDays ?? DEFAULT_MGMT_VALIDITY_DAYS;
  checkValidityDays(validityDays);
  const ca = await requireZoneCa(store);
  const caKey = await loadZoneCaKey(store, ca);
  const key = await generateRsaKey(options.keySize ?? DEFAULT_MGMT_KEY_SIZE);
  const publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  const cert = buildManagementCertificate({
    caCert: ca.cert,
    caKey,
    publicKey,
    fqdn,
    consoleOid: options.consoleOid ?? false,
    validityDays,
    now,
  });
  const previous = await readManagement(store);
  await store.saveKey('mgmt', key);
  await commitManagement(store, cert, [ca.der], previous?.leaf ?? null);
  const status = await managementStatus(store);
  if (!status) throw new OutbandError('internal', 'The management certificate was written but cannot be read back.');
  return status;
}

/** Removes the management certificate, its chain, its key and the key's keychain entry. */
export async function deleteManagementCertificate(store: CertStore): Promise<boolean> {
  const held = await readManagement(store);
  if (!held) return false;
  await store.remove('mgmtCert');
  await store.remove('legacyMgmtChain');
  await sweepKeys(store, [{ role: 'mgmt-cert-key', publicKey: held.leaf.cert.publicKey }]);
  return true;
}

/** How to export the management certificate. */
export type ManagementExport = { format: 'pem' } | { format: 'der' } | { format: 'pfx'; passphrase: string };

async function requireManagement(store: CertStore): Promise<{ leaf: LoadedCertificate; chain: LoadedCertificate[] }> {
  const held = await readManagement(store);
  if (!held) {
    throw new OutbandError(
      'certs.no-mgmt-cert',
      'There is no Intel AMT management certificate; create one (outband cert mgmt create) or import one.',
    );
  }
  return held;
}

/** The management certificate as PEM (with its chain), DER (the certificate alone) or PKCS#12 with its key. */
export async function exportManagementCertificate(store: CertStore, how: ManagementExport): Promise<Buffer> {
  const held = await requireManagement(store);
  if (how.format === 'der') return held.leaf.der;
  const all = [held.leaf, ...held.chain];
  if (how.format === 'pem') return Buffer.from(all.map((c) => derToPem(c.der)).join(''), 'utf8');
  const missing = missingStrengthRules(how.passphrase);
  if (missing !== '') {
    throw new OutbandError(
      'certs.weak-passphrase',
      `The PFX passphrase is too weak: it needs ${missing}. It protects the private key, so choose a stronger one.`,
    );
  }
  const key = await store.loadKey('mgmt', held.leaf.cert.publicKey, 'management certificate');
  const p12 = forge.pkcs12.toPkcs12Asn1(
    key,
    all.map((c) => c.cert),
    how.passphrase,
    { algorithm: 'aes256', generateLocalKeyId: true, friendlyName: 'Intel AMT Management Certificate' },
  );
  return fromForgeBytes(forge.asn1.toDer(p12).getBytes());
}
