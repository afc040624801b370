// What a power change costs through the PowerService and what a mixed selection offers and
// gets (issues 15.3 and 14.8): after a check, a change pays one request per device on the warm
// session; devices already there end "already", those that do not allow it "skipped".
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
let jobs: JobRunner;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-power-req-'));
  store = await openStore(dir);
  devices = new DeviceService(store);
  vault = new Vault(store, new TestSecretStore());
  fleet = await startFleet({ devices: 3, portBase: 0, tls: true });
  pool = new SessionPool();
  jobs = new JobRunner(() => undefined);
});
afterEach(async () => {
  await pool.close();
  await store.close();
  await fleet.close();
  await rm(dir, { recursive: true, force: true });
});

async function setup(): Promise<{ service: PowerService; ids: string[] }> {
  const cred = await vault.create({ name: 'Sim', loginName: fleet.user, password: fleet.password });
  const ids: string[] = [];
  for (const [i, d] of fleet.devices.entries()) {
    const dev = await devices.add({
      name: `sim-${i}`,
      address: d.host,
      port: d.port,
      tlsMode: 'tls',
      credentialId: cred.id,
    });
    ids.push(dev.id);
  }
  const service = new PowerService({
    devices,
    store,
    pool,
    jobs,
    identity: async () => ({ hostNames: [], addresses: [], uuid: null }),
    resolveCredential: (id) => vault.resolvePassword(id),
  });
  return { service, ids };
}

const requests = () => fleet.devices.map((d) => d.sim.stats.requests);

describe('power requests', () => {
  it('after a check, a change costs one request per device; cold it costs two', async () => {
    const { service, ids } = await setup();
    await service.check(ids);
    expect(requests()).toEqual([2, 2, 2]); // the 401 and the read
    const job = await service.request(ids, 'off');
    const done = await jobs.wait(job.id);
    expect(done.results.map((r) => r.outcome)).toEqual(['done', 'done', 'done']);
    expect(requests()).toEqual([3, 3, 3]);
    expect(fleet.devices.map((d) => d.state.powerState)).toEqual([8, 8, 8]);
    expect((await devices.get(ids[0]!)).firmware?.powerState).toBe(8);

    // A fresh process (no warm session, nothing read): the caller says to skip the read.
    await pool.close();
    pool = new SessionPool();
    const cold = (await setupAgain(ids)).request(ids, 'on', { skipRead: true });
    await jobs.wait((await cold).id);
    expect(requests()).toEqual([5, 5, 5]); // the 401 and the change
  });

  it('offers what at least one device allows, and ends already-there devices "already", the rest "skipped"', async () => {
    const { service, ids } = await setup();
    fleet.devices[1]!.state.powerState = 8;
    fleet.devices[2]!.state.powerState = 4;
    const check = await service.check(ids);
    expect(check.common).not.toContain(10);
    expect(check.offered).toEqual(expect.arrayContaining([2, 8, 10]));
    const on = await jobs.wait((await service.request(ids, 'on')).id);
    expect(on.status).toBe('succeeded');
    expect(on.results.find((r) => r.key === ids[0])).toMatchObject({ ok: true, outcome: 'already' });
    expect(on.results.find((r) => r.key === ids[1])).toMatchObject({ ok: true, outcome: 'done' });
    fleet.devices[1]!.state.powerState = 8;
    await service.check(ids);
    const reset = await jobs.wait((await service.request(ids, 'reset')).id);
    const skipped = reset.results.find((r) => r.key === ids[1]);
    expect(skipped).toMatchObject({ ok: true, outcome: 'skipped' });
    expect(skipped?.detail).toContain('Reset is not available while the device is Power Off');
    expect(fleet.devices[1]!.state.powerState).toBe(8);
  });
});

async function setupAgain(ids: string[]): Promise<PowerService> {
  expect(ids).toHaveLength(3);
  return new PowerService({
    devices,
    store,
    pool,
    jobs,
    identity: async () => ({ hostNames: [], addresses: [], uuid: null }),
    resolveCredential: (id) => vault.resolvePassword(id),
  });
}
