import forge from 'node-forge';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CertificateService } from '../../../electron/certs/certificate-service';
import { AMT_SETUP_OU, OID_AMT_CONSOLE, OID_AMT_SETUP, OID_SERVER_AUTH } from '../../../electron/certs/oids';
import { OutbandError } from '../../../shared/errors';
import { MemorySecretStore, SETUP_EKU, externalCa, issue, pemBundle } from './helpers';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof OutbandError) return err.code;
    throw err;
  }
  return 'no error';
}

let dataDir: string;
let secrets: MemorySecretStore;
let service: CertificateService;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'outband-certs-'));
  secrets = new MemorySecretStore();
  service = new CertificateService(dataDir, secrets);
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** The zone CA's key file: named by its key id (zone-ca.<id>.key.pem). */
async function zoneCaKeyPem(): Promise<string> {
  const names = (await readdir(service.folder)).filter((n) => /^zone-ca\.[0-9a-f]{16}\.key\.pem$/.test(n));
  expect(names).toHaveLength(1);
  return readFile(join(service.folder, names[0]), 'utf8');
}

async function filesUnder(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names.map((n) => join(dir, n));
}

/** The subject of a CSR's public key, signed by the external CA as a real CA would. */
function signCsr(
  pem: string,
  issuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  extra: Partial<Parameters<typeof issue>[0]> = {},
) {
  const csr = forge.pki.certificationRequestFromPem(pem);
  return issue({
    subject: csr.subject.attributes as never,
    publicKey: csr.publicKey!,
    issuer,
    eku: SETUP_EKU,
    ...extra,
  });
}

