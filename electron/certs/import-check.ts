import type forge from 'node-forge';
import { OutbandError } from '../../shared/errors';
import { amtMarks, isSelfIssued, signatureAlgorithmName, type AmtMarks } from './cert-info';
import type { LoadedCertificate } from './der';
import { keyBits, samePublicKey } from './keys';
import { AMT_SETUP_OU, OID_AMT_CONSOLE, OID_AMT_SETUP, OID_SERVER_AUTH } from './oids';
import { formatSubject } from './subject';

/** Something the user should know about an imported certificate that does not stop the import. */
export interface CertWarning {
  code: string;
  message: string;
}

/** An imported certificate that passed the checks, with its chain as far as it could be built. */
export interface CheckedImport {
  leaf: LoadedCertificate;
  /** Index into the candidate keys of the key the leaf belongs to. */
  keyIndex: number;
  /** The issuers above the leaf, nearest first, ending with the root when one was found. */
  issuers: LoadedCertificate[];
  root: LoadedCertificate | null;
  marks: AmtMarks;
  warnings: CertWarning[];
}

/** What the checks need besides the certificates: our keys, trusted extras, and the time. */
export interface ImportCheckOptions {
  keys: forge.pki.PublicKey[];
  /** Certificates we already hold (the zone CA) that may complete the chain. */
  anchors: LoadedCertificate[];
  now: Date;
}

const MAX_CHAIN = 8;
const WEAK_SIGNATURES = new Set(['sha1WithRSAEncryption', 'md5WithRSAEncryption', 'md2WithRSAEncryption']);

function name(cert: forge.pki.Certificate): string {
  return formatSubject(cert.subject.attributes);
}

function findLeaf(certs: LoadedCertificate[], keys: forge.pki.PublicKey[]): [LoadedCertificate, number] {
  for (const loaded of certs) {
    const index = keys.findIndex((k) => samePublicKey(k, loaded.cert.publicKey));
    if (index >= 0) return [loaded, index];
  }
  throw new OutbandError(
    'certs.key-mismatch',
    `No certificate in the file belongs to the key of Outband's certificate request ` +
      `(${certs.length} certificate${certs.length === 1 ? '' : 's'} read: ${certs.map((c) => name(c.cert)).join('; ')}). ` +
      'Import the certificate the CA issued for the CSR Outband created.',
  );
}

/** True when `issuer`'s key signed `child` (and its name is the child's issuer name). */
export function signedBy(issuer: forge.pki.Certificate, child: forge.pki.Certificate): boolean {
  try {
    return issuer.verify(child);
  } catch {
    return false;
  }
}

function checkIsCa(issuer: forge.pki.Certificate): void {
  const bc = issuer.getExtension('basicConstraints') as { cA?: boolean } | undefined;
  if (bc && bc.cA !== true) {
    throw new OutbandError('certs.bad-chain', `"${name(issuer)}" issued a certificate but is not a CA.`);
  }
}

// Walk issuer by issuer, by name and then by signature, until a self-signed root or a gap.
function buildChain(
  leaf: LoadedCertificate,
  pool: LoadedCertificate[],
): { issuers: LoadedCertificate[]; root: LoadedCertificate | null } {
  const issuers: LoadedCertificate[] = [];
  let current = leaf;
  for (let depth = 0; depth < MAX_CHAIN; depth++) {
    if (isSelfIssued(current.cert)) {
      if (!signedBy(current.cert, current.cert)) {
        throw new OutbandError('certs.bad-signature', `The self-signature of "${name(current.cert)}" does not verify.`);
      }
      return { issuers, root: current === leaf ? null : current };
    }
    const named = pool.filter((p) => p !== current && p.cert.subject.hash === current.cert.issuer.hash);
    if (named.length === 0) return { issuers, root: null };
    const issuer = named.find((p) => signedBy(p.cert, current.cert));
    if (!issuer) {
      throw new OutbandError(
        'certs.bad-signature',
        `The signature on "${name(current.cert)}" does not verify with the key of "${name(named[0].cert)}".`,
      );
    }
    checkIsCa(issuer.cert);
    issuers.push(issuer);
    current = issuer;
  }
  throw new OutbandError('certs.bad-chain', `The certificate chain is longer than ${MAX_CHAIN} or loops.`);
}

