// Unattended power runs (the app's scheduler and `outband schedule run-due`) against simulated
// TLS and plain devices: trust on first use pins, a changed certificate fails, and a zone that
// turned plain HTTP off is honoured when connecting, not only when adding devices.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSchedule } from '../../../electron/scheduler/schedule-service';
import { parseMoment } from '../../../electron/scheduler/spec-input';
import type { Services } from '../../../electron/services';
import { openStore, type Store } from '../../../electron/store';
import type { Device } from '../../../shared/domain/device';
import { normalizeFingerprint } from '../../../shared/domain/fingerprint';
import type { Fleet } from '../../../electron/simulator';
import type { CliRun } from '../../support/cli';
import { openTestServices, type TestServices } from '../../support/test-services';
import type { TestSecretStore } from '../../unit/vault/secret-doubles';
import { openSimData, type SimData } from './sim-data';

const OTHER_PIN = Array(32).fill('AB').join(':');
const FIRING = '2099-06-01T22:00';
const AFTER = '2099-06-01T22:01';

let sim: SimData;
let dir: string;
let tlsFleet: Fleet;
let plainFleet: Fleet;
let env: NodeJS.ProcessEnv;
let secrets: TestSecretStore;

beforeEach(async () => {
  sim = await openSimData('outband-sched-tls-', { devices: 1, tls: true }, { devices: 1 });
  ({ dir, env, secrets } = sim);
  [tlsFleet, plainFleet] = sim.fleets;
});
afterEach(() => sim.close());

const cli = (...args: string[]): Promise<CliRun> => sim.cli(...args);

async function storedDevices(): Promise<Device[]> {
  const store = await openStore(dir, { readOnly: true });
  try {
    return (await store.get('devices')).devices;
  } finally {
    await store.close();
  }
}

/** Changes the data folder as another Outband window would (the CLI holds no lock between commands). */
async function writeStore(fn: (store: Store) => Promise<unknown>): Promise<void> {
  const store = await openStore(dir);
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

describe('outband schedule run-due', () => {
  it('pins an unpinned TLS device on first use, then refuses a different certificate', async () => {
    const d = tlsFleet.devices[0]!;
    expect((await cli('vault', 'add', 'Sim', '--password-env', 'SIM_PW')).exitCode).toBe(0);
    const add = await cli('device', 'add', 'tls-0', d.host, '--tls', '--port', String(d.port), '--credential', 'Sim');
    expect(add.stderr).toBe('');
    expect((await cli('schedule', 'add', '--zone', '--state', 'off', '--once', FIRING)).exitCode).toBe(0);

    const run = await cli('schedule', 'run-due', '--now', AFTER);
    expect(run.exitCode).toBe(0);
    expect(d.state.powerState).toBe(8);
    // Before the fix the run succeeded the same way but left the device unpinned, so every later
    // unattended run would have accepted any certificate.
    const [pinned] = await storedDevices();
    expect(pinned!.tlsFingerprint).toBe(normalizeFingerprint(d.fingerprint!));

    // The device now shows another certificate than the pinned one: a hard error, nothing sent.
    await writeStore((store) => store.update('devices', (doc) => void (doc.devices[0]!.tlsFingerprint = OTHER_PIN)));
    d.state.powerState = 2;
    expect((await cli('schedule', 'add', '--zone', '--state', 'off', '--once', '2099-06-02T22:00')).exitCode).toBe(0);
    const again = await cli('schedule', 'run-due', '--now', '2099-06-02T22:01', '--json');
    expect(again.exitCode).toBe(1);
    const result = JSON.parse(again.stdout).executed[0].results[0];
    expect(result).toMatchObject({ ok: false, code: 'wsman.tls-pin-mismatch' });
    expect(result.message).toContain(OTHER_PIN);
    expect(result.message).toContain(normalizeFingerprint(d.fingerprint!));
    expect(d.state.powerState).toBe(2);
    expect((await storedDevices())[0]!.tlsFingerprint).toBe(OTHER_PIN);
  });

  it('does not talk plain HTTP to an existing plain device once the zone turned plain HTTP off', async () => {
    const p = plainFleet.devices[0]!;
    env.SIM_PW = plainFleet.password;
    expect((await cli('vault', 'add', 'Sim', '--password-env', 'SIM_PW')).exitCode).toBe(0);
    // Plain HTTP allowed for the zone (not chosen for the device alone), then turned off.
    await writeStore((store) => store.update('zone', (doc) => void (doc.zone.allowPlainHttp = true)));
    expect(
      (await cli('device', 'add', 'plain-0', p.host, '--plain', '--port', String(p.port), '--credential', 'Sim'))
        .exitCode,
    ).toBe(0);
    await writeStore((store) => store.update('zone', (doc) => void (doc.zone.allowPlainHttp = false)));
    expect((await cli('schedule', 'add', '--zone', '--state', 'off', '--once', FIRING)).exitCode).toBe(0);

    const run = await cli('schedule', 'run-due', '--now', AFTER, '--json');
    expect(run.exitCode).toBe(1);
    const result = JSON.parse(run.stdout).executed[0].results[0];
    expect(result).toMatchObject({ ok: false, code: 'device.plain-not-allowed' });
    expect(result.message).toContain('plain-0');
    // Not one request (so no digest credentials) reached the device.
    expect(p.sim.stats.requests).toBe(0);
    expect(p.state.powerState).toBe(2);
  });
});

describe("the app's scheduler", () => {
  let t: TestServices;
  let services: Services;

  beforeEach(async () => {
    t = await openTestServices({ prefix: 'outband-sched-tls-app-', secretStore: secrets });
    ({ services } = t);
  });
  afterEach(() => t.close());

  it('pins on first use and applies the zone plain-HTTP policy per device', async () => {
    const d = tlsFleet.devices[0]!;
    const p = plainFleet.devices[0]!;
    const cred = await services.vault.create({ name: 'Sim', loginName: tlsFleet.user, password: tlsFleet.password });
    const tls = await services.devices.add({
      name: 'tls-0',
      address: d.host,
      port: d.port,
      tlsMode: 'tls',
      credentialId: cred.id,
    });
    await services.store.update('zone', (doc) => void (doc.zone.allowPlainHttp = true));
    const plain = await services.devices.add({
      name: 'plain-0',
      address: p.host,
      port: p.port,
      tlsMode: 'plain',
      credentialId: cred.id,
    });
    await services.store.update('zone', (doc) => void (doc.zone.allowPlainHttp = false));
    await addSchedule(services.schedules, {
      level: { kind: 'zone' },
      powerState: 'off',
      schedule: { type: 'dates', dates: [FIRING] },
    });

    const report = await services.scheduler.runDue(parseMoment(AFTER));
    const byId = new Map(report.executed[0]!.results.map((r) => [r.deviceId, r]));
    expect(byId.get(tls.id)).toMatchObject({ ok: true });
    expect(byId.get(plain.id)).toMatchObject({ ok: false, code: 'device.plain-not-allowed' });
    expect((await services.devices.get(tls.id)).tlsFingerprint).toBe(normalizeFingerprint(d.fingerprint!));
    expect(d.state.powerState).toBe(8);
    expect(p.sim.stats.requests).toBe(0);
    expect(p.state.powerState).toBe(2);
  });
});
