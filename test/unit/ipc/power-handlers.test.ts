import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hostname } from 'node:os';
import type { Services } from '../../../electron/services';
import { normalizeFingerprint } from '../../../shared/domain/fingerprint';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { PowerCheckResult } from '../../../shared/ipc/power';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { deadPort } from '../../support/net';
import { openTestServices, type TestServices } from '../../support/test-services';

let t: TestServices;
let services: Services;
let fleet: Fleet;
let credentialId = '';
const progress: JobSnapshot[] = [];

const ok = <T>(channel: string, args?: unknown) => t.ok<T>(channel, args);
const failure = (channel: string, args?: unknown) => t.failure(channel, args);

async function addSimDevices(): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, d] of fleet.devices.entries()) {
    const dev = await services.devices.add({
      name: `sim-${i}`,
      address: d.host,
      port: d.port,
      tlsMode: 'plain',
      credentialId,
    });
    ids.push(dev.id);
  }
  return ids;
}

beforeEach(async () => {
  fleet = await startFleet({ devices: 3, portBase: 0 });
  t = await openTestServices({
    prefix: 'outband-power-ipc-',
    emit: (event, payload) => {
      if (event === 'job.progress') progress.push(payload as JobSnapshot);
    },
  });
  ({ services } = t);
  // The simulators speak plain HTTP; a new zone keeps to TLS, so allow it as a person would.
  await t.ok('zone.update', { allowPlainHttp: true });
  credentialId = (await services.vault.create({ name: 'Sim', loginName: fleet.user, password: fleet.password })).id;
  progress.length = 0;
});

afterEach(async () => {
  await t.close();
  await fleet.close();
});

