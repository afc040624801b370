// The device TLS certificate: self-signed, generated at start with node-forge, shared by every
// simulated device (one SecureContext for the whole fleet keeps 1,000 devices cheap).
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import forge from 'node-forge';

/** A certificate, its key, and the pins clients use to trust it. */
export interface TlsIdentity {
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the certificate DER, lower-case hex (the pin format GWM uses). */
  readonly fingerprint: string;
  /** SHA-256 of the SubjectPublicKeyInfo, base64 (curl --pinnedpubkey sha256//...). */
  readonly spkiSha256: string;
  readonly secureContext: SecureContext;
}

/** Options for the generated certificate. */
export interface TlsIdentityOptions {
  readonly commonName?: string;
  /** IP addresses put in subjectAltName so clients can verify with --cacert (default 127.0.0.1). */
  readonly ipAddresses?: readonly string[];
  readonly dnsNames?: readonly string[];
}

/** Builds a TlsIdentity from an existing PEM certificate and key. */
export function tlsIdentityFromPem(certPem: string, keyPem: string): TlsIdentity {
  const der = Buffer.from(
    forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem))).getBytes(),
    'binary',
  );
  const spki = createPublicKey(certPem).export({ type: 'spki', format: 'der' });
  return {
    certPem,
    keyPem,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
    secureContext: createSecureContext({ cert: certPem, key: keyPem }),
  };
}

/** Generates a fresh self-signed RSA-2048 / SHA-256 server certificate. */
export function generateTlsIdentity(opts: TlsIdentityOptions = {}): TlsIdentity {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01' + forge.util.bytesToHex(forge.random.getBytesSync(8));
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 365 * 24 * 3600 * 1000);
  const subject = [
    { name: 'commonName', value: opts.commonName ?? 'amt-sim.local' },
    { name: 'organizationName', value: 'Outband AMT simulator' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  const altNames = [
    ...(opts.ipAddresses ?? ['127.0.0.1']).map((ip) => ({ type: 7, ip })),
    ...(opts.dnsNames ?? ['localhost']).map((value) => ({ type: 2, value })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return tlsIdentityFromPem(forge.pki.certificateToPem(cert), keyPem);
}
