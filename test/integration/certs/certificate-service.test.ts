import forge from 'node-forge';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyAccount } from '../../../electron/certs/cert-store';
import { CertificateService } from '../../../electron/certs/certificate-service';
import { publicKeyId } from '../../../electron/certs/keys';
import type { KeytarSecretStore } from '../../../electron/vault/secret-store';
import { parseHash } from '../../../shared/hash';
import { realKeychain } from './keychain';
import { fingerprint, openssl, opensslRootCa, opensslSign, opensslStatus } from '../../support/openssl';

let work: string;
let dataDir: string;
let secrets: KeytarSecretStore;
let service: CertificateService;
// Every passphrase seen in the keychain during the run, to look for in the data folder at the end.
const seenSecrets = new Set<string>();

function publicKeyOfPem(pem: string): forge.pki.PublicKey {
  return pem.includes('CERTIFICATE REQUEST')
    ? forge.pki.certificationRequestFromPem(pem).publicKey!
    : forge.pki.certificateFromPem(pem).publicKey;
}

/** The key file of a certificate or CSR: named by the key's id, so a replacement never overwrites it. */
async function keyFileOf(prefix: 'zone-ca' | 'mgmt', pemFile: string): Promise<string> {
  return join(service.folder, `${prefix}.${publicKeyId(publicKeyOfPem(await readFile(pemFile, 'utf8')))}.key.pem`);
}

async function passphraseFor(file: string, role: 'zone-ca-key' | 'mgmt-cert-key', certPem: string): Promise<string> {
  const pub = publicKeyOfPem(certPem);
  const secret = await secrets.get(keyAccount(role, pub));
  if (!secret) throw new Error(`no keychain entry for ${file}`);
  seenSecrets.add(secret);
  return secret;
}

beforeAll(async () => {
  secrets = await realKeychain();
  work = await mkdtemp(join(tmpdir(), 'outband-certs-it-'));
  dataDir = join(work, 'data');
  service = new CertificateService(dataDir, secrets);
});

afterAll(async () => {
  // Leave no keychain entries behind.
  await service?.deleteManagementCertificate({ confirm: true }).catch(() => undefined);
  await service?.deleteZoneCa({ confirm: true }).catch(() => undefined);
  await service?.discardCsr({ confirm: true }).catch(() => undefined);
  if (work) await rm(work, { recursive: true, force: true });
});

describe('zone CA (real keychain, checked with openssl)', () => {
  it('creates a 3072-bit SHA-256 CA that openssl reads as a CA, with an AES-256 encrypted PKCS#8 key', async () => {
    const info = await service.createZoneCa({ subject: 'CN=IT Zone Root,O=Outband Test,C=DE' });
    expect(info.keyBits).toBe(3072);
    const caPem = join(service.folder, 'zone-ca.crt.pem');
    const text = openssl(['x509', '-in', caPem, '-noout', '-text']);
    expect(text).toContain('Public-Key: (3072 bit)');
    expect(text).toContain('Signature Algorithm: sha256WithRSAEncryption');
    expect(text).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Certificate Sign, CRL Sign/);
    expect(text).toContain('Subject: CN = IT Zone Root, O = Outband Test, C = DE');
    expect(openssl(['verify', '-CAfile', caPem, caPem])).toContain('OK');

    const keyFile = await keyFileOf('zone-ca', caPem);
    expect(openssl(['asn1parse', '-in', keyFile])).toContain('aes-256-cbc');
    const pass = await passphraseFor(keyFile, 'zone-ca-key', await readFile(caPem, 'utf8'));
    const modulusKey = openssl(['rsa', '-in', keyFile, '-passin', 'env:KEYPASS', '-noout', '-modulus'], {
      KEYPASS: pass,
    });
    expect(modulusKey).toBe(openssl(['x509', '-in', caPem, '-noout', '-modulus']));
    expect(opensslStatus(['pkey', '-in', keyFile, '-passin', 'pass:not-the-passphrase', '-noout'])).not.toBe(0);
  });

  it('exports PEM and DER whose every hash form agrees with openssl -fingerprint', async () => {
    const pem = join(work, 'ca.pem');
    const der = join(work, 'ca.der');
    await writeFile(pem, await service.exportZoneCa('pem'));
    await writeFile(der, await service.exportZoneCa('der'));
    const hashes = (await service.zoneCa())!.hashes;
    for (const md of ['md5', 'sha1', 'sha256', 'sha384'] as const) {
      const expected = fingerprint(pem, md);
      expect(fingerprint(der, md, 'DER')).toBe(expected);
      const h = hashes[md];
      expect(h.colon).toBe(expected);
      const hex = expected.replace(/:/g, '').toLowerCase();
      for (const form of [h.colon, h.hexLower, h.hexUpper, h.mebx]) {
        const parsed = parseHash(form);
        expect(parsed.hex).toBe(hex);
        expect(parsed.algorithm).toBe(md);
      }
      expect(h.mebx).toBe(hex.toUpperCase().match(/.{4}/g)!.join('-'));
    }
  });
});

