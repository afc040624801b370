// Discovery as firmware answers it: RMCP/ASF presence pongs (rmcp.md §3, §6), the 303 to
// /logon.htm on GET / (rmcp.md §5), and PKI Hellos from devices in Setup mode (provisioning.md
// §3.3, §4). The probes and the Hello reader in discovery-probe.ts are written from the specs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TRUSTED_ROOT_HASHES,
  SimDevice,
  generateTlsIdentity,
  helloScheduleMinutes,
  smbiosUuidBytes,
  startFleet,
  type SimDeviceOptions,
  type TlsIdentity,
} from '../../../electron/simulator';
import {
  freeTcpPort,
  freeUdpPort,
  helloCollector,
  pingOnce,
  presencePing,
  readHello,
  udpExchange,
  waitFor,
  type HelloCollector,
} from './discovery-probe';
import { rawRequest } from './wsman-test-client';

const GOLDEN_11_8_POST_TLS_TAG_7 = Buffer.from('0600FF06000011BE40070010000001574261B80201200B0800000000', 'hex');

let tls: TlsIdentity;

beforeAll(() => {
  tls = generateTlsIdentity({ ipAddresses: ['127.0.0.1'] });
});

/** Starts a device, runs `body`, always closes it. */
async function withDevice(opts: SimDeviceOptions, body: (sim: SimDevice) => Promise<void>): Promise<void> {
  const sim = new SimDevice(opts);
  try {
    await sim.start();
    await body(sim);
  } finally {
    await sim.close();
  }
}

/** Pings a device's RMCP responder and returns the pong (fails the test if none comes). */
async function pong(sim: SimDevice, tag = 1): Promise<Buffer> {
  const reply = await pingOnce(sim.host, sim.rmcpPort ?? 0, tag);
  if (reply === null) throw new Error(`no pong from ${sim.host}:${String(sim.rmcpPort)}`);
  return reply;
}