describe('zone CA', () => {
  it('creates a CA, reports it, keeps the key encrypted and the passphrase only in the secret store', async () => {
    const info = await service.createZoneCa({ subject: 'CN=Test Zone CA,O=Acme', keySize: 2048 });
    expect(info.subject).toBe('CN=Test Zone CA, O=Acme');
    expect(info.selfSigned).toBe(true);
    expect(info.keyBits).toBe(2048);
    expect(info.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    expect(new Date(info.notAfter).getUTCFullYear() - new Date().getUTCFullYear()).toBe(20);
    const status = await service.status();
    expect(status.zoneCa?.hashes.sha256.hexLower).toBe(info.hashes.sha256.hexLower);
    const keyPem = await zoneCaKeyPem();
    expect(keyPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    const [[account, passphrase]] = [...secrets.entries];
    expect(account).toMatch(/^zone-ca-key:[0-9a-f]{16}$/);
    expect(forge.pki.decryptRsaPrivateKey(keyPem, passphrase)).toBeTruthy();
    expect(forge.pki.decryptRsaPrivateKey(keyPem, 'wrong')).toBeNull();
  });

  it('keeps certs/ readable by its owner only, and tightens a folder an older version made 0755', async () => {
    await mkdir(join(dataDir, 'certs'), { mode: 0o755 });
    await chmod(join(dataDir, 'certs'), 0o755);
    await service.createZoneCa({ keySize: 2048 });
    expect((await stat(join(dataDir, 'certs'))).mode & 0o777).toBe(0o700);
  });

  it('refuses to replace a CA silently, and replaces it when asked (forgetting the old passphrase)', async () => {
    await service.createZoneCa({ keySize: 2048 });
    expect(await codeOf(service.createZoneCa({ keySize: 2048 }))).toBe('certs.ca-exists');
    const before = [...secrets.entries.keys()];
    await service.createZoneCa({ keySize: 2048, replace: true });
    const after = [...secrets.entries.keys()];
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
  });

  it('refuses to replace the CA while its management certificate exists (seed 3.2.7)', async () => {
    await service.createZoneCa({ keySize: 2048 });
    await service.createManagementCertificate({ fqdn: 'prov.example.com' });
    expect(await codeOf(service.createZoneCa({ keySize: 2048, replace: true }))).toBe('certs.mgmt-cert-exists');
  });

  it('refuses bad options with typed errors', async () => {
    expect(await codeOf(service.createZoneCa({ keySize: 1024 }))).toBe('certs.bad-key-size');
    expect(await codeOf(service.createZoneCa({ subject: 'O=no cn' }))).toBe('certs.bad-subject');
    expect(await codeOf(service.createZoneCa({ validityYears: 0 }))).toBe('certs.bad-validity');
    expect(await codeOf(service.exportZoneCa('pem'))).toBe('certs.no-zone-ca');
  });

  it('writes no key at all when the keychain is unreachable (no plaintext fallback)', async () => {
    const locked = new MemorySecretStore();
    locked.set = async () => {
      throw new OutbandError('vault.keychain-unavailable', 'The OS keychain is not available.');
    };
    const blocked = new CertificateService(dataDir, locked);
    expect(await codeOf(blocked.createZoneCa({ keySize: 2048 }))).toBe('vault.keychain-unavailable');
    expect(await readdir(dataDir, { recursive: true })).toEqual([]);
    expect(await blocked.zoneCa()).toBeNull();
  });

  it('says the key cannot be used when the keychain lost its passphrase', async () => {
    await service.createZoneCa({ keySize: 2048 });
    secrets.entries.clear();
    expect(await codeOf(service.createManagementCertificate({ fqdn: 'prov.example.com' }))).toBe(
      'certs.key-passphrase-missing',
    );
  });
});

describe('management certificate from the zone CA', () => {
  it('carries serverAuth + setup OID, the Intel OU, CN and SAN = FQDN; console OID only when asked', async () => {
    await service.createZoneCa({ keySize: 2048 });
    const mgmt = await service.createManagementCertificate({ fqdn: 'Prov.Example.com' });
    expect(mgmt.source).toBe('zone-ca');
    expect(mgmt.fqdn).toBe('prov.example.com');
    expect(mgmt.marks.extKeyUsage).toEqual([OID_SERVER_AUTH, OID_AMT_SETUP]);
    expect(mgmt.marks.setupOu).toBe(true);
    expect(mgmt.marks.dnsNames).toEqual(['prov.example.com']);
    expect(mgmt.certificate.subject).toContain(`OU=${AMT_SETUP_OU}`);
    expect(mgmt.root?.hashes.sha1.colon).toBe((await service.zoneCa())?.hashes.sha1.colon);
    expect(await codeOf(service.createManagementCertificate({ fqdn: 'prov.example.com' }))).toBe('certs.mgmt-exists');
    const both = await service.createManagementCertificate({
      fqdn: 'prov.example.com',
      consoleOid: true,
      replace: true,
    });
    expect(both.marks.extKeyUsage).toEqual([OID_SERVER_AUTH, OID_AMT_SETUP, OID_AMT_CONSOLE]);
    // One CA passphrase and one management passphrase: the replaced key's entry is gone.
    expect([...secrets.entries.keys()].filter((k) => k.startsWith('mgmt-cert-key:'))).toHaveLength(1);
  });

  it('needs a zone CA and a real FQDN', async () => {
    expect(await codeOf(service.createManagementCertificate({ fqdn: 'prov.example.com' }))).toBe('certs.no-zone-ca');
    await service.createZoneCa({ keySize: 2048 });
    expect(await codeOf(service.createManagementCertificate({ fqdn: 'prov' }))).toBe('certs.bad-fqdn');
  });

  it('deletes only with confirmation, removing files and the keychain entry', async () => {
    await service.createZoneCa({ keySize: 2048 });
    await service.createManagementCertificate({ fqdn: 'prov.example.com' });
    expect(await codeOf(service.deleteManagementCertificate({ confirm: false }))).toBe('certs.confirm-required');
    expect(await service.deleteManagementCertificate({ confirm: true })).toBe(true);
    expect(await service.managementCertificate()).toBeNull();
    expect([...secrets.entries.keys()].every((k) => k.startsWith('zone-ca-key:'))).toBe(true);
    expect(await service.deleteManagementCertificate({ confirm: true })).toBe(false);
    expect(await codeOf(service.exportManagementCertificate({ format: 'der' }))).toBe('certs.no-mgmt-cert');
  });

  it('root hashes come from the zone CA until an external chain is imported', async () => {
    expect(await codeOf(service.rootCertificateHashes())).toBe('certs.no-root');
    const ca = await service.createZoneCa({ keySize: 2048 });
    const root = await service.rootCertificateHashes();
    expect(root.source).toBe('zone-ca');
    expect(root.hashes.sha256.mebx).toBe(ca.hashes.sha256.mebx);
  });
});

describe('CSR and import', () => {
  const ext = externalCa();
  const fields = { country: 'us', state: 'Utah', organization: 'Acme', commonName: 'prov.acme.example' };

  it('imports the signed certificate with its chain and reports the external root', async () => {
    const csr = await service.createCsr({ ...fields, organizationalUnit: 'IT' });
    expect(csr.subject).toBe(`C=US, ST=Utah, O=Acme, OU=IT, OU=${AMT_SETUP_OU}, CN=prov.acme.example`);
    expect((await service.status()).pendingCsr?.pem).toBe(csr.pem);
    const leaf = signCsr(csr.pem, ext.intermediate);
    const result = await service.importManagementCertificate(pemBundle(leaf, ext.intermediate.cert, ext.root.cert));
    expect(result.warnings).toEqual([]);
    expect(result.management.source).toBe('external');
    expect(result.management.root?.subject).toBe('CN=Example External Root, O=Example');
    expect(result.management.chain).toHaveLength(2);
    const root = await service.rootCertificateHashes();
    expect(root.source).toBe('management-chain');
    expect((await service.status()).pendingCsr).toBeNull();
    const pfx = await service.exportManagementCertificate({ format: 'pfx', passphrase: 'Export-pass-7' });
    expect(pfx.length).toBeGreaterThan(1000);
  });

  it('refuses a PFX passphrase that misses the strength rules, naming what is missing', async () => {
    const csr = await service.createCsr(fields);
    await service.importManagementCertificate(pemBundle(signCsr(csr.pem, ext.intermediate), ext.intermediate.cert));
    for (const [weak, missing] of [
      ['abcd', 'at least 8 characters'],
      ['export-pass-7', 'upper-case'],
      ['EXPORT-PASS-7', 'lower-case'],
      ['Export-pass', 'digit'],
      ['Exportpass7', 'symbol'],
    ] as const) {
      const err = await service.exportManagementCertificate({ format: 'pfx', passphrase: weak }).then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(err?.code, weak).toBe('certs.weak-passphrase');
      expect(err?.message, weak).toContain(missing);
    }
    // Spaces and long passphrases are fine: only MEBx passwords carry the firmware's limits.
    const pfx = await service.exportManagementCertificate({
      format: 'pfx',
      passphrase: 'A long passphrase with spaces, 40+ chars: 1!',
    });
    expect(pfx.length).toBeGreaterThan(1000);
  });

  it('accepts DER with the chain left out, warning that the root is unknown', async () => {
    const csr = await service.createCsr(fields);
    const leaf = signCsr(csr.pem, ext.intermediate);
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(leaf)).getBytes(), 'binary');
    const result = await service.importManagementCertificate(der);
    expect(result.warnings.map((w) => w.code)).toEqual(['certs.chain-incomplete']);
    expect(result.management.root).toBeNull();
    expect(await codeOf(service.rootCertificateHashes())).toBe('certs.no-root');
  });

  it('refuses a certificate for another key', async () => {
    await service.createCsr(fields);
    const other = forge.pki.rsa.generateKeyPair({ bits: 512, e: 0x10001 });
    const leaf = issue({
      subject: [{ shortName: 'CN', value: 'x' }],
      publicKey: other.publicKey,
      issuer: ext.root,
      eku: SETUP_EKU,
    });
    expect(await codeOf(service.importManagementCertificate(pemBundle(leaf, ext.root.cert)))).toBe(
      'certs.key-mismatch',
    );
  });

  it('discards a pending CSR only with confirmation, forgetting its key', async () => {
    await service.createCsr(fields);
    expect(secrets.entries.size).toBe(1);
    expect(await codeOf(service.discardCsr({ confirm: false }))).toBe('certs.confirm-required');
    expect(await service.discardCsr({ confirm: true })).toBe(true);
    expect(secrets.entries.size).toBe(0);
    expect((await service.status()).pendingCsr).toBeNull();
    expect(await service.discardCsr({ confirm: true })).toBe(false);
  });

  it('refuses an import with no CSR waiting', async () => {
    expect(await codeOf(service.importManagementCertificate(pemBundle(ext.root.cert)))).toBe('certs.no-pending-csr');
  });

  it('refuses a certificate with neither the setup OID nor the OU, naming the console OID if present', async () => {
    const csr = await service.createCsr(fields);
    const subject = [{ shortName: 'CN', value: 'prov.acme.example' }];
    const plain = signCsr(csr.pem, ext.root, { subject, eku: { serverAuth: true } });
    expect(await codeOf(service.importManagementCertificate(pemBundle(plain, ext.root.cert)))).toBe(
      'certs.not-amt-setup',
    );
    const consoleOnly = signCsr(csr.pem, ext.root, { subject, eku: { serverAuth: true, [OID_AMT_CONSOLE]: true } });
    await expect(service.importManagementCertificate(pemBundle(consoleOnly, ext.root.cert))).rejects.toThrow(/console/);
  });

  it('accepts OU + console OID, with a warning', async () => {
    const csr = await service.createCsr(fields);
    const leaf = signCsr(csr.pem, ext.root, { eku: { serverAuth: true, [OID_AMT_CONSOLE]: true } });
    const result = await service.importManagementCertificate(pemBundle(leaf, ext.root.cert));
    expect(result.warnings.map((w) => w.code)).toEqual(['certs.console-oid-only']);
  });

  it('refuses a setup OID without serverAuth', async () => {
    const csr = await service.createCsr(fields);
    const subject = [{ shortName: 'CN', value: 'prov.acme.example' }];
    const leaf = signCsr(csr.pem, ext.root, { subject, eku: { clientAuth: true, [OID_AMT_SETUP]: true } });
    expect(await codeOf(service.importManagementCertificate(pemBundle(leaf, ext.root.cert)))).toBe(
      'certs.no-server-auth',
    );
  });

  it('refuses expired and not-yet-valid certificates, and expired chain certificates', async () => {
    const csr = await service.createCsr(fields);
    const day = 86400_000;
    const old = signCsr(csr.pem, ext.root, {
      notBefore: new Date(Date.now() - 10 * day),
      notAfter: new Date(Date.now() - day),
    });
    expect(await codeOf(service.importManagementCertificate(pemBundle(old, ext.root.cert)))).toBe('certs.expired');
    const future = signCsr(csr.pem, ext.root, { notBefore: new Date(Date.now() + day) });
    expect(await codeOf(service.importManagementCertificate(pemBundle(future, ext.root.cert)))).toBe(
      'certs.not-yet-valid',
    );
    const later = new CertificateService(dataDir, secrets, { now: () => new Date(Date.now() + 400 * day) });
    const leaf = signCsr(csr.pem, ext.intermediate, { notAfter: new Date(Date.now() + 800 * day) });
    expect(await codeOf(later.importManagementCertificate(pemBundle(leaf, ext.intermediate.cert, ext.root.cert)))).toBe(
      'certs.chain-expired',
    );
  });

  it('refuses a chain whose signature does not verify', async () => {
    const csr = await service.createCsr(fields);
    const impostorKey = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 }).privateKey;
    const leaf = signCsr(csr.pem, { cert: ext.intermediate.cert, key: impostorKey });
    expect(
      await codeOf(service.importManagementCertificate(pemBundle(leaf, ext.intermediate.cert, ext.root.cert))),
    ).toBe('certs.bad-signature');
  });

  it('warns about a SHA-1 signature', async () => {
    const csr = await service.createCsr(fields);
    const leaf = signCsr(csr.pem, ext.root, { md: 'sha1' });
    const result = await service.importManagementCertificate(pemBundle(leaf, ext.root.cert));
    expect(result.warnings.map((w) => w.code)).toEqual(['certs.weak-signature']);
  });

  it('chains to our zone CA without the file carrying it', async () => {
    await service.createZoneCa({ keySize: 2048, subject: 'CN=Our Zone,O=Acme' });
    const csr = await service.createCsr(fields);
    // Stand-in for a CA that holds the zone key: read it back the way the service stores it.
    const keyPem = await zoneCaKeyPem();
    const zoneKey = forge.pki.decryptRsaPrivateKey(keyPem, [...secrets.entries.values()][0]);
    const zoneCert = forge.pki.certificateFromPem(await readFile(join(service.folder, 'zone-ca.crt.pem'), 'utf8'));
    const leaf = signCsr(csr.pem, { cert: zoneCert, key: zoneKey });
    const result = await service.importManagementCertificate(forge.pki.certificateToPem(leaf));
    expect(result.warnings).toEqual([]);
    expect(result.management.root?.subject).toBe('CN=Our Zone, O=Acme');
  });

  it('requires a CSR key type it knows, and warns when the CN is not an FQDN', async () => {
    expect(await codeOf(service.createCsr({ ...fields, type: 'ec-256' }))).toBe('certs.bad-key-type');
    expect(await codeOf(service.createCsr({ ...fields, country: 'USA' }))).toBe('certs.bad-subject');
    expect(await codeOf(service.createCsr({ ...fields, organization: ' ' }))).toBe('certs.bad-subject');
    const csr = await service.createCsr({ ...fields, commonName: 'prov' });
    expect(csr.warnings.map((w) => w.code)).toEqual(['certs.cn-not-fqdn']);
  });

  it('writes no secret into any file under the data folder', async () => {
    await service.createZoneCa({ keySize: 2048 });
    await service.createManagementCertificate({ fqdn: 'prov.example.com' });
    await service.createCsr(fields);
    const files = await filesUnder(dataDir);
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) {
      const content = await readFile(file).catch(() => Buffer.alloc(0));
      for (const secret of secrets.entries.values()) expect(content.includes(secret), file).toBe(false);
    }
  });
});

describe('checkImportedCertificate', () => {
  it('warns about a key under 2048 bits', async () => {
    const { checkImportedCertificate } = await import('../../../electron/certs/import-check');
    const { loadCertificates } = await import('../../../electron/certs/der');
    const ext = externalCa();
    const small = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
    const leaf = issue({
      subject: [
        { shortName: 'OU', value: AMT_SETUP_OU },
        { shortName: 'CN', value: 'p.example.com' },
      ],
      publicKey: small.publicKey,
      issuer: ext.root,
    });
    const checked = checkImportedCertificate(loadCertificates(pemBundle(leaf, ext.root.cert)), {
      keys: [small.publicKey],
      anchors: [],
      now: new Date(),
    });
    expect(checked.warnings.map((w) => w.code)).toEqual(['certs.weak-key']);
    // No EKU at all: any use is allowed, so the OU alone identifies it.
    expect(checked.marks.extKeyUsage).toBeNull();
    expect(checked.root?.cert.subject.getField('CN').value).toBe('Example External Root');
  });
});