describe('management certificate from the zone CA (openssl)', () => {
  it('has serverAuth + the setup OID, the Intel OU, SAN, and verifies against the CA', async () => {
    await service.createManagementCertificate({ fqdn: 'prov.outband.test' });
    const cert = join(service.folder, 'mgmt.crt.pem');
    const text = openssl(['x509', '-in', cert, '-noout', '-text']);
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication, 2\.16\.840\.1\.113741\.1\.2\.3\n/);
    expect(text).toContain('OU = Intel(R) Client Setup Certificate, CN = prov.outband.test');
    expect(text).toContain('DNS:prov.outband.test');
    expect(text).toContain('CA:FALSE');
    const ca = join(service.folder, 'zone-ca.crt.pem');
    expect(openssl(['verify', '-CAfile', ca, '-purpose', 'sslserver', cert]).trim()).toBe(`${cert}: OK`);
    const keyFile = await keyFileOf('mgmt', cert);
    const pass = await passphraseFor(keyFile, 'mgmt-cert-key', await readFile(cert, 'utf8'));
    expect(openssl(['rsa', '-in', keyFile, '-passin', 'env:KEYPASS', '-noout', '-modulus'], { KEYPASS: pass })).toBe(
      openssl(['x509', '-in', cert, '-noout', '-modulus']),
    );
  });

  it('adds the console OID only on request, next to the setup OID', async () => {
    await service.createManagementCertificate({ fqdn: 'prov.outband.test', consoleOid: true, replace: true });
    const text = openssl(['x509', '-in', join(service.folder, 'mgmt.crt.pem'), '-noout', '-text']);
    expect(text).toContain('TLS Web Server Authentication, 2.16.840.1.113741.1.2.3, 2.16.840.1.113741.1.2.1');
  });

  it('exports a PFX that openssl opens with the passphrase (key + certificate + CA), and refuses a wrong one', async () => {
    const pfx = join(work, 'mgmt.pfx');
    await writeFile(pfx, await service.exportManagementCertificate({ format: 'pfx', passphrase: 'Pfx pass 42!' }));
    const dump = openssl(['pkcs12', '-in', pfx, '-passin', 'env:PFXPASS', '-nodes'], { PFXPASS: 'Pfx pass 42!' });
    expect(dump).toContain('BEGIN PRIVATE KEY');
    expect(dump.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(dump).toContain('Intel AMT Management Certificate');
    expect(opensslStatus(['pkcs12', '-in', pfx, '-passin', 'pass:wrong', '-nodes'])).not.toBe(0);
    const keyModulus = openssl(['rsa', '-noout', '-modulus'], {}, dump.slice(dump.indexOf('-----BEGIN PRIVATE KEY')));
    expect(keyModulus).toBe(openssl(['x509', '-in', join(service.folder, 'mgmt.crt.pem'), '-noout', '-modulus']));
    // DER export is the certificate alone, byte for byte what openssl reads.
    const der = join(work, 'mgmt.der');
    await writeFile(der, await service.exportManagementCertificate({ format: 'der' }));
    expect(fingerprint(der, 'sha256', 'DER')).toBe(
      (await service.managementCertificate())!.certificate.hashes.sha256.colon,
    );
  });

  it('delete removes the files and the keychain entry', async () => {
    const cert = await readFile(join(service.folder, 'mgmt.crt.pem'), 'utf8');
    const account = keyAccount('mgmt-cert-key', forge.pki.certificateFromPem(cert).publicKey);
    seenSecrets.add((await secrets.get(account))!);
    expect(await service.deleteManagementCertificate({ confirm: true })).toBe(true);
    expect(await secrets.get(account)).toBeNull();
    expect((await readdir(service.folder)).filter((n) => n.startsWith('mgmt.'))).toEqual([]);
  });
});

