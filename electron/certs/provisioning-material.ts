/**
 * What provisioning needs from the certificates: the provisioning chain and key presented on the
 * connect-back (the zone's management certificate, or an external one from files), the checks a
 * device will make of it (provisioning.md §6), and the device TLS certificate the zone CA issues.
 * Keys stay in the main process and never reach a reply.
 */
import { createHash, createPublicKey } from 'node:crypto';
import forge from 'node-forge';
import { OutbandError } from '../../shared/errors';
import type { HelloHash } from '../../shared/domain/discovered';
import { newSerialNumber } from './builders';
import { amtMarks, isSelfIssued } from './cert-info';
import type { CertStore } from './cert-store';
import { certificateToDer, derToPem, loadCertificates, type LoadedCertificate } from './der';
import { signedBy } from './import-check';
import { readManagement } from './management-cert';
import { loadZoneCaKey, requireZoneCa } from './zone-ca';

/** A provisioning chain, its key, and what it is. */
export interface ProvisioningMaterial {
  /** Leaf first, then intermediates, root last (PEM). */
  chainPem: string;
  keyPem: string;
  leaf: LoadedCertificate;
  /** The chain's self-signed root. */
  root: LoadedCertificate;
  source: 'management' | 'external';
  /** The leaf's CN (the provisioning server FQDN). */
  commonName: string;
}

const DAY_MS = 86_400_000;

function hashOf(der: Buffer, alg: HelloHash['alg']): string {
  return createHash(alg).update(der).digest('hex');
}

function commonNameOf(cert: forge.pki.Certificate): string {
  const cn = cert.subject.getField('CN') as forge.pki.CertificateField | null;
  return typeof cn?.value === 'string' ? cn.value : '';
}

/** Orders a leaf and its issuers into a chain and checks each link and that it ends in a root. */
function buildChain(leaf: LoadedCertificate, others: readonly LoadedCertificate[]): LoadedCertificate[] {
  const chain = [leaf];
  const pool = [...others];
  for (let current = leaf; !isSelfIssued(current.cert);) {
    const at = pool.findIndex((c) => signedBy(c.cert, current.cert));
    if (at < 0) {
      throw new OutbandError(
        'provision.bad-chain',
        'The provisioning certificate chain does not reach a self-signed root: add the intermediate and root certificates.',
      );
    }
    current = pool.splice(at, 1)[0] as LoadedCertificate;
    chain.push(current);
  }
  return chain;
}

/** The checks a device makes of the provisioning leaf (EKU serverAuth; the Intel OID or OU). */
export function checkProvisioningLeaf(leaf: forge.pki.Certificate): void {
  const marks = amtMarks(leaf);
  if (!marks.serverAuth) {
    throw new OutbandError(
      'provision.not-server-auth',
      'The provisioning certificate lacks TLS server authentication (EKU serverAuth); AMT refuses it.',
    );
  }
  if (!marks.setupOid && !marks.setupOu) {
    throw new OutbandError(
      'provision.no-amt-oid',
      'The provisioning certificate has neither the Intel AMT setup OID 2.16.840.1.113741.1.2.3 nor the OU "Intel(R) Client Setup Certificate"; AMT refuses it.',
    );
  }
  const now = Date.now();
  if (leaf.validity.notAfter.getTime() < now || leaf.validity.notBefore.getTime() > now) {
    throw new OutbandError('provision.cert-expired', 'The provisioning certificate is not valid today.');
  }
}

/** Whether the device's Hello lists the chain's root; `provision.root-not-trusted` says which hash to add. */
export function checkRootTrusted(root: LoadedCertificate, trusted: readonly HelloHash[]): void {
  if (trusted.some((h) => h.hex === hashOf(root.der, h.alg))) return;
  const sha256 = hashOf(root.der, 'sha256').toUpperCase().match(/../g)?.join(':') ?? '';
  throw new OutbandError(
    'provision.root-not-trusted',
    `The device does not trust the root of this certificate: add ${sha256} (SHA-256) to its trusted roots, or use another certificate.`,
  );
}