describe('RMCP presence pong', () => {
  it('matches the golden vector: AMT 11.8, post-provisioned, TLS only, tag 7', async () => {
    // Firmware's TLS port is 16993; if this machine already uses it, the device takes a free port
    // and bytes 16-17 must then carry that port instead.
    const opts = { host: '127.0.42.7', tls, amtVersion: '11.8.50', provisioningState: 2 as const, rmcpPort: 0 };
    let sim = new SimDevice({ ...opts, tlsPort: 16993 });
    try {
      await sim.start();
    } catch {
      await sim.close();
      sim = new SimDevice({ ...opts, tlsPort: 0 });
      await sim.start();
    }
    try {
      const reply = await pong(sim, 7);
      const expected = Buffer.from(GOLDEN_11_8_POST_TLS_TAG_7);
      expected.writeUInt16BE(sim.tlsPort ?? 0, 16);
      expect(reply.toString('hex')).toBe(expected.toString('hex'));
      if (sim.tlsPort === 16993) expect(reply.equals(GOLDEN_11_8_POST_TLS_TAG_7)).toBe(true);
      expect(sim.port).toBeNull();
      expect(sim.stats.rmcpPongs).toBe(1);
    } finally {
      await sim.close();
    }
  });

  it('AMT 16 and later: version byte 0, major and minor in bytes 22/23', async () => {
    await withDevice({ host: '127.0.42.8', amtVersion: '16.1.25', port: 0, rmcpPort: 0 }, async (sim) => {
      const reply = await pong(sim, 0x2a);
      expect(reply).toHaveLength(28);
      expect(reply[9]).toBe(0x2a);
      expect(reply.readUInt16BE(16)).toBe(sim.port);
      expect(reply[18]).toBe(0);
      expect(reply[19]).toBe(2);
      expect([reply[22], reply[23]]).toEqual([16, 1]);
      expect(reply.subarray(24).equals(Buffer.alloc(4))).toBe(true);
    });
  });

  it('pre-provisioned: open port 0 and state 0; in setup mode: the port and state 1', async () => {
    await withDevice({ host: '127.0.42.9', provisioningState: 0, port: 0, rmcpPort: 0 }, async (sim) => {
      const reply = await pong(sim);
      expect(reply.readUInt16BE(16)).toBe(0);
      expect(reply[19]).toBe(0);
      sim.state.provisioningState = 1;
      const inSetup = await pong(sim, 2);
      expect(inSetup.readUInt16BE(16)).toBe(sim.port);
      expect(inSetup[19]).toBe(1);
    });
  });

  it('sets the dual-ports bit when both the plain and the TLS port are open, and names the TLS port', async () => {
    await withDevice({ host: '127.0.42.10', port: 0, tlsPort: 0, tls, rmcpPort: 0 }, async (sim) => {
      const reply = await pong(sim);
      expect(reply[19]).toBe(2 | 4);
      expect(reply.readUInt16BE(16)).toBe(sim.tlsPort);
      expect([reply[20], reply[21]]).toEqual([0x01, 0x20]);
    });
  });

  it('stays silent while RmcpPingResponseEnabled is false, and answers again once it is true', async () => {
    await withDevice({ host: '127.0.42.11', rmcpPort: 0, rmcpPingResponse: false }, async (sim) => {
      expect(await pingOnce(sim.host, sim.rmcpPort ?? 0, 3, 300)).toBeNull();
      sim.rmcpPingResponse = true;
      expect((await pong(sim, 4))[9]).toBe(4);
      sim.state.rmcpPingResponse = false;
      expect(await pingOnce(sim.host, sim.rmcpPort ?? 0, 5, 300)).toBeNull();
      expect(sim.stats.rmcpPongs).toBe(1);
    });
  });

  it('ignores malformed datagrams and still answers a good ping afterwards', async () => {
    await withDevice({ host: '127.0.42.12', rmcpPort: 0 }, async (sim) => {
      const wrongIana = presencePing(10);
      wrongIana.writeUInt32BE(343, 4);
      const pongType = presencePing(11);
      pongType[8] = 0x40;
      const ack = presencePing(12);
      ack[3] = 0x86;
      const wrongVersion = presencePing(13);
      wrongVersion[0] = 0x07;
      const noise = Buffer.from('d1f00d5e9a3b7c22e4018866aa55cc33f0', 'hex');
      const bad = [wrongIana, presencePing(14).subarray(0, 11), pongType, ack, wrongVersion, noise, Buffer.alloc(0)];
      // The good ping goes last on the same socket, so every bad one was handled before it.
      const replies = await udpExchange(sim.host, sim.rmcpPort ?? 0, [...bad, presencePing(99)], {
        windowMs: 3000,
        until: (r) => r.some((m) => m[9] === 99),
      });
      expect(replies.map((m) => m[9])).toEqual([99]);
      expect(sim.stats.rmcpPongs).toBe(1);
    });
  });

  it('an "addresses" fleet answers on one port per address; a "ports" fleet only on device 0', async () => {
    const port = await freeUdpPort();
    const byAddress = await startFleet({ devices: 3, portBase: 0, addressing: 'addresses', rmcpPort: port });
    try {
      expect(byAddress.devices.map((d) => d.rmcpPort)).toEqual([port, port, port]);
      for (const d of byAddress.devices) {
        const reply = await pingOnce(d.host, port, d.index + 1);
        expect(reply?.readUInt16BE(16)).toBe(d.port);
      }
    } finally {
      await byAddress.close();
    }
    const byPort = await startFleet({ devices: 3, portBase: 0, device: { rmcpPort: port } });
    try {
      expect(byPort.devices.map((d) => d.rmcpPort)).toEqual([port, null, null]);
      expect((await pingOnce('127.0.0.1', port, 1))?.readUInt16BE(16)).toBe(byPort.devices[0]?.port);
    } finally {
      await byPort.close();
    }
    // close() released the UDP port.
    await withDevice({ host: '127.0.0.1', rmcpPort: port }, async (sim) => {
      expect(sim.rmcpPort).toBe(port);
    });
  });
});

describe('GET / on the web port', () => {
  it('redirects to /logon.htm with a 303 and the firmware Server header, on plain and TLS ports', async () => {
    await withDevice(
      { host: '127.0.42.13', amtVersion: '11.8.50', build: '3425', port: 0, tlsPort: 0, tls },
      async (sim) => {
        const target = { host: sim.host, port: sim.port ?? 0, user: 'admin', password: '' };
        const get = `GET / HTTP/1.1\r\nHost: ${sim.host}\r\n\r\n`;
        const plain = await rawRequest(target, get);
        expect(plain.status).toBe(303);
        expect(plain.headers.get('location')).toBe('/logon.htm');
        expect(plain.headers.get('content-length')).toBe('0');
        expect(plain.headers.get('server')).toBe('Intel(R) Active Management Technology 11.8.50.3425');
        expect(plain.body).toBe('');
        const secure = await rawRequest({ ...target, port: sim.tlsPort ?? 0, fingerprint: tls.fingerprint }, get, {
          tls: true,
        });
        expect(secure.status).toBe(303);
        expect(secure.headers.get('location')).toBe('/logon.htm');
        const logon = await rawRequest(target, `GET /logon.htm HTTP/1.1\r\nHost: ${sim.host}\r\n\r\n`);
        expect(logon.status).toBe(200);
        expect(logon.headers.get('content-type')).toBe('text/html');
        // Other methods on other paths are still refused.
        const del = await rawRequest(target, `DELETE / HTTP/1.1\r\nHost: ${sim.host}\r\n\r\n`);
        expect(del.status).toBe(404);
        const getWsman = await rawRequest(target, `GET /wsman HTTP/1.1\r\nHost: ${sim.host}\r\n\r\n`);
        expect(getWsman.status).toBe(405);
      },
    );
  });
});

