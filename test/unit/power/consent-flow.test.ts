// Boot jobs on devices in client control mode: the job waits for the code on the device's screen,
// takes it through power.consentCode, and ends on cancel, timeout or a cancelled job.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../electron/services';
import { PowerService } from '../../../electron/power';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { ConsentCodeResult, ConsentNeeded } from '../../../shared/ipc/power';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { openTestServices, type TestServices } from '../../support/test-services';

let t: TestServices;
let services: Services;
let ccm: Fleet;
let acm: Fleet;
let credentialId = '';
let needed: ConsentNeeded[] = [];
let progress: JobSnapshot[] = [];
const listeners = new Set<() => void>();

/** Resolves once `test` holds after some event arrived (no timing: it waits on the events). */
function until<T>(test: () => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const check = () => {
      const value = test();
      if (value === undefined) return;
      listeners.delete(check);
      resolve(value);
    };
    listeners.add(check);
    check();
  });
}

const ok = <T>(channel: string, args?: unknown) => t.ok<T>(channel, args);
const failure = (channel: string, args?: unknown) => t.failure(channel, args);

async function addDevice(name: string, d: { host: string; port: number }): Promise<string> {
  return (await services.devices.add({ name, address: d.host, port: d.port, tlsMode: 'plain', credentialId })).id;
}

beforeEach(async () => {
  ccm = await startFleet({ devices: 2, portBase: 0, device: { controlMode: 1 } });
  acm = await startFleet({ devices: 1, portBase: 0 });
  needed = [];
  progress = [];
  t = await openTestServices({
    prefix: 'outband-consent-',
    emit: (event, payload) => {
      if (event === 'power.consentNeeded') needed.push(payload as ConsentNeeded);
      if (event === 'job.progress') progress.push(payload as JobSnapshot);
      for (const l of [...listeners]) l();
    },
  });
  ({ services } = t);
  // The simulators speak plain HTTP; a new zone keeps to TLS, so allow it as a person would.
  await t.ok('zone.update', { allowPlainHttp: true });
  credentialId = (await services.vault.create({ name: 'Sim', loginName: ccm.user, password: ccm.password })).id;
});

afterEach(async () => {
  listeners.clear();
  await t.close();
  await ccm.close();
  await acm.close();
});

