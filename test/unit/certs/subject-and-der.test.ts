import forge from 'node-forge';
import { X509Certificate, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { normaliseFqdn } from '../../../electron/certs/builders';
import { certificateHashes } from '../../../electron/certs/cert-hashes';
import { loadCertificates } from '../../../electron/certs/der';
import { formatSubject, parseSubject } from '../../../electron/certs/subject';
import { OutbandError } from '../../../shared/errors';
import { opensslSelfSigned } from '../../support/openssl';
import { externalCa, pemBundle } from './helpers';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof OutbandError) return err.code;
    throw err;
  }
  return 'no error';
}

describe('parseSubject', () => {
  it('reads comma and slash forms, with escaped commas', () => {
    expect(parseSubject('CN=Zone CA, O=Smith\\, Jones, c=de')).toEqual([
      { shortName: 'CN', value: 'Zone CA' },
      { shortName: 'O', value: 'Smith, Jones' },
      { shortName: 'C', value: 'DE' },
    ]);
    expect(parseSubject('/C=US/ST=Utah/CN=x.example.com')).toEqual([
      { shortName: 'C', value: 'US' },
      { shortName: 'ST', value: 'Utah' },
      { shortName: 'CN', value: 'x.example.com' },
    ]);
  });

  it('refuses what a certificate cannot carry', () => {
    expect(codeOf(() => parseSubject(''))).toBe('certs.bad-subject');
    expect(codeOf(() => parseSubject('O=No CN'))).toBe('certs.bad-subject');
    expect(codeOf(() => parseSubject('CN=x,C=USA'))).toBe('certs.bad-subject');
    expect(codeOf(() => parseSubject('CN=x,FOO=bar'))).toBe('certs.bad-subject');
    expect(codeOf(() => parseSubject('CN=x,O'))).toBe('certs.bad-subject');
    expect(codeOf(() => parseSubject(`CN=${'a'.repeat(65)}`))).toBe('certs.bad-subject');
  });

  it('formats back with escaping', () => {
    const cert = forge.pki.createCertificate();
    cert.setSubject(parseSubject('CN=Zone CA,O=Smith\\, Jones'));
    expect(formatSubject(cert.subject.attributes)).toBe('CN=Zone CA, O=Smith\\, Jones');
  });
});

describe('normaliseFqdn', () => {
  it('lower-cases and drops a trailing dot', () => {
    expect(normaliseFqdn(' Prov.Example.COM. ')).toBe('prov.example.com');
  });
  it('refuses names AMT cannot match', () => {
    for (const bad of ['localhost', 'bad_name.example.com', '-x.example.com', 'a..b', '', `${'a'.repeat(64)}.com`]) {
      expect(
        codeOf(() => normaliseFqdn(bad)),
        bad,
      ).toBe('certs.bad-fqdn');
    }
  });
});

describe('loadCertificates and certificateHashes', () => {
  const { root, intermediate } = externalCa();
  const rootDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(root.cert)).getBytes(), 'binary');
  const intDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(intermediate.cert)).getBytes(), 'binary');

  it('reads a PEM bundle, concatenated DER and PKCS#7, keeping the DER', () => {
    const fromPem = loadCertificates(pemBundle(intermediate.cert, root.cert));
    expect(fromPem.map((c) => c.der.equals(intDer) || c.der.equals(rootDer))).toEqual([true, true]);
    const fromDer = loadCertificates(Buffer.concat([intDer, rootDer]));
    expect(fromDer[0].der.equals(intDer)).toBe(true);
    expect(fromDer[1].der.equals(rootDer)).toBe(true);
    const p7 = forge.pkcs7.createSignedData();
    p7.addCertificate(intermediate.cert);
    p7.addCertificate(root.cert);
    const p7Der = Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
    const fromP7 = loadCertificates(p7Der);
    expect(fromP7.map((c) => c.cert.subject.getField('CN').value)).toEqual([
      'Example Issuing CA',
      'Example External Root',
    ]);
    expect(loadCertificates(forge.pkcs7.messageToPem(p7))).toHaveLength(2);
  });

  it('says clearly when a file is not a certificate', () => {
    expect(codeOf(() => loadCertificates('hello'))).toBe('certs.unreadable');
    expect(codeOf(() => loadCertificates(Buffer.from([0x30, 0x82, 0x01])))).toBe('certs.unreadable');
    expect(codeOf(() => loadCertificates(Buffer.from([0x02, 0x01, 0x05])))).toBe('certs.unreadable');
    expect(codeOf(() => loadCertificates('-----BEGIN PUBLIC KEY-----\nMA==\n-----END PUBLIC KEY-----\n'))).toBe(
      'certs.unreadable',
    );
  });

  it('hashes the DER: the same for PEM and DER input, agreeing with node:crypto fingerprints', () => {
    const fromPem = certificateHashes(forge.pki.certificateToPem(root.cert));
    const fromDer = certificateHashes(rootDer);
    expect(fromPem).toEqual(fromDer);
    const x = new X509Certificate(rootDer);
    expect(fromDer.sha1.colon).toBe(x.fingerprint);
    expect(fromDer.sha256.colon).toBe(x.fingerprint256);
    expect(fromDer.md5.hexLower).toBe(createHash('md5').update(rootDer).digest('hex'));
    expect(fromDer.sha384.byteLength).toBe(48);
    expect(fromDer.sha1.mebx).toBe(x.fingerprint.replace(/:/g, '').match(/.{4}/g)?.join('-'));
  });

  it('hashes an ECDSA certificate too (node:crypto reads any key type)', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'ob-ec-'));
    opensslSelfSigned({ key: join(dir, 'k.pem'), cert: join(dir, 'c.pem') }, '/CN=ec', { days: 1 });
    const pem = readFileSync(join(dir, 'c.pem'), 'utf8');
    expect(certificateHashes(pem).sha256.colon).toBe(new X509Certificate(pem).fingerprint256);
    expect(codeOf(() => loadCertificates(pem))).toBe('certs.unsupported-key');
  });
});
