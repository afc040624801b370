// Warm device sessions kept across calls (issue 15.1/15.2), against simulated devices: what a warm
// call costs, and that the pool never uses a stale pin, never mixes two devices' digest state,
// survives a reboot and fails a changed certificate as hard as a cold session does.
import { afterEach, describe, expect, it } from 'vitest';
import { getPowerStatus, type AmtSession } from '../../../electron/amt';
import { SessionPool } from '../../../electron/power/session-pool';
import {
  withDeviceSession,
  type DeviceSessionDeps,
  type ReachableDevice,
} from '../../../electron/power/device-session';
import { DEFAULT_PASSWORD, SimDevice, generateTlsIdentity, type TlsIdentity } from '../../../electron/simulator';
import { normalizeFingerprint } from '../../../shared/domain/fingerprint';
import { OutbandError } from '../../../shared/errors';

const REALM = 'Digest:0A1B2C3D4E5F60718293A4B5C6D7E8F9';
const started: SimDevice[] = [];
let pool: SessionPool | undefined;

afterEach(async () => {
  await pool?.close();
  pool = undefined;
  await Promise.all(started.splice(0).map((d) => d.close()));
});

async function plainDevice(port = 0): Promise<SimDevice> {
  const sim = new SimDevice({ host: '127.0.0.1', port, digestRealm: REALM });
  await sim.start();
  started.push(sim);
  return sim;
}

async function tlsDevice(identity: TlsIdentity, tlsPort = 0): Promise<SimDevice> {
  const sim = new SimDevice({ host: '127.0.0.1', tlsPort, tls: identity, digestRealm: REALM });
  await sim.start();
  started.push(sim);
  return sim;
}

function deps(p: SessionPool, pins: Map<string, string> = new Map()): DeviceSessionDeps {
  return {
    resolveCredential: async () => ({ loginName: 'admin', password: DEFAULT_PASSWORD }),
    pinIfUnset: async (id, fp) => void pins.set(id, fp),
    plainHttpAllowed: async () => true,
    pool: p,
    rememberRealm: () => undefined,
  };
}

const plain = (id: string, sim: SimDevice): ReachableDevice => ({
  id,
  address: '127.0.0.1',
  port: sim.port!,
  tlsMode: 'plain',
  credentialId: 'c1',
});
const secure = (id: string, sim: SimDevice, pin?: string): ReachableDevice => ({
  id,
  address: '127.0.0.1',
  port: sim.tlsPort!,
  tlsMode: 'tls',
  tlsFingerprint: pin,
  credentialId: 'c1',
});

/** Reads the power state through the pool and hands back the session that did it. */
async function read(device: ReachableDevice, d: DeviceSessionDeps): Promise<AmtSession> {
  return withDeviceSession(device, d, async (s) => {
    await getPowerStatus(s);
    return s;
  });
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (err: unknown) => (err instanceof OutbandError ? err.code : String(err)),
  );
}

describe('warm sessions', () => {
  it('a second call on a device pays one HTTP request on the open connection', async () => {
    const sim = await plainDevice();
    pool = new SessionPool();
    const d = deps(pool);
    const first = await read(plain('a', sim), d);
    expect(sim.stats.requests).toBe(2); // the 401 and the read
    const second = await read(plain('a', sim), d);
    expect(second).toBe(first);
    expect(sim.stats.requests).toBe(3);
    expect(second.wsman.connects).toBe(2); // the 401 closed the first connection; none since
  });

  it('over TLS the reconnect after the 401 resumes the session instead of a full handshake', async () => {
    const sim = await tlsDevice(generateTlsIdentity());
    pool = new SessionPool();
    const d = deps(pool);
    const s = await read(secure('a', sim), d);
    expect(s.wsman.connects).toBe(2);
    expect(s.wsman.resumedHandshakes).toBe(1);
    // A connection closed to stay under the socket cap comes back resumed, with the digest kept.
    await s.wsman.dropConnection();
    await read(secure('a', sim, s.tlsFingerprint), d);
    expect(s.wsman.connects).toBe(3);
    expect(s.wsman.resumedHandshakes).toBe(2);
    expect(sim.stats.requests).toBe(3);
  });

  it('keeps each device its own nonce and count: interleaved calls on two devices need no new challenge', async () => {
    const one = await plainDevice();
    const two = await plainDevice();
    pool = new SessionPool();
    const d = deps(pool);
    await read(plain('one', one), d);
    await read(plain('two', two), d);
    const before = [one.stats.requests, two.stats.requests, one.stats.unauthorized, two.stats.unauthorized];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? read(plain('one', one), d) : read(plain('two', two), d))),
    );
    expect([one.stats.requests, two.stats.requests, one.stats.unauthorized, two.stats.unauthorized]).toEqual([
      before[0]! + 10,
      before[1]! + 10,
      before[2],
      before[3],
    ]);
  });

  it('survives a reboot: the closed socket reconnects and the new nonce costs one challenge', async () => {
    const sim = await plainDevice();
    pool = new SessionPool();
    const d = deps(pool);
    const port = sim.port!;
    const s = await read(plain('a', sim), d);
    await sim.close();
    const rebooted = await plainDevice(port);
    expect(await read(plain('a', rebooted), d)).toBe(s);
    expect(rebooted.stats.requests).toBe(2); // the old nonce refused, then the read
  });

  it('closes a session after a network error instead of lending it again', async () => {
    const sim = await plainDevice();
    pool = new SessionPool();
    const d = deps(pool);
    const s = await read(plain('a', sim), d);
    sim.injectFault('drop', { times: 2 });
    expect(await codeOf(read(plain('a', sim), d))).toBe('wsman.connection-reset');
    expect(pool.size).toBe(0);
    expect(await read(plain('a', sim), d)).not.toBe(s);
  });
});

