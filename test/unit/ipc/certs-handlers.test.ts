import type { Services } from '../../../electron/services';
import forge from 'node-forge';
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestServices, type TestServices } from '../../support/test-services';
import { MemorySecretStore, SETUP_EKU, externalCa, issue, pemBundle } from '../certs/helpers';

let t: TestServices;
let dataDir: string;
let downloads: string;
let services: Services;
let replies: unknown[];
/** When false, the stand-in save dialog is "cancelled". */
let saveAccepted: boolean;

beforeEach(async () => {
  saveAccepted = true;
  t = await openTestServices({
    prefix: 'outband-certs-ipc-',
    secretStore: new MemorySecretStore(),
    saveFile: async (name, data) => {
      if (!saveAccepted) return null;
      await mkdir(downloads, { recursive: true });
      await writeFile(join(downloads, name), data);
      return join(downloads, name);
    },
  });
  ({ dataDir, services, replies } = t);
  downloads = `${dataDir}-downloads`;
});

afterEach(async () => {
  await t.close();
  await rm(downloads, { recursive: true, force: true });
});

const ok = <T>(channel: string, args?: unknown) => t.ok<T>(channel, args);
const errorCode = (channel: string, args?: unknown) => t.errorCode(channel, args);

type Hashes = Record<'sha1' | 'sha256', { colon: string; hexLower: string; mebx: string }>;

const createCa = () =>
  ok<{ subject: string; keyBits: number; hashes: Hashes }>('certs.createZoneCa', {
    commonName: 'Lab Zone CA',
    organization: 'Smith, Jones & Co',
    country: 'de',
    keySize: 2048,
  });

describe('certs handlers: zone CA', () => {
  it('reports no zone CA and why there is no root hash on an empty data folder', async () => {
    const status = await ok<{ zoneCa: unknown; root: unknown; rootProblem: string; keySizes: number[] }>(
      'certs.status',
    );
    expect(status.zoneCa).toBeNull();
    expect(status.root).toBeNull();
    expect(status.rootProblem).toMatch(/zone CA/);
    expect(status.keySizes).toContain(3072);
  });

  it('creates the zone CA from subject fields (a comma in a value survives) and reports its hashes', async () => {
    const ca = await createCa();
    expect(ca.subject).toBe('CN=Lab Zone CA, O=Smith\\, Jones & Co, C=DE');
    expect(ca.keyBits).toBe(2048);
    const status = await ok<{ zoneCa: { hashes: Hashes }; root: { source: string; hashes: Hashes } }>('certs.status');
    expect(status.root.source).toBe('zone-ca');
    expect(status.root.hashes.sha256.hexLower).toBe(ca.hashes.sha256.hexLower);

    const saved = await ok<{ path: string }>('certs.exportZoneCa', { format: 'der' });
    expect(saved.path).toBe(join(downloads, 'outband-zone-root-ca.cer'));
    const x = new X509Certificate(await readFile(saved.path));
    expect(ca.hashes.sha256.colon).toBe(x.fingerprint256);
    expect(ca.hashes.sha1.colon).toBe(x.fingerprint);
  });

  it('refuses key sizes outside the offered ones and a second CA without replace', async () => {
    expect(await errorCode('certs.createZoneCa', { commonName: 'X', keySize: 1024 })).toBe('ipc.invalid-arguments');
    expect(await errorCode('certs.createZoneCa', { commonName: 'X', keySize: 2048, country: 'Germany' })).toBe(
      'ipc.invalid-arguments',
    );
    await createCa();
    expect(await errorCode('certs.createZoneCa', { commonName: 'Y', keySize: 2048 })).toBe('certs.ca-exists');
  });

  it('answers path null when the save dialog is cancelled', async () => {
    await createCa();
    saveAccepted = false;
    expect(await ok('certs.exportZoneCa', { format: 'pem' })).toEqual({ path: null });
  });
});

