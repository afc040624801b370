import { createHash, X509Certificate } from 'node:crypto';
import { OutbandError } from '../../shared/errors';
import { HASH_ALGORITHMS, describeHash, type DescribedHash, type HashAlgorithm } from '../../shared/hash';
import { firstCertificateDer, loadCertificates } from './der';

/** A certificate's hash under every algorithm AMT or the seed uses, each in every display form. */
export type CertificateHashes = Record<HashAlgorithm, DescribedHash>;

/** MD5, SHA-1, SHA-256 and SHA-384 of DER bytes, in every form. */
export function hashesOfDer(der: Uint8Array): CertificateHashes {
  const out = {} as CertificateHashes;
  for (const algorithm of HASH_ALGORITHMS) {
    out[algorithm] = describeHash(algorithm, createHash(algorithm).update(der).digest());
  }
  return out;
}

/** The DER of the first certificate in a PEM text or DER file (also the first of a PKCS#7 bundle). */
export function certificateDer(pemOrDer: string | Uint8Array): Buffer {
  const der = firstCertificateDer(pemOrDer);
  try {
    // node:crypto reads any key type, so an ECDSA root can still be hashed.
    new X509Certificate(der);
    return der;
  } catch {
    const [first] = loadCertificates(pemOrDer);
    if (!first) throw new OutbandError('certs.unreadable', 'The file holds no certificate.');
    return first.der;
  }
}

/** MD5, SHA-1, SHA-256 and SHA-384 of a certificate's DER, in every display form. */
export function certificateHashes(pemOrDer: string | Uint8Array): CertificateHashes {
  return hashesOfDer(certificateDer(pemOrDer));
}

/** What a person wants to see about any certificate file (any key type), with its hashes. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  selfSigned: boolean;
  hashes: CertificateHashes;
}

// node:crypto gives names one attribute per line; a comma list reads better on one line.
function oneLine(name: string): string {
  return name.split('\n').filter(Boolean).join(', ');
}

/** Subject, issuer, validity and hashes of the first certificate in a PEM text or DER file. */
export function summariseCertificate(pemOrDer: string | Uint8Array): CertificateSummary {
  const der = certificateDer(pemOrDer);
  const x = new X509Certificate(der);
  return {
    subject: oneLine(x.subject),
    issuer: oneLine(x.issuer),
    serialNumber: x.serialNumber.toLowerCase(),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    selfSigned: x.subject === x.issuer && x.verify(x.publicKey),
    hashes: hashesOfDer(der),
  };
}