describe('CSR for an external (openssl) CA, then import', () => {
  it('creates a CSR openssl verifies, carrying the setup OID and OU', async () => {
    const result = await service.createCsr({
      country: 'DE',
      state: 'Berlin',
      organization: 'Outband Test',
      commonName: 'scs.outband.test',
      isCA: false,
      destinationFolder: work,
    });
    expect(result.file).toBe(join(work, 'scs.outband.test.csr'));
    const text = openssl(['req', '-in', result.file!, '-verify', '-noout', '-text']);
    expect(text).toContain('OU = Intel(R) Client Setup Certificate, CN = scs.outband.test');
    expect(text).toMatch(/Requested Extensions:[\s\S]*TLS Web Server Authentication, 2\.16\.840\.1\.113741\.1\.2\.3/);
    expect(text).toContain('CA:FALSE');
    expect(text).toContain('DNS:scs.outband.test');
    const pending = join(service.folder, 'pending.csr.pem');
    await passphraseFor(await keyFileOf('mgmt', pending), 'mgmt-cert-key', await readFile(pending, 'utf8'));
  });

  it('imports the openssl-signed certificate (DER leaf and DER root back to back) and shows the root hashes openssl computes', async () => {
    const ca = opensslRootCa(work);
    const signed = join(work, 'signed.pem');
    opensslSign(work, ca, join(work, 'scs.outband.test.csr'), signed);
    const leafDer = Buffer.from(openssl(['x509', '-in', signed, '-outform', 'DER']), 'latin1');
    // A key that is not ours must be refused first.
    const strangerCsr = join(work, 'stranger.csr');
    openssl([
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(work, 's.key'),
      '-subj',
      '/OU=Intel(R) Client Setup Certificate/CN=x.outband.test',
      '-out',
      strangerCsr,
    ]);
    opensslSign(work, ca, strangerCsr, join(work, 'stranger.pem'));
    await expect(service.importManagementCertificate(await readFile(join(work, 'stranger.pem')))).rejects.toMatchObject(
      {
        code: 'certs.key-mismatch',
      },
    );

    const bundle = Buffer.concat([
      leafDer,
      Buffer.from(openssl(['x509', '-in', ca.cert, '-outform', 'DER']), 'latin1'),
    ]);
    const result = await service.importManagementCertificate(bundle);
    expect(result.warnings).toEqual([]);
    expect(result.management.source).toBe('external');
    expect(result.management.certificate.hashes.sha1.colon).toBe(fingerprint(signed, 'sha1'));
    const root = await service.rootCertificateHashes();
    expect(root.source).toBe('management-chain');
    expect(root.hashes.sha256.colon).toBe(fingerprint(ca.cert, 'sha256'));
    expect(root.hashes.sha1.colon).toBe(fingerprint(ca.cert, 'sha1'));
    const held = join(service.folder, 'mgmt.crt.pem');
    expect(openssl(['verify', '-CAfile', ca.cert, held]).trim()).toBe(`${held}: OK`);
    // The pending key became the management key: same keychain entry, and openssl can open it.
    const keyFile = await keyFileOf('mgmt', held);
    const pass = await passphraseFor(keyFile, 'mgmt-cert-key', await readFile(held, 'utf8'));
    expect(openssl(['rsa', '-in', keyFile, '-passin', 'env:K', '-noout', '-modulus'], { K: pass })).toBe(
      openssl(['x509', '-in', held, '-noout', '-modulus']),
    );
  });

  it('refuses an openssl-signed certificate that lost the AMT marks, naming the console OID', async () => {
    const csr = await service.createCsr({
      country: 'DE',
      state: 'Berlin',
      organization: 'T',
      commonName: 'scs.outband.test',
      destinationFolder: work,
    });
    // A careless CA: its own subject (no Intel OU) and only the console OID.
    const ca = opensslRootCa(work);
    await writeFile(join(work, 'careless.ext'), 'extendedKeyUsage=serverAuth,2.16.840.1.113741.1.2.1\n');
    const out = join(work, 'careless.pem');
    openssl([
      'x509',
      '-req',
      '-in',
      csr.file!,
      '-CA',
      ca.cert,
      '-CAkey',
      ca.key,
      '-CAcreateserial',
      '-days',
      '5',
      '-subj',
      '/CN=scs.outband.test',
      '-extfile',
      join(work, 'careless.ext'),
      '-out',
      out,
    ]);
    const bundle = (await readFile(out, 'utf8')) + (await readFile(ca.cert, 'utf8'));
    await expect(service.importManagementCertificate(bundle)).rejects.toMatchObject({
      code: 'certs.not-amt-setup',
      message: expect.stringContaining('console'),
    });
    // Nothing was replaced: the management certificate from the previous import is still there.
    expect((await service.managementCertificate())?.source).toBe('external');
    expect((await service.status()).pendingCsr).not.toBeNull();
  });

  it('writes no passphrase into any file under the data folder', async () => {
    expect(seenSecrets.size).toBeGreaterThanOrEqual(3);
    const names = await readdir(dataDir, { recursive: true });
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      const content = await readFile(join(dataDir, name)).catch(() => Buffer.alloc(0));
      for (const secret of seenSecrets) expect(content.includes(secret), name).toBe(false);
    }
  });
});
