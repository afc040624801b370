// Reads what the firmware looks at in a certificate: subject and issuer (as AMT prints them),
// CN, OU and extended key usages. node:crypto checks that the blob is a certificate and gives its
// public key; node-forge's ASN.1 reader walks the TBSCertificate, whatever the key type.
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';

/** EKU serverAuth (1.3.6.1.5.5.7.3.1). */
export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
/** EKU of an Intel AMT provisioning (activation) certificate. */
export const OID_AMT_ACTIVATION = '2.16.840.1.113741.1.2.3';
/** The OU that marks a provisioning certificate when the OID is absent (exact, case-sensitive). */
export const AMT_SETUP_OU = 'Intel(R) Client Setup Certificate';

const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_CN = '2.5.4.3';
const OID_OU = '2.5.4.11';

const SHORT_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'E',
};

/** One attribute of a distinguished name. */
interface NameAttribute {
  readonly oid: string;
  readonly value: string;
}

/** The parts of a certificate the simulated firmware uses. */
export interface CertificateInfo {
  readonly x509: X509Certificate;
  /** Subject as AMT shows it: last RDN first, comma-separated, e.g. "C=unknown,O=unknown,CN=Root". */
  readonly subject: string;
  readonly issuer: string;
  /** The (last) CN of the subject, or null. */
  readonly commonName: string | null;
  readonly organizationalUnits: readonly string[];
  /** Extended key usage OIDs, or null when the certificate has no EKU extension. */
  readonly extKeyUsage: readonly string[] | null;
}

type Node = forge.asn1.Asn1;

function children(node: Node | undefined): Node[] {
  return node !== undefined && Array.isArray(node.value) ? node.value : [];
}

function bytesOf(node: Node | undefined): string {
  return node !== undefined && typeof node.value === 'string' ? node.value : '';
}

/** Decodes a DirectoryString: UTF8String and BMPString need decoding, the others are ASCII. */
function stringValue(node: Node | undefined): string {
  if (node === undefined) return '';
  const raw = bytesOf(node);
  if (node.type === forge.asn1.Type.UTF8) return forge.util.decodeUtf8(raw);
  if (node.type === forge.asn1.Type.BMPSTRING) {
    let out = '';
    for (let i = 0; i + 1 < raw.length; i += 2)
      out += String.fromCharCode((raw.charCodeAt(i) << 8) | raw.charCodeAt(i + 1));
    return out;
  }
  return raw;
}

/** A Name: SEQUENCE OF RDN (SET OF AttributeTypeAndValue), kept per RDN in DER order. */
function readName(node: Node | undefined): NameAttribute[][] {
  return children(node).map((rdn) =>
    children(rdn).map((atv) => {
      const [type, value] = children(atv);
      return { oid: forge.asn1.derToOid(bytesOf(type)), value: stringValue(value) };
    }),
  );
}

/** AMT's string form of a name: RDNs in reverse order, "SHORT=value" joined by commas. */
function formatName(rdns: NameAttribute[][]): string {
  return [...rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${SHORT_NAMES[a.oid] ?? a.oid}=${a.value}`).join('+'))
    .join(',');
}

function readExtKeyUsage(tbsFields: Node[]): string[] | null {
  const wrapper = tbsFields.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  for (const ext of children(children(wrapper)[0])) {
    const parts = children(ext);
    if (forge.asn1.derToOid(bytesOf(parts[0])) !== OID_EXT_KEY_USAGE) continue;
    const octets = parts[parts.length - 1];
    return children(forge.asn1.fromDer(bytesOf(octets))).map((oid) => forge.asn1.derToOid(bytesOf(oid)));
  }
  return null;
}

/** Parses a DER certificate; null when the bytes are not an X.509 certificate. */
export function readCertificate(der: Buffer): CertificateInfo | null {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch {
    return null;
  }
  try {
    const root = forge.asn1.fromDer(der.toString('binary'), true);
    const tbs = children(children(root)[0]);
    // TBSCertificate: [0] version, serial, signature, issuer, validity, subject, SPKI, [1], [2], [3].
    const at = tbs[0]?.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
    const issuer = readName(tbs[at + 2]);
    const subject = readName(tbs[at + 4]);
    const flat = subject.flat();
    const cns = flat.filter((a) => a.oid === OID_CN).map((a) => a.value);
    return {
      x509,
      subject: formatName(subject),
      issuer: formatName(issuer),
      commonName: cns[cns.length - 1] ?? null,
      organizationalUnits: flat.filter((a) => a.oid === OID_OU).map((a) => a.value),
      extKeyUsage: readExtKeyUsage(tbs.slice(at + 6)),
    };
  } catch {
    return null;
  }
}

/** The RSA public key of a certificate as PKCS#1 DER (for matching a key pair), or null. */
export function rsaPublicKeyDer(x509: X509Certificate): Buffer | null {
  const key = x509.publicKey;
  if (key.asymmetricKeyType !== 'rsa') return null;
  return key.export({ type: 'pkcs1', format: 'der' });
}
