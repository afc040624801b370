import forge from 'node-forge';
import { OutbandError } from '../../shared/errors';

/** A certificate as node-forge reads it, with the exact DER it came from (hashes need those bytes). */
export interface LoadedCertificate {
  cert: forge.pki.Certificate;
  der: Buffer;
}

/** Bytes as the binary string node-forge works with. */
export function toForgeBytes(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('binary');
}

/** A node-forge binary string as bytes. */
export function fromForgeBytes(bytes: string): Buffer {
  return Buffer.from(bytes, 'binary');
}

/** The DER of a forge ASN.1 value. */
export function asn1ToDer(value: forge.asn1.Asn1): Buffer {
  return fromForgeBytes(forge.asn1.toDer(value).getBytes());
}

/** The DER of a certificate built or re-encoded by forge. */
export function certificateToDer(cert: forge.pki.Certificate): Buffer {
  return asn1ToDer(forge.pki.certificateToAsn1(cert));
}

function unreadable(why: string): OutbandError {
  return new OutbandError('certs.unreadable', `The file is not a readable X.509 certificate (${why}).`);
}

function looksLikePem(data: string | Uint8Array): string | null {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  return text.includes('-----BEGIN ') ? text : null;
}

const CERT_PEM_TYPES = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const PKCS7_PEM_TYPES = new Set(['PKCS7', 'CMS']);

// forge reads one object and leaves the rest with parseAllBytes off; its typings omit that option.
type FromDerWithOptions = (
  bytes: forge.util.ByteStringBuffer,
  options: { parseAllBytes: boolean; strict: boolean },
) => forge.asn1.Asn1;

function readOneDerObject(buffer: forge.util.ByteStringBuffer): void {
  (forge.asn1.fromDer as unknown as FromDerWithOptions)(buffer, { parseAllBytes: false, strict: true });
}

/** Every DER blob in the input: PEM blocks of certificates or PKCS#7, or DER objects back to back. */
function derBlobs(data: string | Uint8Array): Buffer[] {
  const pem = looksLikePem(data);
  if (pem !== null) {
    let messages: forge.pem.ObjectPEM[];
    try {
      messages = forge.pem.decode(pem);
    } catch (err) {
      throw unreadable(err instanceof Error ? err.message : 'bad PEM');
    }
    const wanted = messages.filter((m) => CERT_PEM_TYPES.has(m.type) || PKCS7_PEM_TYPES.has(m.type));
    if (wanted.length === 0) throw unreadable('no CERTIFICATE block in the PEM text');
    return wanted.map((m) => fromForgeBytes(m.body));
  }
  if (typeof data === 'string') throw unreadable('neither PEM nor DER');
  const buffer = forge.util.createBuffer(toForgeBytes(data));
  const blobs: Buffer[] = [];
  const source = Buffer.from(data);
  let start = 0;
  while (buffer.length() > 0) {
    try {
      readOneDerObject(buffer);
    } catch (err) {
      throw unreadable(err instanceof Error ? err.message : 'bad DER');
    }
    const end = source.length - buffer.length();
    blobs.push(source.subarray(start, end));
    start = end;
  }
  if (blobs.length === 0) throw unreadable('the file is empty');
  return blobs;
}

function pkcs7Certificates(asn1: forge.asn1.Asn1): LoadedCertificate[] | null {
  let message: forge.pkcs7.PkcsSignedData;
  try {
    message = forge.pkcs7.messageFromAsn1(asn1) as forge.pkcs7.PkcsSignedData;
  } catch {
    return null;
  }
  return message.certificates.map((cert) => ({ cert, der: certificateToDer(cert) }));
}

function certificateFromBlob(der: Buffer): LoadedCertificate[] {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(toForgeBytes(der));
  } catch (err) {
    throw unreadable(err instanceof Error ? err.message : 'bad DER');
  }
  try {
    return [{ cert: forge.pki.certificateFromAsn1(asn1), der }];
  } catch (err) {
    const fromPkcs7 = pkcs7Certificates(asn1);
    if (fromPkcs7) return fromPkcs7;
    const why = err instanceof Error ? err.message : 'unknown structure';
    // forge reads RSA keys only; say so rather than "OID is not RSA".
    if (/not RSA/i.test(why)) {
      throw new OutbandError(
        'certs.unsupported-key',
        'The certificate has a non-RSA public key; Intel AMT provisioning certificates use RSA keys.',
      );
    }
    throw unreadable(why);
  }
}

/** The certificates in a PEM text, a DER file (one or several), or a PKCS#7 bundle, in file order. */
export function loadCertificates(data: string | Uint8Array): LoadedCertificate[] {
  return derBlobs(data).flatMap(certificateFromBlob);
}

/** The DER of the first certificate in a PEM text or DER file, without interpreting its contents. */
export function firstCertificateDer(data: string | Uint8Array): Buffer {
  const blob = derBlobs(data)[0];
  if (!blob) throw unreadable('no certificate found');
  return blob;
}

/** PEM text of a certificate from its exact DER (forge's re-encoding could change the bytes, and so the hashes). */
export function derToPem(der: Uint8Array): string {
  return forge.pem.encode({ type: 'CERTIFICATE', body: toForgeBytes(der) }, { maxline: 64 });
}