function checkValidity(loaded: LoadedCertificate, now: Date, isLeaf: boolean): void {
  const { notBefore, notAfter } = loaded.cert.validity;
  const who = isLeaf ? 'The certificate' : `The chain certificate "${name(loaded.cert)}"`;
  if (now < notBefore) {
    throw new OutbandError(
      isLeaf ? 'certs.not-yet-valid' : 'certs.chain-not-yet-valid',
      `${who} is not valid before ${notBefore.toISOString()}.`,
    );
  }
  if (now > notAfter) {
    throw new OutbandError(
      isLeaf ? 'certs.expired' : 'certs.chain-expired',
      `${who} expired on ${notAfter.toISOString()}.`,
    );
  }
}

function checkAmtMarks(marks: AmtMarks): void {
  if (!marks.setupOid && !marks.setupOu) {
    const consoleNote = marks.consoleOid
      ? ` It carries ${OID_AMT_CONSOLE}, which marks an Intel AMT console (client) certificate, not a setup certificate.`
      : '';
    throw new OutbandError(
      'certs.not-amt-setup',
      `The certificate is not an Intel AMT setup certificate: it has neither the OID ${OID_AMT_SETUP} ` +
        `in Extended Key Usage nor the OU "${AMT_SETUP_OU}".${consoleNote}`,
    );
  }
  if (!marks.serverAuth) {
    throw new OutbandError(
      'certs.no-server-auth',
      `The certificate's Extended Key Usage lacks TLS server authentication (${OID_SERVER_AUTH}), which Intel AMT requires.`,
    );
  }
}

function warningsFor(
  leaf: LoadedCertificate,
  issuers: LoadedCertificate[],
  root: LoadedCertificate | null,
  marks: AmtMarks,
): CertWarning[] {
  const warnings: CertWarning[] = [];
  if (marks.consoleOid && !marks.setupOid) {
    warnings.push({
      code: 'certs.console-oid-only',
      message:
        `The certificate carries the console OID ${OID_AMT_CONSOLE} but not the setup OID ${OID_AMT_SETUP}; ` +
        'AMT will accept it for setup only through the OU.',
    });
  }
  // The root's self-signature is never checked by AMT (it trusts the hash), so only signatures below it count.
  const signed = [leaf, ...issuers.filter((i) => i !== root)];
  for (const c of signed) {
    const alg = signatureAlgorithmName(c.cert.signatureOid);
    if (WEAK_SIGNATURES.has(alg)) {
      warnings.push({
        code: 'certs.weak-signature',
        message: `"${name(c.cert)}" is signed with ${alg}; Intel asks for a SHA-2 chain and newer AMT refuses SHA-1.`,
      });
    }
  }
  const bits = keyBits(leaf.cert.publicKey);
  if (bits < 2048) {
    warnings.push({ code: 'certs.weak-key', message: `The certificate's RSA key is ${bits} bits; use at least 2048.` });
  }
  if (!root) {
    warnings.push({
      code: 'certs.chain-incomplete',
      message:
        'The chain does not reach a root certificate, so its hash cannot be shown. Import the file again ' +
        'with the intermediate and root certificates (PEM bundle or PKCS#7).',
    });
  }
  return warnings;
}

/**
 * Checks a certificate the user imports as the Intel AMT management certificate: it belongs to
 * one of our keys, it is marked for AMT setup, its chain verifies and it is within validity.
 */
export function checkImportedCertificate(certs: LoadedCertificate[], options: ImportCheckOptions): CheckedImport {
  const [leaf, keyIndex] = findLeaf(certs, options.keys);
  const marks = amtMarks(leaf.cert);
  checkAmtMarks(marks);
  const { issuers, root } = buildChain(leaf, [...certs, ...options.anchors]);
  checkValidity(leaf, options.now, true);
  for (const issuer of issuers) checkValidity(issuer, options.now, false);
  return { leaf, keyIndex, issuers, root, marks, warnings: warningsFor(leaf, issuers, root, marks) };
}