describe('PKI Hello sender', () => {
  let server: HelloCollector;

  beforeAll(async () => {
    server = await helloCollector();
  });

  afterAll(async () => {
    await server.close();
  });

  const from = (host: string) => server.received.filter((h) => h.from === host);

  it('follows the schedule: every minute for 5 min, every 5 min to an hour, hourly to the horizon', () => {
    const day = helloScheduleMinutes();
    expect(day.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 10, 15]);
    expect(day.filter((m) => m <= 60)).toHaveLength(17);
    expect(day.slice(-2)).toEqual([1380, 1440]);
    expect(day).toHaveLength(40);
    expect(helloScheduleMinutes(6).at(-1)).toBe(360);
  });

  it('a setup-mode device sends well-formed Hellos with a rising retry count; a provisioned one sends none', async () => {
    const sha384 = { alg: 'sha384' as const, hex: 'ab'.repeat(48) };
    const sha1 = { alg: 'sha1' as const, hex: '0123456789ABCDEF0123456789abcdef01234567' };
    const fleet = await startFleet({
      devices: 2,
      portBase: 0,
      addressing: 'addresses',
      device: { hello: { to: { host: '127.0.0.1', port: server.port }, timeFactor: 6000 } },
      // Device 1 (127.0.0.2) is in Setup mode and trusts two more roots; device 0 is provisioned.
      perDevice: (i) =>
        i === 1
          ? {
              provisioningState: 1,
              hello: {
                to: { host: '127.0.0.1', port: server.port },
                timeFactor: 6000,
                trustedRootHashes: [sha384, sha1],
              },
            }
          : { provisioningState: 2 },
    });
    try {
      const [provisioned, setup] = fleet.devices;
      if (provisioned === undefined || setup === undefined) throw new Error('no devices');
      await waitFor(() => from('127.0.0.2').length >= 4, 'four Hellos from 127.0.0.2');
      expect(setup.sim.helloStatus).toBe('sending');
      expect(provisioned.sim.helloStatus).toBe('idle');

      const hellos = from('127.0.0.2').map((h) => ({ ...h, parsed: readHello(h.data) }));
      const retries = hellos.map((h) => h.parsed.retry).sort((a, b) => a - b);
      expect(retries).toEqual(retries.map((_, i) => i));

      const first = hellos.find((h) => h.parsed.retry === 0);
      if (first === undefined) throw new Error('no first Hello');
      const n = DEFAULT_TRUSTED_ROOT_HASHES.length + 2;
      const header = Buffer.concat([Buffer.from('0100030000000000', 'hex'), smbiosUuidBytes(setup.uuid)]);
      expect(first.data.subarray(0, 25).toString('hex')).toBe(
        Buffer.concat([header, Buffer.from([n])]).toString('hex'),
      );
      expect(first.parsed.uuid.equals(smbiosUuidBytes(setup.uuid))).toBe(true);
      expect(first.parsed.count).toBe(n);
      expect(first.parsed.consumed).toBe(first.data.length);
      expect(first.data.length).toBe(25 + (n - 2) * 34 + (2 + 48) + (2 + 20));
      expect(first.parsed.entries[0]).toEqual({
        type: 2,
        length: 32,
        hex: 'c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4',
      });
      expect(first.parsed.entries.slice(-2)).toEqual([
        { type: 3, length: 48, hex: sha384.hex },
        { type: 1, length: 20, hex: sha1.hex.toLowerCase() },
      ]);
      for (const h of hellos) {
        expect(h.parsed.adminSet).toBe(1);
        expect(h.parsed.version).toBe(3);
        // The whole Hello arrives in the first read, as one write makes it.
        expect(h.firstChunk).toBe(h.data.length);
      }

      // A hash trusted at runtime shows up in the following Hellos.
      const added = { alg: 'sha256' as const, hex: 'ee'.repeat(32) };
      setup.state.trustedRootHashes.push(added);
      await waitFor(
        () => from('127.0.0.2').some((h) => readHello(h.data).entries.some((e) => e.hex === added.hex)),
        'a Hello with the added hash',
      );
      expect(from('127.0.0.1')).toHaveLength(0);
      expect(provisioned.sim.stats.hellosSent).toBe(0);
      expect(setup.sim.stats.hellosSent).toBeGreaterThanOrEqual(4);

      // close() stops the schedule. A Hello already on the wire may still land, so count after a
      // moment; then nothing more arrives within another 20 simulated minutes.
      await fleet.close();
      expect(setup.sim.helloStatus).toBe('closed');
      await new Promise((r) => setTimeout(r, 50));
      const count = from('127.0.0.2').length;
      const sent = setup.sim.stats.hellosSent;
      await new Promise((r) => setTimeout(r, 200));
      expect(from('127.0.0.2')).toHaveLength(count);
      expect(setup.sim.stats.hellosSent).toBe(sent);
    } finally {
      await fleet.close();
    }
  });

  it('starts when the device enters Setup mode at runtime and stops when it leaves', async () => {
    const host = '127.0.42.20';
    const hello = { to: { host: '127.0.0.1', port: server.port }, timeFactor: 6000 };
    await withDevice({ host, provisioningState: 2, hello }, async (sim) => {
      expect(sim.helloStatus).toBe('idle');
      sim.state.provisioningState = 1;
      await waitFor(() => from(host).length >= 2, 'Hellos after entering Setup mode');
      expect(Math.min(...from(host).map((h) => readHello(h.data).retry))).toBe(0);
      sim.state.provisioningState = 2;
      await waitFor(() => sim.helloStatus === 'idle', 'the sender to notice');
    });
  });

  it('gives up after the horizon, saturating the retry count at 14; startHellos() starts over', async () => {
    const host = '127.0.42.21';
    const hello = { to: { host: '127.0.0.1', port: server.port }, timeFactor: 60_000, giveUpHours: 2 };
    const total = helloScheduleMinutes(2).length;
    await withDevice({ host, provisioningState: 1, hello }, async (sim) => {
      await waitFor(() => sim.helloStatus === 'gave-up' && from(host).length >= total, 'the sender to give up');
      expect(from(host)).toHaveLength(total);
      const retries = from(host)
        .map((h) => readHello(h.data).retry)
        .sort((a, b) => a - b);
      expect(retries).toEqual(Array.from({ length: total }, (_, i) => Math.min(i, 14)));
      expect(sim.stats.hellosSent).toBe(total);
      sim.startHellos();
      await waitFor(() => from(host).length > total, 'a Hello after startHellos()');
      expect(
        Math.min(
          ...from(host)
            .slice(total)
            .map((h) => readHello(h.data).retry),
        ),
      ).toBe(0);
    });
  });

  it('ignores a server that is not listening and keeps to the schedule', async () => {
    const port = await freeTcpPort();
    const host = '127.0.42.22';
    await withDevice(
      { host, provisioningState: 1, hello: { to: { host: '127.0.0.1', port }, timeFactor: 6000 } },
      async (sim) => {
        await waitFor(() => sim.stats.helloFailures >= 2, 'two failed Hellos');
        expect(sim.stats.hellosSent).toBe(0);
        const late = await helloCollector(port);
        try {
          await waitFor(() => late.received.length >= 1, 'a Hello once the server listens');
          expect(late.received[0]?.from).toBe(host);
          expect(readHello(late.received[0]?.data ?? Buffer.alloc(25)).retry).toBeGreaterThanOrEqual(2);
        } finally {
          await late.close();
        }
      },
    );
  });

  it('refuses Hello targets off loopback and malformed hashes', () => {
    expect(() => new SimDevice({ hello: { to: { host: '10.0.0.1', port: 9971 } } })).toThrow(/loopback/);
    expect(
      () =>
        new SimDevice({
          hello: { to: { host: '127.0.0.1', port: 9971 }, trustedRootHashes: [{ alg: 'sha256', hex: 'abcd' }] },
        }),
    ).toThrow(/hash/);
  });
});
