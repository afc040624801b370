import forge from 'node-forge';
import { randomBytes } from 'node:crypto';
import { OutbandError } from '../../shared/errors';
import { AMT_SETUP_OU, OID_AMT_CONSOLE, OID_AMT_SETUP } from './oids';
import { publicKeyOf } from './keys';
import type { NameAttribute } from './subject';

const DAY_MS = 24 * 60 * 60 * 1000;
// Backdate notBefore: AMT clocks are often a few hours off (local time kept as UTC).
const BACKDATE_MS = DAY_MS;

/** A positive, minimally encoded 128-bit serial number as forge wants it (hex). */
export function newSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x01;
  return bytes.toString('hex');
}

/** Checks and lower-cases a provisioning server FQDN; throws `certs.bad-fqdn`. */
export function normaliseFqdn(fqdn: string): string {
  const name = fqdn.trim().replace(/\.$/, '').toLowerCase();
  const labels = name.split('.');
  const labelOk = (l: string) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(l);
  if (name.length === 0 || name.length > 253 || labels.length < 2 || !labels.every(labelOk)) {
    throw new OutbandError(
      'certs.bad-fqdn',
      `"${fqdn}" is not a fully qualified domain name (like provision.example.com); AMT matches ` +
        'its domain suffix against the device, so it needs at least one dot.',
    );
  }
  return name;
}

/** Options for the zone root CA certificate. */
export interface ZoneCaSpec {
  key: forge.pki.rsa.PrivateKey;
  subject: NameAttribute[];
  validityYears: number;
  now: Date;
}

/** A self-signed root CA certificate (SHA-256, CA:true, keyCertSign + cRLSign). */
export function buildZoneCaCertificate(spec: ZoneCaSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKeyOf(spec.key);
  cert.serialNumber = newSerialNumber();
  cert.validity.notBefore = new Date(spec.now.getTime() - BACKDATE_MS);
  const notAfter = new Date(spec.now.getTime());
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + spec.validityYears);
  cert.validity.notAfter = notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(spec.key, forge.md.sha256.create());
  return cert;
}

/** Options for the Intel AMT management (provisioning) certificate issued by the zone CA. */
export interface ManagementCertSpec {
  caCert: forge.pki.Certificate;
  caKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  fqdn: string;
  consoleOid: boolean;
  validityDays: number;
  now: Date;
}

/** The EKU extension AMT looks for: serverAuth + setup OID, optionally the console OID. */
export function amtExtKeyUsage(consoleOid: boolean): Record<string, unknown> {
  const eku: Record<string, unknown> = { name: 'extKeyUsage', serverAuth: true, [OID_AMT_SETUP]: true };
  if (consoleOid) eku[OID_AMT_CONSOLE] = true;
  return eku;
}

/** Subject of a management certificate: the CA's O (if any), the Intel OU, CN = FQDN. */
function managementSubject(caCert: forge.pki.Certificate, fqdn: string): NameAttribute[] {
  const org = caCert.subject.getField('O') as forge.pki.CertificateField | null;
  const subject: NameAttribute[] = [];
  if (org && typeof org.value === 'string') subject.push({ shortName: 'O', value: org.value });
  subject.push({ shortName: 'OU', value: AMT_SETUP_OU }, { shortName: 'CN', value: fqdn });
  return subject;
}

/** The Intel AMT management certificate, signed by the zone CA with SHA-256. */
export function buildManagementCertificate(spec: ManagementCertSpec): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = spec.publicKey;
  cert.serialNumber = newSerialNumber();
  cert.validity.notBefore = new Date(spec.now.getTime() - BACKDATE_MS);
  cert.validity.notAfter = new Date(spec.now.getTime() + spec.validityDays * DAY_MS);
  cert.setSubject(managementSubject(spec.caCert, spec.fqdn));
  cert.setIssuer(spec.caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    amtExtKeyUsage(spec.consoleOid),
    { name: 'subjectAltName', altNames: [{ type: 2, value: spec.fqdn }] },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: spec.caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(spec.caKey, forge.md.sha256.create());
  return cert;
}

/** Options for a CSR to send to an external CA. */
export interface CsrSpec {
  key: forge.pki.rsa.PrivateKey;
  subject: NameAttribute[];
  isCA: boolean;
  dnsName: string | null;
  consoleOid: boolean;
}

/** A SHA-256 signed PKCS#10 request whose extensionRequest carries the AMT EKU (and CA flag if asked). */
export function buildCsr(spec: CsrSpec): forge.pki.CertificateSigningRequest {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = publicKeyOf(spec.key);
  csr.setSubject(spec.subject);
  const extensions: Record<string, unknown>[] = [
    { name: 'basicConstraints', cA: spec.isCA, critical: spec.isCA },
    spec.isCA
      ? { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, cRLSign: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    amtExtKeyUsage(spec.consoleOid),
  ];
  if (spec.dnsName) extensions.push({ name: 'subjectAltName', altNames: [{ type: 2, value: spec.dnsName }] });
  csr.setAttributes([{ name: 'extensionRequest', extensions }]);
  csr.sign(spec.key, forge.md.sha256.create());
  return csr;
}