describe('certs handlers: management certificate', () => {
  it('issues, exports (PEM, DER, PFX) and deletes only with confirmation; no secret crosses', async () => {
    await createCa();
    const mgmt = await ok<{ fqdn: string; source: string; marks: { setupOid: boolean; consoleOid: boolean } }>(
      'certs.createManagement',
      { fqdn: 'Prov.Example.COM', consoleOid: true },
    );
    expect(mgmt).toMatchObject({ fqdn: 'prov.example.com', source: 'zone-ca' });
    expect(mgmt.marks).toMatchObject({ setupOid: true, consoleOid: true });

    const pem = await ok<{ path: string }>('certs.exportManagement', { format: 'pem' });
    expect(pem.path).toBe(join(downloads, 'amt-management-prov.example.com.pem'));
    expect((await readFile(pem.path, 'utf8')).match(/BEGIN CERTIFICATE/g)).toHaveLength(2);

    const passphrase = 'Correct horse battery 9!';
    const pfx = await ok<{ path: string }>('certs.exportManagement', { format: 'pfx', passphrase });
    const p12 = forge.pkcs12.pkcs12FromAsn1(
      forge.asn1.fromDer(forge.util.createBuffer((await readFile(pfx.path)).toString('binary'))),
      passphrase,
    );
    expect(
      p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!],
    ).toHaveLength(1);
    expect(await errorCode('certs.exportManagement', { format: 'pfx', passphrase: 'abc' })).toBe(
      'ipc.invalid-arguments',
    );

    expect(await errorCode('certs.deleteManagement', { confirm: false })).toBe('ipc.invalid-arguments');
    expect(await ok('certs.deleteManagement', { confirm: true })).toEqual({ deleted: true });
    expect(await errorCode('certs.exportManagement', { format: 'der' })).toBe('certs.no-mgmt-cert');

    const everything = JSON.stringify(replies);
    expect(everything).not.toContain(passphrase);
    expect(everything).not.toContain('PRIVATE KEY');
  });

  it('rejects a name that is not an FQDN with the service code', async () => {
    await createCa();
    expect(await errorCode('certs.createManagement', { fqdn: 'localhost', consoleOid: false })).toBe('certs.bad-fqdn');
  });
});

describe('certs handlers: CSR and import', () => {
  const csrFields = {
    isCA: false,
    type: 'rsa-2048',
    country: 'US',
    state: 'Utah',
    organization: 'Example',
    organizationalUnit: 'IT',
    commonName: 'prov.example.com',
  };

  it('creates a CSR, saves it through the save dialog, and imports the signed certificate from file bytes', async () => {
    const csr = await ok<{ pem: string; subject: string; warnings: unknown[] }>('certs.createCsr', csrFields);
    expect(csr.pem).toMatch(/^-----BEGIN CERTIFICATE REQUEST-----/);
    expect(csr.warnings).toEqual([]);
    const saved = await ok<{ path: string }>('certs.saveCsr');
    expect(saved.path).toBe(join(downloads, 'prov.example.com.csr'));
    expect(await readFile(saved.path, 'utf8')).toBe(csr.pem);

    const ext = externalCa();
    const request = forge.pki.certificationRequestFromPem(csr.pem);
    const leaf = issue({
      subject: request.subject.attributes as never,
      publicKey: request.publicKey!,
      issuer: ext.root,
      eku: SETUP_EKU,
    });
    const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(leaf)).getBytes(), 'binary');
    const imported = await ok<{ management: { source: string }; warnings: { code: string }[] }>(
      'certs.importManagement',
      { base64: der.toString('base64') },
    );
    expect(imported.management.source).toBe('external');
    expect(imported.warnings.map((w) => w.code)).toContain('certs.chain-incomplete');
    const status = await ok<{ pendingCsr: unknown }>('certs.status');
    expect(status.pendingCsr).toBeNull();
    expect(JSON.stringify(replies)).not.toContain('PRIVATE KEY');
  });

  it('imports pasted PEM with its chain, and the root hash then comes from that chain', async () => {
    const csr = await ok<{ pem: string }>('certs.createCsr', csrFields);
    const ext = externalCa();
    const request = forge.pki.certificationRequestFromPem(csr.pem);
    const leaf = issue({
      subject: request.subject.attributes as never,
      publicKey: request.publicKey!,
      issuer: ext.intermediate,
      eku: SETUP_EKU,
    });
    await ok('certs.importManagement', { pem: pemBundle(leaf, ext.intermediate.cert, ext.root.cert) });
    const status = await ok<{ root: { source: string; hashes: Hashes } }>('certs.status');
    expect(status.root.source).toBe('management-chain');
    const rootX = new X509Certificate(forge.pki.certificateToPem(ext.root.cert));
    expect(status.root.hashes.sha256.colon).toBe(rootX.fingerprint256);
  });

  it('saves nothing and says so when there is no CSR; discards only with confirmation', async () => {
    expect(await errorCode('certs.saveCsr')).toBe('certs.no-pending-csr');
    await ok('certs.createCsr', csrFields);
    expect(await errorCode('certs.discardCsr', {})).toBe('ipc.invalid-arguments');
    expect(await ok('certs.discardCsr', { confirm: true })).toEqual({ discarded: true });
  });
});

