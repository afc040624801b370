import forge from 'node-forge';
import { hashesOfDer, type CertificateHashes } from './cert-hashes';
import { type LoadedCertificate } from './der';
import { keyBits } from './keys';
import { AMT_SETUP_OU, OID_AMT_CONSOLE, OID_AMT_SETUP, OID_SERVER_AUTH } from './oids';
import { attributeValues, formatSubject } from './subject';

/** What Outband shows about a certificate it keeps (zone CA, management certificate, chain). */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  keyBits: number;
  signatureAlgorithm: string;
  selfSigned: boolean;
  hashes: CertificateHashes;
}

/** How a certificate identifies itself to Intel AMT activation. */
export interface AmtMarks {
  /** Every OID in Extended Key Usage; null when the certificate has no EKU (any use allowed). */
  extKeyUsage: string[] | null;
  serverAuth: boolean;
  setupOid: boolean;
  consoleOid: boolean;
  setupOu: boolean;
  dnsNames: string[];
}

/** The name of a signature algorithm OID (`sha256WithRSAEncryption`), or the OID itself. */
export function signatureAlgorithmName(oid: string): string {
  const name = forge.pki.oids[oid];
  return typeof name === 'string' ? name : oid;
}

/** True when a certificate's issuer name is its own subject name. */
export function isSelfIssued(cert: forge.pki.Certificate): boolean {
  return cert.subject.hash === cert.issuer.hash;
}

/** The summary Outband shows for a certificate, hashes taken over its original DER. */
export function describeCertificate(loaded: LoadedCertificate): CertificateInfo {
  const { cert } = loaded;
  return {
    subject: formatSubject(cert.subject.attributes),
    issuer: formatSubject(cert.issuer.attributes),
    serialNumber: cert.serialNumber.toLowerCase(),
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: cert.validity.notAfter.toISOString(),
    keyBits: keyBits(cert.publicKey),
    signatureAlgorithm: signatureAlgorithmName(cert.signatureOid),
    selfSigned: isSelfIssued(cert),
    hashes: hashesOfDer(loaded.der),
  };
}

// Read the EKU OIDs from the extension bytes: forge only names the OIDs it knows.
function extKeyUsageOids(cert: forge.pki.Certificate): string[] | null {
  const ext = cert.getExtension('extKeyUsage') as { value?: string } | undefined;
  if (!ext || typeof ext.value !== 'string') return null;
  const seq = forge.asn1.fromDer(ext.value);
  const items = Array.isArray(seq.value) ? seq.value : [];
  return items.map((item) => forge.asn1.derToOid(item.value as string));
}

function dnsNamesOf(cert: forge.pki.Certificate): string[] {
  const ext = cert.getExtension('subjectAltName') as { altNames?: { type: number; value: string }[] } | undefined;
  return (ext?.altNames ?? []).filter((n) => n.type === 2).map((n) => n.value);
}

/** Reads the Intel AMT marks (EKU OIDs, OU, DNS names) of a certificate. */
export function amtMarks(cert: forge.pki.Certificate): AmtMarks {
  const eku = extKeyUsageOids(cert);
  return {
    extKeyUsage: eku,
    serverAuth: eku === null || eku.includes(OID_SERVER_AUTH),
    setupOid: eku?.includes(OID_AMT_SETUP) ?? false,
    consoleOid: eku?.includes(OID_AMT_CONSOLE) ?? false,
    setupOu: attributeValues(cert.subject.attributes, 'OU').includes(AMT_SETUP_OU),
    dnsNames: dnsNamesOf(cert),
  };
}
