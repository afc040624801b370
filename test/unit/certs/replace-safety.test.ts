import forge from 'node-forge';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CertificateService } from '../../../electron/certs/certificate-service';
import { keyAccount } from '../../../electron/certs/cert-store';
import { publicKeyId } from '../../../electron/certs/keys';
import { writeFileAtomic } from '../../../electron/store/atomic-file';
import { OutbandError } from '../../../shared/errors';
import { MemorySecretStore, SETUP_EKU, externalCa, issue, pemBundle } from './helpers';

let dataDir: string;
let secrets: MemorySecretStore;
let service: CertificateService;
/** File names the writer refuses, as a crash or full disk would between the key and its certificate. */
let failOn: Set<string>;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'outband-certs-replace-'));
  secrets = new MemorySecretStore();
  failOn = new Set();
  service = new CertificateService(dataDir, secrets, {
    writeFile: async (path, text) => {
      if (failOn.has(basename(path))) throw new Error(`simulated failure writing ${basename(path)}`);
      await writeFileAtomic(path, text);
    },
  });
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function names(): Promise<string[]> {
  return (await readdir(service.folder)).sort();
}

async function certPem(name: string): Promise<string> {
  return readFile(join(service.folder, name), 'utf8');
}

const fields = { country: 'us', state: 'Utah', organization: 'Acme', commonName: 'prov.acme.example' };

function signCsr(pem: string, issuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }) {
  const csr = forge.pki.certificationRequestFromPem(pem);
  return issue({ subject: csr.subject.attributes as never, publicKey: csr.publicKey!, issuer, eku: SETUP_EKU });
}

describe('a replacement that fails between the new key and its certificate', () => {
  it('keeps the old zone CA and its key usable; the next change sweeps the orphaned key', async () => {
    const old = await service.createZoneCa({ keySize: 2048 });
    const oldPem = await certPem('zone-ca.crt.pem');
    failOn.add('zone-ca.crt.pem');
    await expect(service.createZoneCa({ keySize: 2048, replace: true })).rejects.toThrow(/simulated/);
    expect(await certPem('zone-ca.crt.pem')).toBe(oldPem);
    // The new key landed beside the old one, not over it.
    expect((await names()).filter((n) => n.startsWith('zone-ca.') && n.endsWith('.key.pem'))).toHaveLength(2);
    failOn.clear();
    // The old CA's key still opens: it can issue the management certificate.
    const mgmt = await service.createManagementCertificate({ fqdn: 'prov.example.com' });
    expect(mgmt.root?.hashes.sha256.hexLower).toBe(old.hashes.sha256.hexLower);
    // That change swept the orphan: one key file and one keychain entry per document.
    const caKey = forge.pki.certificateFromPem(oldPem).publicKey;
    expect((await names()).filter((n) => n.startsWith('zone-ca.'))).toEqual(
      ['zone-ca.crt.pem', `zone-ca.${publicKeyId(caKey)}.key.pem`].sort(),
    );
    expect([...secrets.entries.keys()].filter((k) => k.startsWith('zone-ca-key:'))).toEqual([
      keyAccount('zone-ca-key', caKey),
    ]);
  });

  it('keeps the old management certificate exportable with its key', async () => {
    await service.createZoneCa({ keySize: 2048 });
    const before = await service.createManagementCertificate({ fqdn: 'prov.example.com' });
    failOn.add('mgmt.crt.pem');
    await expect(service.createManagementCertificate({ fqdn: 'new.example.com', replace: true })).rejects.toThrow(
      /simulated/,
    );
    expect((await service.managementCertificate())?.certificate.hashes.sha256.hexLower).toBe(
      before.certificate.hashes.sha256.hexLower,
    );
    const pfx = await service.exportManagementCertificate({ format: 'pfx', passphrase: 'Export-pass-7' });
    expect(pfx.length).toBeGreaterThan(1000);
    failOn.clear();
    await service.createManagementCertificate({ fqdn: 'new.example.com', replace: true });
    expect([...secrets.entries.keys()].filter((k) => k.startsWith('mgmt-cert-key:'))).toHaveLength(1);
    expect((await names()).filter((n) => n.startsWith('mgmt.') && n.endsWith('.key.pem'))).toHaveLength(1);
  });

  it('keeps the old pending CSR importable', async () => {
    const ext = externalCa();
    const first = await service.createCsr(fields);
    failOn.add('pending.csr.pem');
    await expect(service.createCsr({ ...fields, commonName: 'other.acme.example' })).rejects.toThrow(/simulated/);
    failOn.clear();
    expect((await service.status()).pendingCsr?.pem).toBe(first.pem);
    const leaf = signCsr(first.pem, ext.root);
    const result = await service.importManagementCertificate(pemBundle(leaf, ext.root.cert));
    expect(result.management.source).toBe('external');
    expect(
      (await service.exportManagementCertificate({ format: 'pfx', passphrase: 'Export-pass-7' })).length,
    ).toBeGreaterThan(1000);
    expect(secrets.entries.size).toBe(1);
    expect(await names()).toEqual(['mgmt.crt.pem', `mgmt.${publicKeyId(leaf.publicKey)}.key.pem`].sort());
  });

  it('keeps the pending CSR when the imported certificate cannot be written', async () => {
    const ext = externalCa();
    const csr = await service.createCsr(fields);
    failOn.add('mgmt.crt.pem');
    const leaf = signCsr(csr.pem, ext.root);
    await expect(service.importManagementCertificate(pemBundle(leaf, ext.root.cert))).rejects.toThrow(/simulated/);
    failOn.clear();
    expect(await service.managementCertificate()).toBeNull();
    expect((await service.status()).pendingCsr?.pem).toBe(csr.pem);
    await service.importManagementCertificate(pemBundle(leaf, ext.root.cert));
    expect((await service.status()).pendingCsr).toBeNull();
  });
});

