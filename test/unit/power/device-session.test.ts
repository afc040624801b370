// Device sessions through a real PowerService, DeviceService and store against a simulated TLS
// device: what trust on first use stores, and what it refuses to overwrite.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { PowerService } from '../../../electron/power';
import { openStore, type Store } from '../../../electron/store';
import { DeviceService, Vault } from '../../../electron/vault';
import type { Device } from '../../../shared/domain/device';
import { normalizeFingerprint } from '../../../shared/domain/fingerprint';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { TestSecretStore } from '../vault/secret-doubles';

const OTHER = Array(32).fill('CD').join(':');

let dir: string;
let store: Store;
let devices: DeviceService;
let vault: Vault;
let fleet: Fleet;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-session-'));
  store = await openStore(dir);
  devices = new DeviceService(store);
  vault = new Vault(store, new TestSecretStore());
  fleet = await startFleet({ devices: 1, portBase: 0, tls: true });
});
afterEach(async () => {
  await store.close();
  await fleet.close();
  await rm(dir, { recursive: true, force: true });
});

/**
 * A power service whose credential lookup first runs `meanwhile`: it runs after the job loaded its
 * devices and before the session opens, which is where another job or window can pin the device.
 */
function powerService(meanwhile: () => Promise<unknown> = async () => undefined): PowerService {
  return new PowerService({
    devices,
    store,
    jobs: new JobRunner(() => undefined),
    identity: async () => ({ hostNames: [], addresses: [], uuid: null }),
    resolveCredential: async (id) => {
      await meanwhile();
      return vault.resolvePassword(id);
    },
  });
}

async function addTlsDevice(): Promise<Device> {
  const cred = await vault.create({ name: 'Sim', loginName: fleet.user, password: fleet.password });
  const d = fleet.devices[0]!;
  return devices.add({ name: 'tls-0', address: d.host, port: d.port, tlsMode: 'tls', credentialId: cred.id });
}

describe('trust on first use in a device session', () => {
  it('pins the certificate the first contact saw', async () => {
    const dev = await addTlsDevice();
    const result = await powerService().check([dev.id]);
    expect(result.devices[0]).toMatchObject({ ok: true });
    expect((await devices.get(dev.id)).tlsFingerprint).toBe(normalizeFingerprint(fleet.devices[0]!.fingerprint!));
  });

  it('never overwrites a pin stored after the job loaded the device: that device fails with both fingerprints', async () => {
    const dev = await addTlsDevice();
    // Another job pinned a different certificate meanwhile.
    const power = powerService(() =>
      store.update('devices', (doc) => void (doc.devices.find((x) => x.id === dev.id)!.tlsFingerprint = OTHER)),
    );
    const result = await power.check([dev.id]);
    const status = result.devices[0]!;
    expect(status.ok).toBe(false);
    expect(status.error?.code).toBe('wsman.tls-pin-mismatch');
    expect(status.error?.message).toContain(OTHER);
    expect(status.error?.message).toContain(normalizeFingerprint(fleet.devices[0]!.fingerprint!));
    expect((await devices.get(dev.id)).tlsFingerprint).toBe(OTHER);
  });

  it('re-pins only after the pin is forgotten on purpose', async () => {
    const dev = await addTlsDevice();
    await store.update('devices', (doc) => void (doc.devices[0]!.tlsFingerprint = OTHER));
    const power = powerService();
    expect((await power.check([dev.id])).devices[0]!.error?.code).toBe('wsman.tls-pin-mismatch');
    expect((await devices.get(dev.id)).tlsFingerprint).toBe(OTHER);
    await power.forgetPin(dev.id);
    expect((await power.check([dev.id])).devices[0]!.ok).toBe(true);
    expect((await devices.get(dev.id)).tlsFingerprint).toBe(normalizeFingerprint(fleet.devices[0]!.fingerprint!));
  });
});