describe('certs handlers: hashing files and the zone change check', () => {
  it('hashes a certificate file given as base64 bytes, and refuses bytes that are no certificate', async () => {
    await createCa();
    const saved = await ok<{ path: string }>('certs.exportZoneCa', { format: 'pem' });
    const bytes = await readFile(saved.path);
    const summary = await ok<{ subject: string; selfSigned: boolean; hashes: Hashes }>('certs.hashFile', {
      base64: bytes.toString('base64'),
    });
    const x = new X509Certificate(bytes);
    expect(summary.hashes.sha256.colon).toBe(x.fingerprint256);
    expect(summary.selfSigned).toBe(true);
    expect(summary.hashes.sha1.mebx).toBe(x.fingerprint.replace(/:/g, '').match(/.{4}/g)!.join('-'));
    const code = await errorCode('certs.hashFile', { base64: Buffer.from('not a certificate').toString('base64') });
    expect(code).toMatch(/^certs\./);
  });

  it('lists provisioned and never-read devices, not those the firmware reported unprovisioned', async () => {
    const post = await services.devices.add({ name: 'pc-post', address: '10.0.0.1' });
    const pre = await services.devices.add({ name: 'pc-pre', address: '10.0.0.2' });
    const unread = await services.devices.add({ name: 'pc-unread', address: '10.0.0.3' });
    await services.devices.recordFirmware(post.id, { provisioningState: 'post', controlMode: 'admin' });
    await services.devices.recordFirmware(pre.id, { provisioningState: 'pre' });
    const check = await ok<{ devicesAvailable: boolean; total: number; devices: { id: string; state: string }[] }>(
      'certs.zoneChangeCheck',
    );
    expect(check.devicesAvailable).toBe(true);
    expect(check.total).toBe(3);
    expect(check.devices.map((d) => [d.id, d.state])).toEqual([
      [post.id, 'provisioned'],
      [unread.id, 'unknown'],
    ]);
  });

  it('replaces the zone CA only after the management certificate it issued is gone (seed 3.2.7 order)', async () => {
    const first = await createCa();
    await ok('certs.createManagement', { fqdn: 'prov.example.com', consoleOid: false });
    expect(await errorCode('certs.createZoneCa', { commonName: 'New CA', keySize: 2048, replace: true })).toBe(
      'certs.mgmt-cert-exists',
    );
    await ok('certs.deleteManagement', { confirm: true });
    const second = await ok<{ hashes: Hashes }>('certs.createZoneCa', {
      commonName: 'New CA',
      keySize: 2048,
      replace: true,
    });
    expect(second.hashes.sha256.hexLower).not.toBe(first.hashes.sha256.hexLower);
    const mgmt = await ok<{ chain: { hashes: Hashes }[] }>('certs.createManagement', {
      fqdn: 'prov.example.com',
      consoleOid: false,
    });
    expect(mgmt.chain[0]?.hashes.sha256.hexLower).toBe(second.hashes.sha256.hexLower);
  });
});