describe('changes at the same time in one process', () => {
  it('run one after the other, so no change sweeps away a key another has not committed yet', async () => {
    const ext = externalCa();
    let writing = 0;
    let overlapped = false;
    const watched = new CertificateService(dataDir, secrets, {
      writeFile: async (path, text) => {
        overlapped ||= writing > 0;
        writing += 1;
        try {
          await writeFileAtomic(path, text);
        } finally {
          writing -= 1;
        }
      },
    });
    const [, csr] = await Promise.all([watched.createZoneCa({ keySize: 2048 }), watched.createCsr(fields)]);
    expect(overlapped).toBe(false);
    expect((await names()).filter((n) => n.endsWith('.key.pem'))).toHaveLength(2);
    expect(secrets.entries.size).toBe(2);
    // The CSR's key survived the zone CA's sweep: its certificate imports and exports with the key.
    await watched.importManagementCertificate(pemBundle(signCsr(csr.pem, ext.root), ext.root.cert));
    expect(
      (await watched.exportManagementCertificate({ format: 'pfx', passphrase: 'Export-pass-7' })).length,
    ).toBeGreaterThan(1000);
  });
});

describe('data folders written before keys were named by id', () => {
  /** Rewrites the folder into the old layout: fixed key names and the chain in its own file. */
  async function toLegacyLayout(): Promise<void> {
    const ca = forge.pki.certificateFromPem(await certPem('zone-ca.crt.pem')).publicKey;
    const [leafPem, ...chain] = (await certPem('mgmt.crt.pem')).split(/(?=-----BEGIN CERTIFICATE-----)/);
    const mgmt = forge.pki.certificateFromPem(leafPem).publicKey;
    const csr = forge.pki.certificationRequestFromPem(await certPem('pending.csr.pem')).publicKey!;
    const dir = service.folder;
    await rename(join(dir, `zone-ca.${publicKeyId(ca)}.key.pem`), join(dir, 'zone-ca.key.pem'));
    await rename(join(dir, `mgmt.${publicKeyId(mgmt)}.key.pem`), join(dir, 'mgmt.key.pem'));
    await rename(join(dir, `mgmt.${publicKeyId(csr)}.key.pem`), join(dir, 'pending.key.pem'));
    await writeFile(join(dir, 'mgmt.crt.pem'), leafPem);
    await writeFile(join(dir, 'mgmt.chain.pem'), chain.join(''));
  }

  it('reads them, keeps them working, and moves to the new layout as documents are replaced', async () => {
    const ca = await service.createZoneCa({ keySize: 2048 });
    await service.createManagementCertificate({ fqdn: 'prov.example.com' });
    const csr = await service.createCsr(fields);
    await toLegacyLayout();
    expect(await names()).toEqual([
      'mgmt.chain.pem',
      'mgmt.crt.pem',
      'mgmt.key.pem',
      'pending.csr.pem',
      'pending.key.pem',
      'zone-ca.crt.pem',
      'zone-ca.key.pem',
    ]);

    // Reading: the chain file still counts, the legacy keys still open.
    const status = await service.status();
    expect(status.management?.source).toBe('zone-ca');
    expect(status.management?.root?.hashes.sha256.hexLower).toBe(ca.hashes.sha256.hexLower);
    expect(
      (await service.exportManagementCertificate({ format: 'pfx', passphrase: 'Export-pass-7' })).length,
    ).toBeGreaterThan(1000);

    // A new management certificate from the legacy zone CA key; the legacy mgmt key goes, the CSR's stays.
    const renewed = await service.createManagementCertificate({ fqdn: 'prov.example.com', replace: true });
    expect(renewed.root?.hashes.sha256.hexLower).toBe(ca.hashes.sha256.hexLower);
    const afterRenew = await names();
    expect(afterRenew).not.toContain('mgmt.key.pem');
    expect(afterRenew).not.toContain('mgmt.chain.pem');
    expect(afterRenew).toContain('pending.key.pem');
    expect(afterRenew).toContain('zone-ca.key.pem');

    // Importing for the legacy pending key gives it its id-named file before the commit.
    const zoneKey = forge.pki.decryptRsaPrivateKey(
      await certPem('zone-ca.key.pem'),
      [...secrets.entries].find(([k]) => k.startsWith('zone-ca-key:'))![1],
    );
    const leaf = signCsr(csr.pem, {
      cert: forge.pki.certificateFromPem(await certPem('zone-ca.crt.pem')),
      key: zoneKey,
    });
    await service.importManagementCertificate(forge.pki.certificateToPem(leaf));
    expect(await names()).toEqual(
      ['mgmt.crt.pem', `mgmt.${publicKeyId(leaf.publicKey)}.key.pem`, 'zone-ca.crt.pem', 'zone-ca.key.pem'].sort(),
    );
    expect(
      (await service.exportManagementCertificate({ format: 'pfx', passphrase: 'Export-pass-7' })).length,
    ).toBeGreaterThan(1000);
    expect([...secrets.entries.keys()].sort()).toEqual(
      [
        keyAccount('mgmt-cert-key', leaf.publicKey),
        keyAccount('zone-ca-key', forge.pki.certificateFromPem(await certPem('zone-ca.crt.pem')).publicKey),
      ].sort(),
    );
  });

  it('ignores a legacy chain file that did not issue the certificate', async () => {
    const ext = externalCa();
    await service.createZoneCa({ keySize: 2048 });
    await service.createManagementCertificate({ fqdn: 'prov.example.com' });
    const csr = await service.createCsr(fields);
    await toLegacyLayout();
    const chain = await certPem('mgmt.chain.pem');
    const leaf = signCsr(csr.pem, ext.root);
    await service.importManagementCertificate(forge.pki.certificateToPem(leaf));
    // A crash may leave the old layout's chain beside a leaf-only certificate: it must not count.
    await writeFile(join(service.folder, 'mgmt.chain.pem'), chain);
    const status = await service.managementCertificate();
    expect(status?.source).toBe('external');
    expect(status?.chain).toEqual([]);
  });
});

describe('key files on read', () => {
  it('refuses a key file that holds another key', async () => {
    await service.createZoneCa({ keySize: 2048 });
    const other = new CertificateService(join(dataDir, 'other'), secrets);
    await other.createZoneCa({ keySize: 2048 });
    const mine = (await names()).find((n) => n.endsWith('.key.pem'))!;
    const theirs = (await readdir(other.folder)).find((n) => n.endsWith('.key.pem'))!;
    await writeFile(join(service.folder, mine), await readFile(join(other.folder, theirs)));
    // Give the foreign key our account's passphrase, so only the key check can catch it.
    const ourAccount = `zone-ca-key:${mine.split('.')[1]}`;
    secrets.entries.set(ourAccount, secrets.entries.get(`zone-ca-key:${theirs.split('.')[1]}`)!);
    const err = await service.createManagementCertificate({ fqdn: 'prov.example.com' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutbandError);
    expect((err as OutbandError).code).toBe('certs.key-unreadable');
  });
});
