import forge from 'node-forge';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { OutbandError } from '../../shared/errors';
import { writeFileAtomic } from '../store/atomic-file';
import { buildCsr, normaliseFqdn } from './builders';
import type { CertStore } from './cert-store';
import { loadCertificates } from './der';
import { checkImportedCertificate, type CertWarning } from './import-check';
import { generateRsaKey, samePublicKey } from './keys';
import { sweepKeys } from './key-sweep';
import { commitManagement, managementStatus, readManagement, type ManagementStatus } from './management-cert';
import { AMT_SETUP_OU } from './oids';
import { checkAttribute, formatSubject, type NameAttribute } from './subject';
import { readZoneCa } from './zone-ca';

/** The fields of `zman iamt-create-csr`, for a management certificate signed by an external CA. */
export interface CsrFields {
  /** The CA may mint certificates for AMT devices (requests CA:true). */
  isCA?: boolean;
  /** Key type: `rsa-2048` (default), `rsa-3072` or `rsa-4096`. */
  type?: string;
  country: string;
  state: string;
  organization: string;
  /** An OU of your own; the Intel setup OU is always added as well. */
  organizationalUnit?: string;
  /** The provisioning server FQDN (default: this computer's host name). */
  commonName?: string;
  /** Also write `<commonName>.csr` into this folder. */
  destinationFolder?: string;
  /** Also request the console OID 2.16.840.1.113741.1.2.1. */
  consoleOid?: boolean;
}

/** A new CSR: its PEM text, subject, where it was written, and anything to watch out for. */
export interface CsrResult {
  pem: string;
  subject: string;
  keyBits: number;
  file: string | null;
  warnings: CertWarning[];
}

/** What an import did: the management certificate now held, and warnings about it. */
export interface ImportResult {
  management: ManagementStatus;
  warnings: CertWarning[];
}

function keySizeOf(type: string | undefined): number {
  const m = /^rsa-?(\d+)$/i.exec(type ?? 'rsa-2048');
  if (!m)
    throw new OutbandError(
      'certs.bad-key-type',
      `Key type "${type}" is not supported; use rsa-2048, rsa-3072 or rsa-4096.`,
    );
  return Number(m[1]);
}

function requiredText(label: string, value: string | undefined): string {
  const text = (value ?? '').trim();
  if (!text) throw new OutbandError('certs.bad-subject', `The ${label} is required.`);
  return text;
}

function csrSubject(fields: CsrFields, commonName: string): NameAttribute[] {
  const subject: NameAttribute[] = [
    { shortName: 'C', value: requiredText('country', fields.country).toUpperCase() },
    { shortName: 'ST', value: requiredText('state', fields.state) },
    { shortName: 'O', value: requiredText('organization', fields.organization) },
  ];
  const ou = fields.organizationalUnit?.trim();
  if (ou && ou !== AMT_SETUP_OU) subject.push({ shortName: 'OU', value: ou });
  subject.push({ shortName: 'OU', value: AMT_SETUP_OU }, { shortName: 'CN', value: commonName });
  for (const a of subject) checkAttribute(a.shortName, a.value);
  return subject;
}

function dnsNameOrNull(name: string): string | null {
  try {
    return normaliseFqdn(name);
  } catch {
    return null;
  }
}

async function pendingPublicKey(store: CertStore): Promise<forge.pki.PublicKey | null> {
  const pem = await store.readText('pendingCsr');
  return pem === null ? null : forge.pki.certificationRequestFromPem(pem).publicKey;
}

/** Creates a key (encrypted, passphrase in keychain) and a CSR carrying the AMT EKU and OU; replaces a pending one. */
export async function createCsr(store: CertStore, fields: CsrFields): Promise<CsrResult> {
  const commonName = (fields.commonName ?? hostname()).trim();
  const subject = csrSubject(fields, commonName);
  const dnsName = dnsNameOrNull(commonName);
  const warnings: CertWarning[] = [];
  if (!dnsName) {
    warnings.push({
      code: 'certs.cn-not-fqdn',
      message: `The common name "${commonName}" is not a fully qualified domain name; AMT matches the provisioning server's FQDN.`,
    });
  }
  const key = await generateRsaKey(keySizeOf(fields.type));
  const csr = buildCsr({ key, subject, isCA: fields.isCA ?? false, dnsName, consoleOid: fields.consoleOid ?? false });
  const pem = forge.pki.certificationRequestToPem(csr);
  const previous = await pendingPublicKey(store);
  await store.saveKey('pending', key);
  // The commit: until the CSR is replaced, the old CSR and its key stay a working pair.
  await store.write('pendingCsr', pem);
  await sweepKeys(store, previous ? [{ role: 'mgmt-cert-key', publicKey: previous }] : []);
  let file: string | null = null;
  if (fields.destinationFolder) {
    file = join(fields.destinationFolder, `${commonName.replace(/[^A-Za-z0-9._-]/g, '_')}.csr`);
    await writeFileAtomic(file, pem, { mode: 0o644 });
  }
  return { pem, subject: formatSubject(subject), keyBits: key.n.bitLength(), file, warnings };
}

/** The pending CSR's PEM text, or null when none is waiting for its certificate. */
export async function pendingCsr(store: CertStore): Promise<string | null> {
  return store.readText('pendingCsr');
}

/** Drops the pending CSR, its key file and its keychain entry; true when there was one. */
export async function discardCsr(store: CertStore): Promise<boolean> {
  const key = await pendingPublicKey(store);
  if (!key) return false;
  await store.remove('pendingCsr');
  await sweepKeys(store, [{ role: 'mgmt-cert-key', publicKey: key }]);
  return true;
}

/**
 * Imports the certificate an external CA issued for our CSR (DER, PEM or PKCS#7, chain optional),
 * after checking key, AMT marks, chain and validity; it becomes the management certificate.
 */
export async function importSignedCertificate(
  store: CertStore,
  data: string | Uint8Array,
  now: Date,
): Promise<ImportResult> {
  const certs = loadCertificates(data);
  const pendingKey = await pendingPublicKey(store);
  const current = await readManagement(store);
  const keys = [pendingKey, current?.leaf.cert.publicKey ?? null].filter((k): k is forge.pki.PublicKey => k !== null);
  if (keys.length === 0) {
    throw new OutbandError(
      'certs.no-pending-csr',
      'There is no certificate request waiting for its certificate; create a CSR first (outband cert csr).',
    );
  }
  const zoneCa = await readZoneCa(store);
  const checked = checkImportedCertificate(certs, { keys, anchors: zoneCa ? [zoneCa] : [], now });
  const fromPending = pendingKey !== null && samePublicKey(keys[checked.keyIndex], pendingKey);
  if (fromPending) {
    // Before the commit: the pending key must open, and have its own file (older folders kept it
    // as pending.key.pem), so the management certificate never lands without its key.
    await store.loadKey('pending', pendingKey, 'pending certificate request');
    await store.ensureKeyFile('pending', pendingKey, 'pending certificate request');
  }
  // The commit; the CSR goes after it, so a crash in between still leaves a usable certificate.
  const issuers = checked.issuers.map((c) => c.der);
  await commitManagement(store, checked.leaf.der, issuers, current?.leaf ?? null);
  if (fromPending) await store.remove('pendingCsr');
  const management = await managementStatus(store);
  if (!management) throw new OutbandError('internal', 'The imported certificate was written but cannot be read back.');
  return { management, warnings: checked.warnings };
}
