// A device is held to the identity it showed first (issue 14.4): the digest realm is remembered,
// another realm is a typed error before anything authenticated is sent, and accepting the new
// identity on purpose lets the next contact learn it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobRunner } from '../../../electron/jobs/job-runner';
import { PowerService } from '../../../electron/power';
import { SessionPool } from '../../../electron/power/session-pool';
import { openStore, type Store } from '../../../electron/store';
import { DeviceService, Vault } from '../../../electron/vault';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { TestSecretStore } from '../vault/secret-doubles';

let dir: string;
let store: Store;
let devices: DeviceService;
let vault: Vault;
let fleet: Fleet;
let pool: SessionPool;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-identity-'));
  store = await openStore(dir);
  devices = new DeviceService(store);
  vault = new Vault(store, new TestSecretStore());
  fleet = await startFleet({ devices: 1, portBase: 0, tls: true });
  pool = new SessionPool();
});
afterEach(async () => {
  await pool.close();
  await store.close();
  await fleet.close();
  await rm(dir, { recursive: true, force: true });
});

function power(): PowerService {
  return new PowerService({
    devices,
    store,
    pool,
    jobs: new JobRunner(() => undefined),
    identity: async () => ({ hostNames: [], addresses: [], uuid: null }),
    resolveCredential: (id) => vault.resolvePassword(id),
  });
}

describe('device identity', () => {
  it('remembers the realm, refuses another one with device.identity-changed, and accepts it only on purpose', async () => {
    const cred = await vault.create({ name: 'Sim', loginName: fleet.user, password: fleet.password });
    const d = fleet.devices[0]!;
    const dev = await devices.add({
      name: 'sim-0',
      address: d.host,
      port: d.port,
      tlsMode: 'tls',
      credentialId: cred.id,
    });
    const service = power();
    expect((await service.check([dev.id])).devices[0]).toMatchObject({ ok: true });
    const realm = d.sim.state.digestRealm;
    expect((await devices.get(dev.id)).firmware?.realm).toBe(realm);

    // Something else now answers at that address with another realm (a replaced or re-provisioned device).
    await store.update('devices', (doc) => {
      doc.devices[0]!.firmware = { ...doc.devices[0]!.firmware, realm: 'Digest:00000000000000000000000000000000' };
    });
    const requests = d.sim.stats.requests;
    const refused = (await service.check([dev.id])).devices[0]!;
    expect(refused).toMatchObject({ ok: false, error: { code: 'device.identity-changed' } });
    expect(refused.error?.message).toContain(realm);
    expect(refused.error?.message).toContain('accept the new identity');
    expect(d.sim.stats.requests - requests).toBe(1); // the challenge only: nothing authenticated was sent

    const accepted = await service.acceptIdentity(dev.id);
    expect(accepted.firmware?.realm).toBeUndefined();
    expect((await service.check([dev.id])).devices[0]).toMatchObject({ ok: true });
    expect((await devices.get(dev.id)).firmware?.realm).toBe(realm);
  });
});
