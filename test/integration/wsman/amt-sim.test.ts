// The WS-Man client and the typed AMT operations against the AMT simulator (electron/simulator) on loopback.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet, type FleetDevice } from '../../../electron/simulator';
import {
  bootTo,
  getDeviceInfo,
  getFirmwareVersions,
  getHardwareSummary,
  getNetworkPorts,
  getPowerStatus,
  openAmtSession,
  requestPowerState,
  type AmtSession,
  type AmtSessionOptions,
} from '../../../electron/amt';
import { normalizeFingerprint } from '../../../electron/wsman';
import { OutbandError } from '../../../shared/errors';

const sessions: AmtSession[] = [];
function session(d: FleetDevice, fleet: Fleet, extra: Partial<AmtSessionOptions> = {}): AmtSession {
  const s = openAmtSession({
    host: d.host,
    port: d.port,
    tls: d.tls,
    user: fleet.user,
    password: fleet.password,
    ...extra,
  });
  sessions.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function failure(p: Promise<unknown>): Promise<OutbandError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof OutbandError)) throw new Error(`expected an OutbandError, got ${String(err)}`);
  return err;
}

describe('plain HTTP devices', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ devices: 3, portBase: 0, device: { amtVersion: '16.1.25', build: '2124' } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('reads the device info the list shows', async () => {
    const d = fleet.devices[0];
    const info = await getDeviceInfo(session(d, fleet));
    expect(info.uuid).toBe(d.uuid.toLowerCase());
    expect(info.amtVersion).toBe('16.1.25');
    expect(info.buildNumber).toBe('2124');
    expect(info.provisioningState).toBe('post');
    expect(info.controlMode).toBe('admin');
    expect(info.hostName).toBe(d.state.hostname);
    expect(info.realm).toBe(d.state.digestRealm);
    expect(info.powerState).toEqual({ code: 2, name: 'on', label: 'Power On' });
    expect(info.availablePowerStates.map((p) => p.code)).toEqual([10, 8, 5, 11, 4, 7, 14, 12]);
    expect(info.server).toContain('16.1.25');
  });

  it('costs one HTTP round trip per request once the digest is warm', async () => {
    const s = session(fleet.devices[1], fleet);
    await getPowerStatus(s);
    const warm = s.wsman.roundTrips;
    for (let i = 0; i < 10; i++) await getPowerStatus(s);
    expect(s.wsman.roundTrips - warm).toBe(10);
  });

  it('recovers from nonces the firmware resets', async () => {
    const d = fleet.devices[1];
    const s = session(d, fleet);
    await getPowerStatus(s);
    d.sim.invalidateNonces();
    const before = s.wsman.roundTrips;
    await getPowerStatus(s);
    expect(s.wsman.roundTrips - before).toBe(2);
  });

  it('powers off, refuses a state that is not available, and powers on', async () => {
    const d = fleet.devices[2];
    const s = session(d, fleet);
    await requestPowerState(s, 8);
    expect(d.state.powerState).toBe(8);
    const status = await getPowerStatus(s);
    expect(status.powerState.name).toBe('off');
    expect(status.available.map((a) => a.code)).toEqual([2]);
    const err = await failure(requestPowerState(s, 10));
    expect(err.code).toBe('amt.power-state-unavailable');
    // Without the early check, the device's own ReturnValue 2 comes back as a typed error.
    const raw = await failure(requestPowerState(s, 10, { checkAvailable: false }));
    expect(raw.code).toBe('amt.unknown-error');
    expect(raw.details).toMatchObject({ method: 'RequestPowerStateChange', returnValue: 2 });
    await requestPowerState(s, 2);
    expect(d.state.powerState).toBe(2);
  });

  it('boots to BIOS setup with the spec sequence (reset when on, power on when off)', async () => {
    const d = fleet.devices[0];
    const s = session(d, fleet);
    expect(await bootTo(s, 'bios')).toBe(10);
    expect(d.state.lastBoot).toMatchObject({ via: 10, biosSetup: true, source: null });
    d.state.powerState = 8;
    expect(await bootTo(s, 'pxe')).toBe(2);
    expect(d.state.lastBoot).toMatchObject({ via: 2, biosSetup: false, source: 'Intel(r) AMT: Force PXE Boot' });
  });

  it('reads firmware versions, hardware and network ports with exact uint64 capacities', async () => {
    const s = session(fleet.devices[0], fleet);
    const fw = await getFirmwareVersions(s);
    expect(Object.keys(fw.all)).toHaveLength(11);
    const hw = await getHardwareSummary(s);
    expect(hw.memory.length).toBeGreaterThan(0);
    expect(BigInt(hw.totalMemoryBytes)).toBe(hw.memory.reduce((t, m) => t + BigInt(m.capacityBytes ?? '0'), 0n));
    expect(hw.platformGuid).toBe(fleet.devices[0].uuid.toLowerCase());
    expect(hw.chassis?.serialNumber).toBe(fleet.devices[0].state.serialNumber);
    const ports = await getNetworkPorts(s);
    expect(ports.map((p) => p.kind)).toEqual(['wired', 'wireless']);
    expect(ports[0].macAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
  });

  it('maps injected firmware faults to distinct codes', async () => {
    const d = fleet.devices[1];
    const s = session(d, fleet);
    await getPowerStatus(s);
    d.sim.injectFault('empty400', { times: 1 });
    expect((await failure(getPowerStatus(s))).code).toBe('wsman.bad-request');
    d.sim.injectFault('http500', { times: 1 });
    expect((await failure(getPowerStatus(s))).code).toBe('wsman.internal-error');
    d.sim.injectFault('malformed', { times: 1 });
    expect((await failure(getPowerStatus(s))).code).toBe('wsman.bad-xml');
    await expect(getPowerStatus(s)).resolves.toBeTruthy();
  });

  it('retries a read once when the device drops the connection', async () => {
    const d = fleet.devices[1];
    const s = session(d, fleet);
    await getPowerStatus(s);
    d.sim.injectFault('drop', { times: 1 });
    await expect(getPowerStatus(s)).resolves.toBeTruthy();
  });

  it('fails with wsman.auth-failed on a wrong password', async () => {
    const s = session(fleet.devices[0], fleet, { password: 'Wrong-passw0rd!' });
    expect((await failure(getPowerStatus(s))).code).toBe('wsman.auth-failed');
  });
});

