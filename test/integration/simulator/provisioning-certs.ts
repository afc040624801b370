// Test PKI for the connect-back: a root CA, provisioning leaves with or without the AMT marks, and
// the device TLS certificate a provisioning server issues for a key pair the device generated.
// Keys come from node:crypto (fast); certificates are assembled and signed with node-forge.
import { createHash, generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A certificate with its key, in the forms the tests need. */
export interface TestCert {
  readonly cert: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
  readonly keyPem: string;
  readonly pem: string;
  readonly der: Buffer;
}

/** What a provisioning leaf carries. */
export interface LeafOptions {
  readonly cn: string;
  readonly serverAuth?: boolean;
  readonly amtOid?: boolean;
  readonly ou?: string;
}

const AMT_OID = '2.16.840.1.113741.1.2.3';

function rsaKey(): { key: forge.pki.rsa.PrivateKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return { key: forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey, keyPem };
}

function sign(
  subject: forge.pki.CertificateField[],
  publicKey: forge.pki.PublicKey,
  extensions: object[],
  issuer: TestCert | null,
  ownKey: { key: forge.pki.rsa.PrivateKey; keyPem: string },
): TestCert {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = '01' + forge.util.bytesToHex(forge.random.getBytesSync(8));
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  cert.setSubject(subject);
  cert.setIssuer(issuer === null ? subject : issuer.cert.subject.attributes);
  cert.setExtensions(extensions);
  cert.sign(issuer?.key ?? ownKey.key, forge.md.sha256.create());
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { cert, key: ownKey.key, keyPem: ownKey.keyPem, pem: forge.pki.certificateToPem(cert), der };
}

/** A self-signed root CA (keyCertSign), e.g. the provisioning server's zone root. */
export function makeRoot(cn = 'Outband Test Root'): TestCert {
  const k = rsaKey();
  const subject = [
    { name: 'commonName', value: cn },
    { name: 'organizationName', value: 'Outband tests' },
  ];
  const ext = [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true },
  ];
  return sign(subject, forge.pki.setRsaPublicKey(k.key.n, k.key.e), ext, null, k);
}

/** A provisioning leaf signed by `root`: EKU serverAuth and the AMT OID unless told otherwise. */
export function makeLeaf(root: TestCert, opts: LeafOptions): TestCert {
  const k = rsaKey();
  const subject: forge.pki.CertificateField[] = [{ name: 'commonName', value: opts.cn }];
  if (opts.ou !== undefined) subject.push({ name: 'organizationalUnitName', value: opts.ou });
  const usage: Record<string, unknown> = { name: 'extKeyUsage', clientAuth: true };
  if (opts.serverAuth !== false) usage.serverAuth = true;
  if (opts.amtOid !== false) usage[AMT_OID] = true;
  const ext = [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true }, usage];
  return sign(subject, forge.pki.setRsaPublicKey(k.key.n, k.key.e), ext, root, k);
}

/**
 * The device's TLS certificate, issued by `root` for the public key the device showed in
 * AMT_PublicPrivateKeyPair.DERKey (base64 DER; forge reads RSAPublicKey and SPKI alike).
 */
export function issueDeviceCert(root: TestCert, derKeyBase64: string, cn: string): Buffer {
  const asn1 = forge.asn1.fromDer(Buffer.from(derKeyBase64, 'base64').toString('binary'));
  const publicKey = forge.pki.publicKeyFromAsn1(asn1);
  const ext = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
  ];
  // The signer's own key only matters for self-signed certificates; this one is signed by root.
  return sign([{ name: 'commonName', value: cn }], publicKey, ext, root, { key: root.key, keyPem: root.keyPem }).der;
}

/** Hash of a DER certificate as lower-case hex. */
export function certHash(der: Buffer, alg: 'sha1' | 'sha256' | 'sha384' = 'sha256'): string {
  return createHash(alg).update(der).digest('hex');
}