describe('pins and certificates', () => {
  it('never sends a request through a session whose pin is not the device pin any more', async () => {
    const identity = generateTlsIdentity();
    const sim = await tlsDevice(identity);
    pool = new SessionPool();
    const pins = new Map<string, string>();
    const d = deps(pool, pins);
    const s = await read(secure('a', sim), d); // trusted on first use
    const pinned = pins.get('a')!;
    expect(pinned).toBe(normalizeFingerprint(identity.fingerprint));
    expect(await read(secure('a', sim, pinned), d)).toBe(s);
    const requests = sim.stats.requests;
    // The record now names another certificate: the warm session must not be used for it.
    const other = Array(32).fill('CD').join(':');
    expect(await codeOf(read(secure('a', sim, other), d))).toBe('wsman.tls-pin-mismatch');
    expect(sim.stats.requests).toBe(requests);
    expect(pool.size).toBe(0);
  });

  it('fails a changed certificate hard, also on a warm session that holds a ticket', async () => {
    const sim = await tlsDevice(generateTlsIdentity());
    const port = sim.tlsPort!;
    pool = new SessionPool();
    const pins = new Map<string, string>();
    const d = deps(pool, pins);
    await read(secure('a', sim), d);
    const pin = pins.get('a')!;
    await sim.close();
    const impostor = await tlsDevice(generateTlsIdentity(), port);
    expect(await codeOf(read(secure('a', impostor, pin), d))).toBe('wsman.tls-pin-mismatch');
    expect(impostor.stats.requests).toBe(0);
    expect(pool.size).toBe(0);
  });

  it('lends a fresh session when the credential changed', async () => {
    const sim = await plainDevice();
    pool = new SessionPool();
    const d = deps(pool);
    const s = await read(plain('a', sim), d);
    const other: DeviceSessionDeps = {
      ...d,
      resolveCredential: async () => ({ loginName: 'admin', password: 'Other-Pa55!' }),
    };
    expect(await codeOf(read(plain('a', sim), other))).toBe('wsman.auth-failed');
    expect(await read(plain('a', sim), d)).not.toBe(s);
  });
});

describe('bounds', () => {
  it('keeps at most maxSockets connections open, closing the least recently used idle ones', async () => {
    const sims = await Promise.all([plainDevice(), plainDevice(), plainDevice()]);
    pool = new SessionPool({ maxSockets: 1 });
    const d = deps(pool);
    const sessions = [];
    for (const [i, sim] of sims.entries()) sessions.push(await read(plain(`d${i}`, sim), d));
    expect(pool.sockets).toBe(1);
    expect(sessions.map((s) => s.wsman.connected)).toEqual([false, false, true]);
    // The digest state stayed: the first device is read again with one request.
    const before = sims[0]!.stats.requests;
    await read(plain('d0', sims[0]!), d);
    expect(sims[0]!.stats.requests).toBe(before + 1);
  });

  it('closes sessions that stayed idle longer than idleMs', async () => {
    const sim = await plainDevice();
    pool = new SessionPool({ idleMs: 1 });
    const d = deps(pool);
    await read(plain('a', sim), d);
    await new Promise((r) => setTimeout(r, 400));
    expect(pool.size).toBe(0);
  });
});