describe('power channels', () => {
  it('check reads each device, the states all of them allow, and a dead device as a per-device error', async () => {
    const ids = await addSimDevices();
    fleet.devices[1]!.sim.state.powerState = 4; // asleep: allows only 8, 2, 5
    const dead = await services.devices.add({
      name: 'dead',
      address: '127.0.0.1',
      port: await deadPort(),
      tlsMode: 'plain',
      credentialId,
    });
    const result = await ok<PowerCheckResult>('power.check', { deviceIds: [...ids, dead.id] });
    expect(result.devices.map((d) => [d.name, d.ok, d.state?.code])).toEqual([
      ['sim-0', true, 2],
      ['sim-1', true, 4],
      ['sim-2', true, 2],
      ['dead', false, undefined],
    ]);
    expect(result.devices[1]!.available).toEqual([8, 2, 5]);
    expect(result.devices[3]!.error?.code).toMatch(/^wsman\./);
    // On devices allow 10, 8, 5, 11, 4, 7, 14, 12; the sleeping one 8, 2, 5: only 8 and 5 are common.
    expect(result.common).toEqual([8, 5]);
    expect(result.self).toEqual([]);
    const stored = await services.devices.get(ids[1]!);
    expect(stored.firmware?.powerState).toBe(4);
    expect(stored.firmware?.lastSeen).toBeTruthy();
  });

  it('request powers the devices off in a job with one result per device, and records the new state', async () => {
    const ids = await addSimDevices();
    fleet.devices[2]!.sim.state.powerState = 8; // already off: done, not a failure
    const noCred = await services.devices.add({ name: 'no-cred', address: '127.0.0.1', port: 1, tlsMode: 'plain' });
    const job = await ok<JobSnapshot>('power.request', { deviceIds: [...ids, noCred.id], state: 'off' });
    expect(job.status).toBe('running');
    expect(job.title).toBe('Power Off: 4 devices');
    const done = await services.jobs.wait(job.id);
    expect(done.status).toBe('partial');
    const byName = Object.fromEntries(done.results.map((r) => [r.label, r]));
    expect(byName['sim-0']).toMatchObject({ ok: true, outcome: 'done', detail: 'Was Power On; Power Off sent.' });
    expect(byName['sim-2']).toMatchObject({ ok: true, outcome: 'already', detail: 'Already off; nothing sent.' });
    expect(byName['no-cred']).toMatchObject({ ok: false, error: { code: 'power.no-credential' } });
    expect(fleet.devices.map((d) => d.sim.state.powerState)).toEqual([8, 8, 8]);
    expect((await services.devices.get(ids[0]!)).firmware?.powerState).toBe(8);
    // Progress arrived per device, not only at the end.
    const counts = progress.filter((p) => p.id === job.id).map((p) => p.done);
    expect(counts).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  });

  it('a state a device does not allow skips that device only, with the reason, and is not a failure', async () => {
    const ids = await addSimDevices();
    fleet.devices[0]!.sim.state.powerState = 8; // off: only Power On is available
    const job = await ok<JobSnapshot>('power.request', { deviceIds: ids, state: 10 });
    const done = await services.jobs.wait(job.id);
    const first = done.results.find((r) => r.key === ids[0]);
    expect(first).toMatchObject({ ok: true, outcome: 'skipped' });
    expect(first?.detail).toContain('Reset is not available while the device is Power Off');
    expect(done.results.filter((r) => r.outcome === 'done')).toHaveLength(2);
    expect(done.status).toBe('succeeded');
    expect(fleet.devices[0]!.sim.state.powerState).toBe(8);
  });

  it('refuses an unknown action and boots to BIOS on request', async () => {
    const ids = await addSimDevices();
    expect((await failure('power.request', { deviceIds: ids, state: 'warp-speed' })).code).toBe('power.invalid-action');
    expect((await failure('power.request', { deviceIds: ids, state: 3 })).code).toBe('power.invalid-action');
    const job = await ok<JobSnapshot>('power.request', { deviceIds: [ids[0]], state: 'boot.bios' });
    const done = await services.jobs.wait(job.id);
    expect(done.results[0]).toMatchObject({ ok: true });
    expect(fleet.devices[0]!.sim.state.lastBoot).toMatchObject({ biosSetup: true });
  });

  it('cancel stops the job: devices still waiting for their status read get nothing sent', async () => {
    const ids = await addSimDevices();
    for (const d of fleet.devices) d.sim.latencyMs = 400;
    const job = await ok<JobSnapshot>('power.request', { deviceIds: ids, state: 'off' });
    expect(await ok<{ cancelled: boolean }>('job.cancel', { id: job.id })).toEqual({ cancelled: true });
    const done = await services.jobs.wait(job.id);
    expect(done.status).toBe('cancelled');
    expect(done.results.map((r) => r.error?.code)).toEqual(['job.cancelled', 'job.cancelled', 'job.cancelled']);
    expect(fleet.devices.map((d) => d.sim.state.powerState)).toEqual([2, 2, 2]);
  });

  it('refresh records every power state in a job', async () => {
    const ids = await addSimDevices();
    fleet.devices[1]!.sim.state.powerState = 7;
    const job = await ok<JobSnapshot>('power.refresh', { deviceIds: ids });
    const done = await services.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.results.find((r) => r.key === ids[1])?.detail).toBe(
      'Hibernate; can: Power Off, Power On, Power Cycle Reset',
    );
    expect((await services.devices.get(ids[1]!)).firmware?.powerState).toBe(7);
  });

  it('refuses to act on a selection with this workstation unless confirmed', async () => {
    const ids = await addSimDevices();
    const me = await services.devices.add({
      name: 'my-desk',
      address: hostname().toLowerCase(),
      tlsMode: 'plain',
      credentialId,
    });
    const check = await ok<PowerCheckResult>('power.check', { deviceIds: [ids[0], me.id] });
    expect(check.self).toEqual([{ deviceId: me.id, name: 'my-desk', address: me.address }]);
    const refused = await failure('power.request', { deviceIds: [ids[0], me.id], state: 'off' });
    expect(refused.code).toBe('power.self-not-confirmed');
    expect(refused.message).toContain('my-desk');
    expect(fleet.devices[0]!.sim.state.powerState).toBe(2);
    const job = await ok<JobSnapshot>('power.request', { deviceIds: [me.id, ids[0]], state: 'off', confirmSelf: true });
    const done = await services.jobs.wait(job.id);
    // This workstation goes last, after the others got their command.
    expect(done.results.map((r) => r.label)).toEqual(['sim-0', 'my-desk']);
    expect(fleet.devices[0]!.sim.state.powerState).toBe(8);
  });
});

