// The app's simulated lab through its IPC channels: start, devices that answer as their profiles
// say, power through the real power channels, a restart that keeps identities and pins, stop.
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { LAB_TLS_KEY_ACCOUNT } from '../../../electron/lab/lab-service';
import { LAB_PROFILES as ALL_PROFILES, isManagedLabProfile } from '../../../electron/simulator';
import type { LabStatus } from '../../../shared/domain/lab';
import type { Device } from '../../../shared/domain/device';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { PowerCheckResult } from '../../../shared/ipc/power';
import { openTestServices, type TestServices } from '../../support/test-services';
import { TestSecretStore } from '../../unit/vault/secret-doubles';
import { freePort } from '../../support/net';
import type { DiscoveredRow } from '../../../shared/ipc/discovery';

// The lab devices the app manages; the setup-mode ones wait to be discovered.
const LAB_PROFILES = ALL_PROFILES.filter(isManagedLabProfile);
let t: TestServices | undefined;
const changes: LabStatus[] = [];
const consentAsked: string[] = [];

async function openLabServices(secretStore = new TestSecretStore()): Promise<TestServices> {
  changes.length = 0;
  consentAsked.length = 0;
  t = await openTestServices({
    prefix: 'outband-lab-',
    secretStore,
    emit: (event, payload) => {
      if (event === 'lab.changed') changes.push(payload as LabStatus);
      if (event === 'power.consentNeeded') consentAsked.push((payload as { deviceId: string }).deviceId);
    },
  });
  return t;
}

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('the simulated lab in the app', () => {
  it('starts on loopback with a folder, a credential and one pinned, simulated device per profile', async () => {
    const s = await openLabServices();
    const before = await s.ok<LabStatus>('lab.status');
    expect(before).toMatchObject({ running: false, enabled: false, folderId: null });

    const status = await s.ok<LabStatus>('lab.start');
    expect(status.running).toBe(true);
    expect(status.enabled).toBe(true);
    expect(status.host).toBe('127.0.0.1');
    expect(status.devices.map((d) => d.key)).toEqual(ALL_PROFILES.map((p) => p.key));
    expect(status.devices.every((d) => /^127\.0\.0\.1:\d+$/.test(d.endpoint ?? ''))).toBe(true);
    expect(status.devices.filter((d) => d.deviceId !== null).map((d) => d.key)).toEqual(LAB_PROFILES.map((p) => p.key));
    expect(changes.at(-1)?.running).toBe(true);

    const folders = await s.services.devices.listFolders();
    expect(folders.find((f) => f.id === status.folderId)?.name).toBe('Lab (simulated)');
    const credential = await s.services.vault.get(status.credentialId ?? '');
    expect(credential.name).toBe('Lab (simulated)');

    const devices = await s.services.devices.list();
    expect(devices).toHaveLength(LAB_PROFILES.length);
    for (const d of devices) {
      const profile = LAB_PROFILES.find((p) => p.key === d.name);
      expect(profile, d.name).toBeDefined();
      expect(d).toMatchObject({
        simulated: true,
        address: '127.0.0.1',
        folderId: status.folderId,
        tags: ['simulated'],
      });
      expect(d.tlsMode).toBe(profile?.tls ? 'tls' : 'plain');
      expect(d.tlsFingerprint === undefined).toBe(!profile?.tls);
    }
    // Nothing but loopback listens: every simulated device is bound to 127.0.0.1.
    const lab = s.services.lab.running();
    expect(lab?.devices.every((d) => d.sim.host === '127.0.0.1')).toBe(true);
  });

  it('answers through the real power channels as each profile says, and powers devices off', async () => {
    const s = await openLabServices();
    await s.ok<LabStatus>('lab.start');
    const devices = await s.services.devices.list();
    const ids = devices.map((d) => d.id);
    const check = await s.ok<PowerCheckResult>('power.check', { deviceIds: ids });
    const byName = Object.fromEntries(check.devices.map((d) => [d.name, d]));
    for (const profile of LAB_PROFILES) {
      const row = byName[profile.key];
      if (profile.failing) {
        expect(row?.ok, profile.key).toBe(false);
        expect(row?.error?.code).toMatch(/^wsman\./);
      } else {
        expect(row?.ok, `${profile.key}: ${row?.error?.message}`).toBe(true);
        expect(row?.state?.code).toBe(profile.powerState);
      }
    }
    // AMT 8 has the older power table: only power on while off.
    expect(byName['lab-acm-http-8']?.available).toEqual([2]);

    const on = devices.filter((d) => ['lab-acm-tls-16', 'lab-acm-http-15'].includes(d.name));
    const job = await s.ok<JobSnapshot>('power.request', { deviceIds: on.map((d) => d.id), state: 'off' });
    const done = await s.services.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    const sims = s.services.lab.running()?.devices ?? [];
    for (const key of ['lab-acm-tls-16', 'lab-acm-http-15']) {
      expect(sims.find((d) => d.profile.key === key)?.sim.state.powerState).toBe(8);
    }
  });

  it('shows a client-control-mode device’s consent code on its simulated screen, and only for lab devices', async () => {
    const s = await openLabServices();
    await s.ok<LabStatus>('lab.start');
    const devices = await s.services.devices.list();
    const ccm = devices.find((d) => d.name === 'lab-ccm-tls-12') as Device;
    expect(await s.ok('lab.screen', { deviceId: ccm.id })).toEqual({ name: 'lab-ccm-tls-12', consentCode: null });
    const job = await s.ok<JobSnapshot>('power.request', { deviceIds: [ccm.id], state: 'boot.bios' });
    for (let i = 0; i < 400 && !consentAsked.includes(ccm.id); i++) await new Promise((r) => setTimeout(r, 25));
    const { consentCode: code } = await s.ok<{ consentCode: string | null }>('lab.screen', { deviceId: ccm.id });
    expect(code).toMatch(/^\d{6}$/);
    await s.ok('power.consentCode', { jobId: job.id, deviceId: ccm.id, code });
    const done = await s.services.jobs.wait(job.id);
    expect(done.status, JSON.stringify(done.results)).toBe('succeeded');
    const other = await s.services.devices.add({ name: 'real-pc', address: '10.0.0.9', tlsMode: 'tls' });
    expect((await s.failure('lab.screen', { deviceId: other.id })).code).toBe('lab.not-simulated');
  });

  it('comes back after a restart on the same ports, with the same identities, and the pins still hold', async () => {
    const secrets = new TestSecretStore();
    const s = await openLabServices(secrets);
    const first = await s.ok<LabStatus>('lab.start');
    const pins = Object.fromEntries((await s.services.devices.list()).map((d) => [d.name, d.tlsFingerprint]));
    const uuids = Object.fromEntries((s.services.lab.running()?.devices ?? []).map((d) => [d.profile.key, d.uuid]));

    await s.reopen({ secretStore: secrets });
    expect((await s.ok<LabStatus>('lab.status')).running).toBe(false);
    await s.services.lab.resume();
    const again = await s.ok<LabStatus>('lab.status');
    expect(again.running).toBe(true);
    expect(again.devices.map((d) => d.endpoint)).toEqual(first.devices.map((d) => d.endpoint));
    expect(again.credentialId).toBe(first.credentialId);
    const devices = await s.services.devices.list();
    expect(devices).toHaveLength(LAB_PROFILES.length);
    expect(Object.fromEntries(devices.map((d) => [d.name, d.tlsFingerprint]))).toEqual(pins);
    expect(Object.fromEntries((s.services.lab.running()?.devices ?? []).map((d) => [d.profile.key, d.uuid]))).toEqual(
      uuids,
    );
    const check = await s.ok<PowerCheckResult>('power.check', {
      deviceIds: devices.filter((d) => d.tlsMode === 'tls').map((d) => d.id),
    });
    expect(check.devices.every((d) => d.ok)).toBe(true);
  });

  it('stays off after a restart when its folder was deleted', async () => {
    const secrets = new TestSecretStore();
    const s = await openLabServices(secrets);
    const status = await s.ok<LabStatus>('lab.start');
    await s.services.devices.folders.remove(status.folderId ?? '', { moveContentsUp: true });
    await s.reopen({ secretStore: secrets });
    await s.services.lab.resume();
    expect(await s.ok<LabStatus>('lab.status')).toMatchObject({ running: false, enabled: false });
  });

  it('stop keeps the lab’s devices; stop with remove deletes devices, folder, credential and key', async () => {
    const secrets = new TestSecretStore();
    const s = await openLabServices(secrets);
    const status = await s.ok<LabStatus>('lab.start');
    const mine = await s.services.devices.add({ name: 'my-pc', address: '10.0.0.5', tlsMode: 'tls' });
    await s.services.devices.move([mine.id], status.folderId);
    const ports = status.devices.map((d) => Number(d.endpoint?.split(':')[1]));

    const stopped = await s.ok<LabStatus>('lab.stop', { remove: false });
    expect(stopped).toMatchObject({ running: false, enabled: false });
    expect(await Promise.all(ports.map(refused))).toEqual(ports.map(() => true));
    expect(await s.services.devices.list()).toHaveLength(LAB_PROFILES.length + 1);

    const removed = await s.ok<LabStatus>('lab.stop', { remove: true });
    expect(removed).toMatchObject({ running: false, folderId: null, credentialId: null });
    const left = await s.services.devices.list();
    expect(left.map((d) => d.name)).toEqual(['my-pc']);
    expect(left[0]?.folderId).toBeNull();
    expect(await s.services.devices.listFolders()).toEqual([]);
    expect(await s.services.vault.list()).toEqual([]);
    expect(await secrets.get(LAB_TLS_KEY_ACCOUNT)).toBeNull();
  });

  it('setup-mode lab devices send Hellos that the listener hears, trusting the zone root', async () => {
    const port = await freePort();
    const s = await openLabServices();
    await s.services.certs.createZoneCa({ keySize: 2048 });
    await s.ok('discovery.listenerStart', { host: '127.0.0.1', port });
    await s.ok<LabStatus>('lab.start');
    const setup = ALL_PROFILES.filter((p) => !isManagedLabProfile(p)).map((p) => p.key);
    const uuids = (s.services.lab.running()?.devices ?? [])
      .filter((d) => setup.includes(d.profile.key))
      .map((d) => d.uuid);
    let rows: DiscoveredRow[] = [];
    for (let i = 0; i < 400 && rows.length < setup.length; i++) {
      rows = (await s.ok<{ devices: DiscoveredRow[] }>('discovery.list')).devices;
      if (rows.length < setup.length) await new Promise((r) => setTimeout(r, 25));
    }
    expect(rows.map((r) => r.uuid)).toEqual(uuids);
    expect(rows[0]).toMatchObject({ provisioningState: 'in', via: ['hello'], match: { canProvision: true } });
    expect((await s.services.devices.list()).map((d) => d.name)).not.toContain(setup[0]);
  });

  it('chooses plain HTTP for its plain devices alone on a TLS-only zone, and they answer', async () => {
    const s = await openLabServices();
    await s.ok('zone.update', { allowPlainHttp: false });
    const status = await s.ok<LabStatus>('lab.start');
    const devices = await s.services.devices.list();
    const plain = LAB_PROFILES.filter((p) => !p.tls).map((p) => p.key);
    expect(devices.map((d) => d.name).sort()).toEqual(LAB_PROFILES.map((p) => p.key).sort());
    for (const d of devices) {
      if (plain.includes(d.name)) expect(d).toMatchObject({ tlsMode: 'plain', allowPlainHttp: true });
      else expect(d.allowPlainHttp).toBeUndefined();
    }
    // The zone itself still allows only TLS.
    expect((await s.services.store.get('zone')).zone.allowPlainHttp).toBe(false);
    expect(status.devices.filter((d) => plain.includes(d.key)).every((d) => d.deviceId !== null)).toBe(true);
    // And they answer: the per-device choice lets their sessions use plain HTTP.
    const plainWorking = devices.filter(
      (d) => plain.includes(d.name) && !LAB_PROFILES.find((p) => p.key === d.name)?.failing,
    );
    const check = await s.ok<PowerCheckResult>('power.check', { deviceIds: plainWorking.map((d) => d.id) });
    expect(check.devices.map((d) => [d.name, d.ok])).toEqual(plainWorking.map((d) => [d.name, true]));
  });
});
