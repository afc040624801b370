// Provisioning end to end against simulated devices in setup mode: Hello → listener → provision
// → TLS pinned → power status over TLS with the new credential; the device certificate checked
// with openssl; refusals with their own codes; a failure mid-way naming its step; unprovision;
// adopting a plain-HTTP device.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { SimDevice, generateTlsIdentity, startFleet, type Fleet, type FleetOptions } from '../../../electron/simulator';
import type { DiscoveredRow, ListenerStatus } from '../../../shared/ipc/discovery';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { PowerCheckResult } from '../../../shared/ipc/power';
import type { ProvisionStepEvent } from '../../../shared/ipc/provisioning';
import { openTestServices, type TestServices } from '../../support/test-services';
import { freePort } from '../../support/net';
import { openssl, opensslStatus } from '../../support/openssl';

const PASSWORD = 'Adm1n!Passw0rd';
const fleets: Fleet[] = [];
const sims: SimDevice[] = [];
const steps: ProvisionStepEvent[] = [];
let t: TestServices | undefined;
let dir = '';

afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(fleets.splice(0).map((f) => f.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

async function until<T>(what: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Services with a zone CA, a management certificate for prov.example.test, a credential and a listener. */
async function zone() {
  steps.length = 0;
  t = await openTestServices({
    prefix: 'outband-provision-',
    emit: (event, payload) => {
      if (event === 'provision.step') steps.push(payload as ProvisionStepEvent);
    },
  });
  const ca = await t.services.certs.createZoneCa({ keySize: 2048 });
  await t.services.certs.createManagementCertificate({ fqdn: 'prov.example.test' });
  const credential = await t.services.vault.create({ name: 'Fleet admin', loginName: 'admin', password: PASSWORD });
  const listenPort = await freePort();
  await t.ok<ListenerStatus>('discovery.listenerStart', { host: '127.0.0.1', port: listenPort });
  return { services: t, ca, credential, listenPort };
}

/** Setup-mode devices on 127.0.0.x that send Hellos to the listener and trust `hashes`. */
async function setupFleet(
  n: number,
  listenPort: number,
  hashes: { alg: 'sha256'; hex: string }[],
  more: Partial<FleetOptions> = {},
) {
  const port = await freePort();
  const fleet = await startFleet({
    devices: n,
    addressing: 'addresses',
    portBase: port,
    tls: true,
    seed: 900,
    perDevice: () => ({
      provisioningState: 1,
      pkiDnsSuffix: 'example.test',
      hello: { to: { host: '127.0.0.1', port: listenPort }, timeFactor: 6000, trustedRootHashes: hashes },
    }),
    ...more,
  });
  fleets.push(fleet);
  return { fleet, port };
}

async function discovered(s: TestServices, n: number): Promise<DiscoveredRow[]> {
  return until(async () => {
    const rows = (await s.ok<{ devices: DiscoveredRow[] }>('discovery.list')).devices.filter((d) => d.hello);
    return rows.length >= n ? rows : undefined;
  });
}

function servedCertificatePem(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    // A test client only: it reads the certificate the device serves, to check it with openssl.
    const socket = tlsConnect({ host, port, rejectUnauthorized: false }, () => {
      const der = socket.getPeerCertificate().raw;
      socket.destroy();
      resolve(
        `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`,
      );
    });
    socket.on('error', reject);
  });
}

describe('provisioning', () => {
  it('provisions setup-mode devices heard by the listener, pins their new certificate, and manages them over TLS', async () => {
    const { services: s, ca, credential, listenPort } = await zone();
    const { fleet, port } = await setupFleet(2, listenPort, [{ alg: 'sha256', hex: ca.hashes.sha256.hexLower }]);
    const rows = await discovered(s, 2);
    expect(rows.every((r) => r.match?.canProvision)).toBe(true);

    const job = await s.ok<JobSnapshot>('provision.start', {
      addresses: rows.map((r) => r.address),
      credentialId: credential.id,
      folderId: null,
      port,
    });
    const done = await s.services.jobs.wait(job.id);
    expect(done.status, JSON.stringify(done.results)).toBe('succeeded');
    expect(fleet.devices.map((d) => [d.state.provisioningState, d.state.controlMode])).toEqual([
      [2, 2],
      [2, 2],
    ]);
    // Each step was reported as it happened, in order, for each device.
    const first = steps.filter((e) => e.key === rows[0]!.address && e.state === 'done').map((e) => e.step);
    expect(first).toEqual([
      'certificate',
      'connect',
      'read-settings',
      'mebx-password',
      'admin-password',
      'clock',
      'key-pair',
      'issue-certificate',
      'add-certificate',
      'tls-context',
      'enable-tls',
      'save-device',
      'commit',
      'reconnect',
      'record',
    ]);

    const managed = await s.services.devices.list();
    expect(managed).toHaveLength(2);
    for (const d of managed) {
      expect(d).toMatchObject({ tlsMode: 'tls', port, credentialId: credential.id });
      expect(d.firmware).toMatchObject({ provisioningState: 'post', controlMode: 'admin' });
      expect(d.tlsFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    }
    expect((await s.ok<{ devices: DiscoveredRow[] }>('discovery.list')).devices).toEqual([]);

    // Power status over TLS, pinned, with the new credential.
    const check = await s.ok<PowerCheckResult>('power.check', { deviceIds: managed.map((d) => d.id) });
    expect(check.devices.every((d) => d.ok)).toBe(true);

    // openssl agrees: the certificate the device serves now chains to the zone CA and is the pinned one.
    dir = mkdtempSync(join(tmpdir(), 'outband-prov-openssl-'));
    const caPem = join(dir, 'ca.pem');
    const devicePem = join(dir, 'device.pem');
    writeFileSync(caPem, (await s.services.certs.exportZoneCa('pem')).toString());
    writeFileSync(devicePem, await servedCertificatePem(managed[0]!.address, port));
    expect(opensslStatus(['verify', '-CAfile', caPem, devicePem])).toBe(0);
    const fp = openssl(['x509', '-in', devicePem, '-noout', '-fingerprint', '-sha256']).split('=')[1]?.trim();
    expect(managed.map((d) => d.tlsFingerprint)).toContain(fp);

    // Provisioning a provisioned device again says so.
    const again = await s.ok<JobSnapshot>('provision.start', {
      addresses: [managed[0]!.address],
      credentialId: credential.id,
      folderId: null,
      port,
    });
    const second = await s.services.jobs.wait(again.id);
    expect(second.results[0]?.error?.code).toBe('provision.already-provisioned');
  });

  it('refuses an unlisted root before connecting, and a wrong DNS suffix at the device, each with its own code', async () => {
    const { services: s, ca, credential, listenPort } = await zone();
    const other = { alg: 'sha256' as const, hex: 'ab'.repeat(32) };
    const { port } = await setupFleet(1, listenPort, [other]);
    const [row] = await discovered(s, 1);
    expect(row?.match?.canProvision).toBe(false);
    const job = await s.ok<JobSnapshot>('provision.start', {
      addresses: [row!.address],
      credentialId: credential.id,
      folderId: null,
      port,
    });
    const r = (await s.services.jobs.wait(job.id)).results[0];
    expect(r?.error?.code).toBe('provision.root-not-trusted');
    expect(r?.error?.message).toContain(ca.hashes.sha256.colon);

    await Promise.all(fleets.splice(0).map((f) => f.close()));
    await s.ok('discovery.forget', { addresses: [row!.address] });
    // Two devices: the first reuses 127.0.0.1, whose Hellos the listener now holds back for a while.
    const wrong = await setupFleet(2, listenPort, [{ alg: 'sha256', hex: ca.hashes.sha256.hexLower }], {
      perDevice: () => ({
        provisioningState: 1,
        pkiDnsSuffix: 'elsewhere.test',
        hello: {
          to: { host: '127.0.0.1', port: listenPort },
          timeFactor: 6000,
          trustedRootHashes: [{ alg: 'sha256', hex: ca.hashes.sha256.hexLower }],
        },
      }),
    });
    const row2 = await until(async () =>
      (await s.ok<{ devices: DiscoveredRow[] }>('discovery.list')).devices.find((d) => d.address === '127.0.0.2'),
    );
    const job2 = await s.ok<JobSnapshot>('provision.start', {
      addresses: [row2!.address],
      credentialId: credential.id,
      folderId: null,
      port: wrong.port,
    });
    const r2 = (await s.services.jobs.wait(job2.id)).results[0];
    expect(r2?.error?.code).toBe('provision.dns-suffix-refused');
    expect(r2?.error?.message).toContain('prov.example.test');
    expect(r2?.error?.message).toContain('still in setup mode');
    expect(wrong.fleet.devices[1]!.state.provisioningState).toBe(1);
  });

  it('refuses an external certificate without the Intel OID or OU, and one whose chain is cut, before any job', async () => {
    const { services: s, credential } = await zone();
    dir = mkdtempSync(join(tmpdir(), 'outband-prov-ext-'));
    const key = join(dir, 'leaf.key');
    const cert = join(dir, 'leaf.pem');
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=prov.example.test',
      '-addext',
      'extendedKeyUsage=serverAuth',
    ]);
    const request = { addresses: ['127.0.0.1'], credentialId: credential.id, folderId: null };
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: { code?: string }) => e.code,
      );
    // The CLI hands paths to the service; the app hands tokens of files main opened.
    const bad = {
      code: await codeOf(s.services.provisioning.startProvision(request, { certificatePath: cert, keyPath: key })),
    };
    expect(bad.code).toBe('provision.no-amt-oid');

    // A leaf issued by a CA whose certificate is not in the file: the chain does not reach a root.
    const caKey = join(dir, 'ca.key');
    const caCert = join(dir, 'ca.pem');
    openssl([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      caKey,
      '-out',
      caCert,
      '-days',
      '2',
      '-subj',
      '/CN=Missing Root',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=keyCertSign',
    ]);
    const csr = join(dir, 'leaf.csr');
    openssl([
      'req',
      '-new',
      '-key',
      key,
      '-out',
      csr,
      '-subj',
      '/OU=Intel(R) Client Setup Certificate/CN=prov.example.test',
    ]);
    const ext = join(dir, 'leaf.ext');
    writeFileSync(ext, 'extendedKeyUsage=serverAuth,2.16.840.1.113741.1.2.3\n');
    const signed = join(dir, 'signed.pem');
    openssl([
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      caCert,
      '-CAkey',
      caKey,
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      signed,
      '-extfile',
      ext,
    ]);
    const cut = {
      code: await codeOf(s.services.provisioning.startProvision(request, { certificatePath: signed, keyPath: key })),
    };
    expect(cut.code).toBe('provision.bad-chain');
    const missing = await codeOf(
      s.services.provisioning.startProvision(request, { certificatePath: join(dir, 'nope.pem'), keyPath: key }),
    );
    expect(missing).toBe('provision.file-unreadable');
    // Over IPC only picked-file tokens are taken; made-up ones are refused.
    const forged = await s.failure('provision.start', {
      ...request,
      external: {
        certificateToken: '6f0c5c63-1c1a-4d63-9d55-6c6d2f8a8a11',
        keyToken: '6f0c5c63-1c1a-4d63-9d55-6c6d2f8a8a12',
      },
    });
    expect(forged.code).toBe('provision.bad-request');
  });

  it('names the step that failed mid-way and what the device was left as', async () => {
    const { services: s, ca, credential, listenPort } = await zone();
    const { fleet, port } = await setupFleet(1, listenPort, [{ alg: 'sha256', hex: ca.hashes.sha256.hexLower }]);
    const [row] = await discovered(s, 1);
    fleet.devices[0]!.sim.injectFault('http500', { match: 'AddCertificate', times: 1 });
    const job = await s.ok<JobSnapshot>('provision.start', {
      addresses: [row!.address],
      credentialId: credential.id,
      folderId: null,
      port,
    });
    const r = (await s.services.jobs.wait(job.id)).results[0];
    expect(r?.error?.code).toBe('provision.failed');
    expect(r?.error?.message).toContain('Step "Add the certificate to the device" failed');
    expect(r?.error?.message).toContain('nothing was committed');
    expect(fleet.devices[0]!.state.provisioningState).toBe(1);
    expect(await s.services.devices.list()).toEqual([]);
  });

  it('a CommitChanges that fails leaves no managed device pinned to a certificate that never went live', async () => {
    const { services: s, ca, credential, listenPort } = await zone();
    const { fleet, port } = await setupFleet(1, listenPort, [{ alg: 'sha256', hex: ca.hashes.sha256.hexLower }]);
    const [row] = await discovered(s, 1);
    fleet.devices[0]!.sim.injectFault('http500', { match: 'CommitChanges', times: 1 });
    const job = await s.ok<JobSnapshot>('provision.start', {
      addresses: [row!.address],
      credentialId: credential.id,
      folderId: null,
      port,
    });
    const r = (await s.services.jobs.wait(job.id)).results[0];
    expect(r?.error?.message).toContain('Step "Commit the changes" failed');
    expect(fleet.devices[0]!.state.provisioningState).toBe(1);
    expect(await s.services.devices.list()).toEqual([]);
  });

  it('unprovisions, and deletes a device that fails only when asked', async () => {
    const { services: s, ca, credential, listenPort } = await zone();
    const { fleet, port } = await setupFleet(1, listenPort, [{ alg: 'sha256', hex: ca.hashes.sha256.hexLower }]);
    const [row] = await discovered(s, 1);
    const job = await s.ok<JobSnapshot>('provision.start', {
      addresses: [row!.address],
      credentialId: credential.id,
      folderId: null,
      port,
    });
    expect((await s.services.jobs.wait(job.id)).status).toBe('succeeded');
    const [device] = await s.services.devices.list();
    const dead = await s.services.devices.add({
      name: 'gone',
      address: '127.0.0.1',
      port: await freePort(),
      tlsMode: 'tls',
      credentialId: credential.id,
    });
    const kept = await s.services.devices.add({
      name: 'gone-too',
      address: '127.0.0.1',
      port: await freePort(),
      tlsMode: 'tls',
      credentialId: credential.id,
    });
    const un = await s.ok<JobSnapshot>('provision.unprovision', {
      deviceIds: [device!.id, dead.id],
      deleteOnFailure: true,
    });
    const result = await s.services.jobs.wait(un.id);
    expect(result.status).toBe('partial');
    expect(fleet.devices[0]!.state.provisioningState).toBe(0);
    const after = await s.services.devices.get(device!.id);
    expect(after.firmware).toMatchObject({ provisioningState: 'pre', controlMode: 'none' });
    expect(after.tlsFingerprint).toBeUndefined();
    expect((await s.services.devices.list()).map((d) => d.name).sort()).toEqual([device!.name, 'gone-too'].sort());
    const without = await s.ok<JobSnapshot>('provision.unprovision', { deviceIds: [kept.id], deleteOnFailure: false });
    expect((await s.services.jobs.wait(without.id)).results[0]?.ok).toBe(false);
    expect((await s.services.devices.list()).map((d) => d.name)).toContain('gone-too');
  });

  it('falls back to PartialUnprovision where the firmware blocks a full one', async () => {
    const { services: s, credential } = await zone();
    const f = await startFleet({ devices: 1, portBase: 0, password: PASSWORD });
    fleets.push(f);
    const sim = f.devices[0]!;
    sim.state.fullUnprovisionBlocked = true;
    const device = await s.services.devices.add({
      name: 'blocked-desk',
      address: sim.host,
      port: sim.port,
      tlsMode: 'plain',
      allowPlainHttp: true, // a new zone keeps to TLS; this device chose plain HTTP
      credentialId: credential.id,
    });
    const job = await s.ok<JobSnapshot>('provision.unprovision', { deviceIds: [device.id], deleteOnFailure: false });
    const done = await s.services.jobs.wait(job.id);
    expect(done.results[0]).toMatchObject({ ok: true });
    expect(done.results[0]?.detail).toContain('PartialUnprovision');
    expect(sim.state.provisioningState).toBe(0);
  });

  it('adopts a plain-HTTP device: TLS on with a zone-CA certificate, pinned, then a rotated password', async () => {
    const { services: s, credential } = await zone();
    const plainPort = await freePort();
    const tlsPort = await freePort();
    const sim = new SimDevice({
      host: '127.0.0.1',
      port: plainPort,
      tlsPort,
      tls: generateTlsIdentity(),
      password: PASSWORD,
      provisioningState: 2,
      controlMode: 2,
    });
    sims.push(sim);
    await sim.start();
    const device = await s.services.devices.add({
      name: 'mebx-desk',
      address: '127.0.0.1',
      port: plainPort,
      tlsMode: 'plain',
      allowPlainHttp: true, // a new zone keeps to TLS; this device chose plain HTTP
      credentialId: credential.id,
    });
    const job = await s.ok<JobSnapshot>('provision.adopt', {
      deviceIds: [device.id],
      tls: true,
      tlsPort,
      rotateTo: 'mebx-desk admin',
    });
    const done = await s.services.jobs.wait(job.id);
    expect(done.status, JSON.stringify(done.results)).toBe('succeeded');
    expect(done.results[0]?.detail).toContain('TLS on');
    const after = await s.services.devices.get(device.id);
    expect(after).toMatchObject({ tlsMode: 'tls', port: tlsPort });
    expect(after.tlsFingerprint).toBeTruthy();
    const rotated = await s.services.vault.findByName('mebx-desk admin');
    expect(after.credentialId).toBe(rotated?.id);
    const check = await s.ok<PowerCheckResult>('power.check', { deviceIds: [device.id] });
    expect(check.devices[0]?.ok).toBe(true);
  });
});