describe('TLS pins', () => {
  let tlsFleet: Fleet;
  beforeEach(async () => {
    tlsFleet = await startFleet({ devices: 1, portBase: 0, tls: true });
  });
  afterEach(async () => {
    await tlsFleet.close();
  });

  /** The simulated TLS device, added unpinned with the test credential. */
  async function addTlsDevice() {
    const d = tlsFleet.devices[0]!;
    const dev = await services.devices.add({
      name: 'tls-0',
      address: d.host,
      port: d.port,
      tlsMode: 'tls',
      credentialId,
    });
    return { d, dev };
  }

  it('pins on first use, fails a changed certificate with both fingerprints, and forgets a pin on request', async () => {
    const { d, dev } = await addTlsDevice();
    const first = await ok<PowerCheckResult>('power.check', { deviceIds: [dev.id] });
    expect(first.devices[0]!.ok).toBe(true);
    const pinned = normalizeFingerprint(d.fingerprint!)!;
    expect((await services.devices.get(dev.id)).tlsFingerprint).toBe(pinned);

    const wrong = 'AB:'.repeat(31) + 'AB';
    // An edit cannot replace a pin; write it as if the device had been pinned to another certificate.
    await services.store.update('devices', (doc) => {
      doc.devices.find((x) => x.id === dev.id)!.tlsFingerprint = wrong;
    });
    const second = await ok<PowerCheckResult>('power.check', { deviceIds: [dev.id] });
    expect(second.devices[0]!.error?.code).toBe('wsman.tls-pin-mismatch');
    expect(second.devices[0]!.error?.message).toContain(wrong);
    expect(second.devices[0]!.error?.message).toContain(pinned);
    expect((await services.devices.get(dev.id)).tlsFingerprint).toBe(wrong);

    const forgot = await ok<{ tlsFingerprint?: string }>('power.forgetPin', { deviceId: dev.id });
    expect(forgot.tlsFingerprint).toBeUndefined();
    await ok<PowerCheckResult>('power.check', { deviceIds: [dev.id] });
    expect((await services.devices.get(dev.id)).tlsFingerprint).toBe(pinned);
  });

  it('device.update cannot set a new pin; forgetPin and a first use are the way to re-pin', async () => {
    const { d, dev } = await addTlsDevice();
    await ok<PowerCheckResult>('power.check', { deviceIds: [dev.id] });
    const pinned = normalizeFingerprint(d.fingerprint!)!;
    const refused = await failure('device.update', { id: dev.id, patch: { tlsFingerprint: 'ab'.repeat(32) } });
    expect(refused.code).toBe('ipc.invalid-arguments');
    // @ts-expect-error the type forbids setting a pin; the runtime check must refuse it too
    await expect(services.devices.update(dev.id, { tlsFingerprint: 'ab'.repeat(32) })).rejects.toMatchObject({
      code: 'device.invalid',
    });
    expect((await services.devices.get(dev.id)).tlsFingerprint).toBe(pinned);
  });
});

describe('the zone plain-HTTP switch', () => {
  it('refuses existing plain devices per device once plain HTTP is off, before sending anything', async () => {
    const ids = await addSimDevices();
    await ok('zone.update', { allowPlainHttp: false });
    const check = await ok<PowerCheckResult>('power.check', { deviceIds: ids });
    expect(check.devices.map((d) => d.error?.code)).toEqual(Array(3).fill('device.plain-not-allowed'));
    expect(check.devices[0]!.error?.message).toContain('sim-0');
    const job = await ok<JobSnapshot>('power.request', { deviceIds: ids, state: 'off' });
    const done = await services.jobs.wait(job.id);
    expect(done.results.every((r) => r.error?.code === 'device.plain-not-allowed')).toBe(true);
    expect(fleet.devices.map((d) => d.sim.stats.requests)).toEqual([0, 0, 0]);
    expect(fleet.devices.map((d) => d.sim.state.powerState)).toEqual([2, 2, 2]);
  });
});