describe('boot jobs that need user consent', () => {
  it('asks for the code, refuses a wrong one, boots with the right one, and lets other devices finish meanwhile', async () => {
    const waiter = await addDevice('ccm-0', ccm.devices[0]!);
    const other = await addDevice('acm-0', acm.devices[0]!);
    const job = await ok<JobSnapshot>('power.request', { deviceIds: [waiter, other], state: 'boot.bios' });

    const first = await until(() => needed.find((n) => n.deviceId === waiter));
    expect(first).toEqual({ jobId: job.id, deviceId: waiter, name: 'ccm-0', address: ccm.devices[0]!.host });
    // The admin-mode device needs no consent and is done while the other still waits.
    const partway = await until(() => progress.find((p) => p.id === job.id && p.results.some((r) => r.key === other)));
    expect(partway.results.map((r) => [r.label, r.ok])).toEqual([['acm-0', true]]);
    expect(partway.status).toBe('running');

    const state = ccm.devices[0]!.sim.state;
    expect(state.optIn.state).toBe(2);
    const code = state.optIn.code!;
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await ok<ConsentCodeResult>('power.consentCode', { jobId: job.id, deviceId: waiter, code: wrong });
    expect(refused).toMatchObject({ accepted: false, canRetry: true, error: { code: 'amt.invalid-state' } });
    const again = await until(() => needed.filter((n) => n.deviceId === waiter)[1]);
    expect(again.previous?.code).toBe('amt.invalid-state');

    const accepted = await ok<ConsentCodeResult>('power.consentCode', { jobId: job.id, deviceId: waiter, code });
    expect(accepted).toEqual({ accepted: true });
    const done = await services.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.results.find((r) => r.key === waiter)?.detail).toContain('consent given');
    expect(state.lastBoot).toMatchObject({ biosSetup: true });
    expect(acm.devices[0]!.sim.state.lastBoot).toMatchObject({ biosSetup: true });
  });

  it('several devices wait at once, and a cancelled one withdraws its request and fails with a clear code', async () => {
    const a = await addDevice('ccm-0', ccm.devices[0]!);
    const b = await addDevice('ccm-1', ccm.devices[1]!);
    const job = await ok<JobSnapshot>('power.request', { deviceIds: [a, b], state: 'boot.pxe' });
    await until(() => (needed.length >= 2 ? needed : undefined));
    expect(new Set(needed.map((n) => n.deviceId))).toEqual(new Set([a, b]));

    expect(await ok('power.consentCancel', { jobId: job.id, deviceId: a })).toEqual({ cancelled: true });
    const code = ccm.devices[1]!.sim.state.optIn.code!;
    expect(await ok('power.consentCode', { jobId: job.id, deviceId: b, code })).toEqual({ accepted: true });
    const done = await services.jobs.wait(job.id);
    expect(done.status).toBe('partial');
    expect(done.results.find((r) => r.key === a)?.error?.code).toBe('power.consent-cancelled');
    expect(ccm.devices[0]!.sim.state.optIn).toMatchObject({ state: 0, code: null });
    expect(ccm.devices[0]!.sim.state.lastBoot).toBeNull();
    expect(ccm.devices[1]!.sim.state.lastBoot).toMatchObject({ source: 'Intel(r) AMT: Force PXE Boot' });
    // Nothing waits any more: a late code or cancel is refused with its own code.
    const late = await failure('power.consentCode', { jobId: job.id, deviceId: a, code: '123456' });
    expect(late.code).toBe('power.consent-not-waiting');
    expect((await failure('power.consentCancel', { jobId: job.id, deviceId: b })).code).toBe(
      'power.consent-not-waiting',
    );
  });

  it('refuses a code that is not 6 digits before it reaches a device', async () => {
    const a = await addDevice('ccm-0', ccm.devices[0]!);
    const job = await ok<JobSnapshot>('power.request', { deviceIds: [a], state: 'boot.bios' });
    await until(() => needed[0]);
    const bad = await failure('power.consentCode', { jobId: job.id, deviceId: a, code: '12a45' });
    expect(bad.code).toBe('ipc.invalid-arguments');
    expect(ccm.devices[0]!.sim.state.optIn.state).toBe(2);
    expect(services.jobs.cancel(job.id)).toBe(true);
    const done = await services.jobs.wait(job.id);
    expect(done.status).toBe('cancelled');
    // A cancelled job takes the code off the device's screen too.
    expect(ccm.devices[0]!.sim.state.optIn).toMatchObject({ state: 0, code: null });
  });

  it('gives up after the consent timeout with amt.consent-timeout and withdraws the request', async () => {
    const power = new PowerService({
      devices: services.devices,
      store: services.store,
      jobs: services.jobs,
      resolveCredential: (id) => services.vault.resolvePassword(id),
      onConsentNeeded: (r) => needed.push(r),
      consentTimeoutMs: 50,
    });
    const a = await addDevice('ccm-0', ccm.devices[0]!);
    const job = await power.request([a], 'boot.bios');
    const done = await services.jobs.wait(job.id);
    expect(needed).toHaveLength(1);
    expect(done.status).toBe('failed');
    expect(done.results[0]?.error).toMatchObject({ code: 'amt.consent-timeout' });
    expect(done.results[0]?.error?.message).toContain('ccm-0');
    expect(ccm.devices[0]!.sim.state.optIn).toMatchObject({ state: 0, code: null });
    expect(power.pendingConsent()).toEqual([]);
  });

  it('powers a switched-off device on so it can show the code', async () => {
    const state = ccm.devices[0]!.sim.state;
    state.powerState = 8;
    const a = await addDevice('ccm-0', ccm.devices[0]!);
    const job = await ok<JobSnapshot>('power.request', { deviceIds: [a], state: 'boot.bios' });
    await until(() => needed[0]);
    expect(state.powerState).toBe(2);
    await ok('power.consentCode', { jobId: job.id, deviceId: a, code: state.optIn.code! });
    expect((await services.jobs.wait(job.id)).status).toBe('succeeded');
    expect(state.lastBoot).toMatchObject({ biosSetup: true });
  });
});
