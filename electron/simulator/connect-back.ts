// The checks a device in Setup mode makes on the provisioning server's connect-back, before it
// answers anything (provisioning.md §6, wsman-amt.md §5): a client certificate chain that leads to
// a trusted root, a leaf for server authentication, marked as an AMT provisioning certificate,
// whose CN falls under the device's PKI DNS suffix.
import { createHash, X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate, PeerCertificate } from 'node:tls';
import type { DeviceState } from './state';
import type { TrustedRootHash } from './trusted-roots';
import { AMT_SETUP_OU, OID_AMT_ACTIVATION, OID_SERVER_AUTH, readCertificate } from './x509-read';

/** Why a device closed a connect-back without answering. */
export type ConnectBackRefusal = 'no-client-cert' | 'untrusted-root' | 'not-server-auth' | 'no-amt-oid' | 'dns-suffix';

/** The DER certificates a client presented, leaf first, from Node's linked peer certificate. */
export function presentedChain(peer: DetailedPeerCertificate | PeerCertificate | null): Buffer[] {
  const out: Buffer[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | PeerCertificate | undefined = peer ?? undefined;
  while (cert !== undefined && Buffer.isBuffer(cert.raw) && cert.raw.length > 0) {
    const id = createHash('sha256').update(cert.raw).digest('hex');
    // A self-signed root points at itself.
    if (seen.has(id)) break;
    seen.add(id);
    out.push(cert.raw);
    cert = 'issuerCertificate' in cert ? cert.issuerCertificate : undefined;
  }
  return out;
}

/** Whether the DER's hash of the entry's algorithm is the entry (hex compared case-insensitively). */
function hashMatches(der: Buffer, entry: TrustedRootHash): boolean {
  return createHash(entry.alg).update(der).digest('hex') === entry.hex.toLowerCase();
}

/**
 * Whether the chain reaches a trusted certificate: walking up from the leaf while each certificate
 * is signed by the next, some certificate on that path has its hash in the trusted store.
 */
function reachesTrustedRoot(chain: readonly Buffer[], trusted: readonly TrustedRootHash[]): boolean {
  let parsed: X509Certificate[];
  try {
    parsed = chain.map((der) => new X509Certificate(der));
  } catch {
    return false;
  }
  for (let i = 0; i < chain.length; i++) {
    const der = chain[i];
    if (der !== undefined && trusted.some((t) => hashMatches(der, t))) return true;
    const cert = parsed[i];
    const issuer = parsed[i + 1];
    if (cert === undefined || issuer === undefined) return false;
    if (!cert.checkIssued(issuer) || !cert.verify(issuer.publicKey)) return false;
  }
  return false;
}

/** The DNS suffix the leaf's CN must fall under: the PKI DNS suffix, else the domain name. */
export function effectiveDnsSuffix(state: DeviceState): string {
  return (state.pkiDnsSuffix ?? state.domainName).replace(/\.$/, '').toLowerCase();
}

function cnMatchesSuffix(cn: string | null, suffix: string): boolean {
  if (cn === null || suffix === '') return false;
  const name = cn.replace(/\.$/, '').toLowerCase();
  return name === suffix || name.endsWith(`.${suffix}`);
}

/** Checks a presented chain (leaf first); null when the device accepts the connect-back. */
export function checkConnectBack(chain: readonly Buffer[], state: DeviceState): ConnectBackRefusal | null {
  const leafDer = chain[0];
  if (leafDer === undefined) return 'no-client-cert';
  if (!reachesTrustedRoot(chain, state.trustedRootHashes)) return 'untrusted-root';
  const leaf = readCertificate(leafDer);
  if (leaf === null) return 'untrusted-root';
  const usages = leaf.extKeyUsage ?? [];
  if (!usages.includes(OID_SERVER_AUTH)) return 'not-server-auth';
  if (!usages.includes(OID_AMT_ACTIVATION) && !leaf.organizationalUnits.includes(AMT_SETUP_OU)) return 'no-amt-oid';
  if (!cnMatchesSuffix(leaf.commonName, effectiveDnsSuffix(state))) return 'dns-suffix';
  return null;
}