function material(
  chain: LoadedCertificate[],
  key: forge.pki.rsa.PrivateKey,
  source: ProvisioningMaterial['source'],
): ProvisioningMaterial {
  const leaf = chain[0] as LoadedCertificate;
  checkProvisioningLeaf(leaf.cert);
  return {
    chainPem: chain.map((c) => derToPem(c.der)).join(''),
    keyPem: forge.pki.privateKeyToPem(key),
    leaf,
    root: chain[chain.length - 1] as LoadedCertificate,
    source,
    commonName: commonNameOf(leaf.cert),
  };
}

/** The zone's management certificate, its chain and key, checked as a device will check them. */
export async function managementMaterial(store: CertStore): Promise<ProvisioningMaterial> {
  const held = await readManagement(store);
  if (!held) {
    throw new OutbandError(
      'provision.no-certificate',
      'There is no Intel AMT management certificate: create one (Certificates) or provision with an external certificate.',
    );
  }
  const chain = buildChain(held.leaf, held.chain);
  const key = await store.loadKey('mgmt', held.leaf.cert.publicKey, 'management certificate');
  return material(chain, key, 'management');
}

/** An external provisioning certificate (PEM or DER, with its chain) and its unencrypted PEM private key. */
export function externalMaterial(certificateFile: string | Uint8Array, keyPem: string): ProvisioningMaterial {
  const certs = loadCertificates(certificateFile);
  const first = certs[0];
  if (first === undefined) throw new OutbandError('provision.bad-chain', 'The certificate file holds no certificate.');
  if (/ENCRYPTED/.test(keyPem)) {
    throw new OutbandError(
      'provision.key-encrypted',
      'The private key file is encrypted; give the key in unencrypted PEM (for example `openssl pkey -in key.pem -out plain.pem`).',
    );
  }
  let key: forge.pki.rsa.PrivateKey;
  try {
    key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  } catch {
    throw new OutbandError('provision.bad-key', 'The private key file is not an RSA private key in PEM form.');
  }
  // The leaf is the certificate whose public key is the given key's; the others are its chain.
  const publicOf = (c: LoadedCertificate) => createPublicKey(derToPem(c.der)).export({ type: 'spki', format: 'der' });
  const keyPublic = createPublicKey(forge.pki.privateKeyToPem(key)).export({ type: 'spki', format: 'der' });
  const leaf = certs.find((c) => Buffer.compare(publicOf(c), keyPublic) === 0);
  if (leaf === undefined) {
    throw new OutbandError('provision.key-mismatch', 'The private key does not belong to any certificate in the file.');
  }
  return material(
    buildChain(
      leaf,
      certs.filter((c) => c !== leaf),
    ),
    key,
    'external',
  );
}

/** A certificate for the device's own TLS, issued by the zone CA for the public key the device made. */
export async function issueDeviceTlsCertificate(
  store: CertStore,
  devicePublicKeyDer: Buffer,
  names: { commonName: string; dnsNames: string[]; ipAddresses: string[] },
  now = new Date(),
): Promise<{ der: Buffer; pem: string; fingerprint: string }> {
  const ca = await requireZoneCa(store);
  const caKey = await loadZoneCaKey(store, ca);
  let spki: Buffer;
  try {
    // AMT gives the RSA public key as PKCS#1 DER; accept SPKI too.
    spki = createPublicKey({ key: devicePublicKeyDer, format: 'der', type: 'pkcs1' }).export({
      type: 'spki',
      format: 'der',
    });
  } catch {
    try {
      spki = createPublicKey({ key: devicePublicKeyDer, format: 'der', type: 'spki' }).export({
        type: 'spki',
        format: 'der',
      });
    } catch {
      throw new OutbandError('provision.bad-device-key', 'The device sent a public key Outband cannot read.');
    }
  }
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(spki.toString('binary'))));
  cert.serialNumber = newSerialNumber();
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(now.getTime() + 5 * 365 * DAY_MS);
  cert.setSubject([{ shortName: 'CN', value: names.commonName }]);
  cert.setIssuer(ca.cert.subject.attributes);
  const altNames = [
    ...names.dnsNames.map((value) => ({ type: 2, value })),
    ...names.ipAddresses.map((ip) => ({ type: 7, ip })),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    ...(altNames.length > 0 ? [{ name: 'subjectAltName', altNames }] : []),
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  const der = certificateToDer(cert);
  return { der, pem: derToPem(der), fingerprint: hashOf(der, 'sha256') };
}