describe('client control mode', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ devices: 1, portBase: 0, device: { controlMode: 1 } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('needs user consent for a boot change, and boots once the code is given', async () => {
    const d = fleet.devices[0];
    const s = session(d, fleet);
    expect((await getDeviceInfo(s)).controlMode).toBe('client');
    expect((await failure(bootTo(s, 'bios'))).code).toBe('amt.user-consent-required');
    const sent = await bootTo(s, 'bios', {
      consent: async () => {
        // The code "shown on the host screen" is what a person would read.
        expect(d.state.optIn.code).toMatch(/^\d{6}$/);
        return d.state.optIn.code!;
      },
    });
    expect(sent).toBe(10);
    expect(d.state.lastBoot).toMatchObject({ biosSetup: true });
  });
});

describe('TLS devices', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ devices: 1, portBase: 0, tls: true });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('trusts on first use, then holds the device to its pin', async () => {
    const d = fleet.devices[0];
    const first = session(d, fleet);
    const info = await getDeviceInfo(first);
    expect(info.tlsFingerprint).toBe(normalizeFingerprint(d.fingerprint!));
    await expect(getPowerStatus(session(d, fleet, { pin: info.tlsFingerprint }))).resolves.toBeTruthy();
    const wrong = 'AB'.repeat(32);
    const err = await failure(getPowerStatus(session(d, fleet, { pin: wrong })));
    expect(err.code).toBe('wsman.tls-pin-mismatch');
    expect(err.message).toContain(info.tlsFingerprint!);
  });

  it('verifies against the device certificate given as a CA file', async () => {
    const s = session(fleet.devices[0], fleet, { ca: fleet.tlsIdentity!.certPem });
    await expect(getPowerStatus(s)).resolves.toBeTruthy();
  });
});

describe('other firmware states', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await startFleet({ devices: 1, portBase: 0, device: { stallMs: 3_000 } });
  });
  afterAll(async () => {
    await fleet.close();
  });

  it('times out a reply that stalls after its first chunk', async () => {
    const d = fleet.devices[0];
    const s = session(d, fleet, { requestTimeoutMs: 400 });
    await getPowerStatus(s);
    d.sim.injectFault('stall', { times: 1 });
    expect((await failure(getPowerStatus(s))).code).toBe('wsman.timeout');
    await expect(getPowerStatus(s)).resolves.toBeTruthy();
  });

  it('reports a pre-provisioned device with no control mode', async () => {
    const pre = await startFleet({ devices: 1, portBase: 0, device: { provisioningState: 0 } });
    try {
      const info = await getDeviceInfo(session(pre.devices[0], pre));
      expect(info.provisioningState).toBe('pre');
      expect(info.controlMode).toBe('none');
      expect(info.realm).toMatch(/^Digest:[0-9A-F]{4}0{28}$/);
    } finally {
      await pre.close();
    }
  });

  it('refuses graceful states that firmware before AMT 9 does not list', async () => {
    const old = await startFleet({ devices: 1, portBase: 0, device: { amtVersion: '8.1.20', build: '1000' } });
    try {
      const s = session(old.devices[0], old);
      expect((await getPowerStatus(s)).available.map((a) => a.code)).toEqual([10, 8, 5]);
      expect((await failure(requestPowerState(s, 12))).code).toBe('amt.power-state-unavailable');
    } finally {
      await old.close();
    }
  });
});
