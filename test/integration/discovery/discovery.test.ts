// Discovery end to end against simulated devices on 127.x addresses: the scanner (RMCP ping and
// TCP probe), the Hello listener, the discovered list, and adding to the managed devices.
import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { scanForAmt } from '../../../electron/discovery/scanner';
import { parseScanTargets } from '../../../electron/discovery/targets';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { DiscoveredRow, ListenerStatus } from '../../../shared/ipc/discovery';
import type { PowerCheckResult } from '../../../shared/ipc/power';
import { openTestServices, type TestServices } from '../../support/test-services';
import { freePort, freeUdpPort } from '../../support/net';

const fleets: Fleet[] = [];
let t: TestServices | undefined;

afterEach(async () => {
  await t?.close();
  t = undefined;
  await Promise.all(fleets.splice(0).map((f) => f.close()));
});

async function fleet(opts: Parameters<typeof startFleet>[0]): Promise<Fleet> {
  const f = await startFleet(opts);
  fleets.push(f);
  return f;
}

async function until<T>(what: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the scanner', () => {
  it('finds a mixed simulated fleet by RMCP and TCP, and not the silent address', async () => {
    const rmcpPort = await freeUdpPort();
    const port = await freePort();
    const plain = await fleet({
      devices: 4,
      addressing: 'addresses',
      portBase: port,
      rmcpPort,
      seed: 300,
      perDevice: (i) => ({
        provisioningState: i === 1 ? 0 : i === 2 ? 1 : 2,
        amtVersion: i === 3 ? '11.8.86' : '16.1.25',
      }),
    });
    expect(plain.devices.map((d) => d.host)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']);
    // RMCP answers off on the last device: the TCP probe alone still finds it.
    plain.devices[3]!.sim.rmcpPingResponse = false;
    const targets = parseScanTargets(['127.0.0.1-127.0.0.6']);
    const progress: number[] = [];
    const { found, scanned } = await scanForAmt(targets, {
      ports: [port],
      rmcpPort,
      timeoutMs: 1000,
      pingWindowMs: 300,
      onProgress: (done) => progress.push(done),
    });
    expect(scanned).toBe(6);
    expect(progress.at(-1)).toBe(6);
    const by = Object.fromEntries(found.map((f) => [f.address, f]));
    expect(Object.keys(by).sort()).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4']);
    expect(by['127.0.0.1']).toMatchObject({
      provisioningState: 'post',
      amtVersion: '16.1.25',
      tls: false,
      ports: [port],
      via: ['rmcp', 'tcp'],
    });
    expect(by['127.0.0.2']).toMatchObject({ provisioningState: 'pre' });
    expect(by['127.0.0.3']).toMatchObject({ provisioningState: 'in' });
    expect(by['127.0.0.4']).toMatchObject({ provisioningState: null, amtVersion: '11.8.86', via: ['tcp'] });
  });

  it('tells TLS ports by a handshake that keeps certificate checking on', async () => {
    const port = await freePort();
    const tls = await fleet({ devices: 2, addressing: 'addresses', portBase: port, tls: true });
    const { found } = await scanForAmt(parseScanTargets(tls.devices.map((d) => d.host)), {
      ports: [port],
      rmcpPort: await freeUdpPort(),
      timeoutMs: 1000,
      pingWindowMs: 100,
    });
    const sorted = [...found].sort((a, b) => a.address.localeCompare(b.address));
    expect(sorted.map((f) => [f.address, f.tls, f.ports, f.via])).toEqual(
      tls.devices.map((d) => [d.host, true, [port], ['tcp']]),
    );
  });

  it('cancels promptly and keeps what it found', async () => {
    const controller = new AbortController();
    const scan = scanForAmt(parseScanTargets(['127.0.8.0/22']), {
      ports: [await freePort()],
      rmcpPort: await freeUdpPort(),
      signal: controller.signal,
      pingWindowMs: 5000,
    });
    setTimeout(() => controller.abort(), 100);
    const result = await scan;
    expect(result.found).toEqual([]);
    expect(result.scanned).toBeLessThan(1022);
  });
});

describe('discovery in the app', () => {
  it('scans as a job, lists what it found, and adds a device to the managed ones that then answers', async () => {
    t = await openTestServices({ prefix: 'outband-discovery-' });
    const port = await freePort();
    const rmcpPort = await freeUdpPort();
    const f = await fleet({ devices: 2, addressing: 'addresses', portBase: port, rmcpPort, seed: 500 });
    const hosts = f.devices.map((d) => d.host);
    const job = await t.ok<JobSnapshot>('discovery.scan', {
      targets: `${hosts.join(', ')}, 127.0.0.200`,
      ports: [port],
      rmcpPort,
      timeoutMs: 1000,
    });
    const done = await t.services.jobs.wait(job.id);
    expect(done.status).toBe('succeeded');
    expect(done.total).toBe(3);
    expect(done.done).toBe(3);
    expect(done.results.map((r) => r.label).sort()).toEqual([...hosts].sort());
    expect(done.results[0]?.detail).toMatch(/^AMT 16\.1\.25, provisioned, no TLS$/);
    const list = await until(async () => {
      const l = await t!.ok<{ devices: DiscoveredRow[] }>('discovery.list');
      return l.devices.length === 2 ? l : undefined;
    });
    expect(list.devices.every((d) => d.via.includes('scan') && d.managedDeviceId === null)).toBe(true);

    const cred = await t.services.vault.create({ name: 'Found', loginName: f.user, password: f.password });
    // A new zone keeps to TLS: "what the device offers" does not add a plain-only device…
    const refused = await t.ok<{ added: number; problems: { code: string }[] }>('discovery.add', {
      addresses: [hosts[0]],
      folderId: null,
      credentialId: cred.id,
    });
    expect(refused.problems.map((p) => p.code)).toEqual(['device.plain-not-allowed']);
    // …plain HTTP chosen by name does, for that device alone.
    const added = await t.ok<{ added: number; problems: unknown[] }>('discovery.add', {
      addresses: [hosts[0]],
      folderId: null,
      credentialId: cred.id,
      tlsMode: 'plain',
    });
    expect(added).toMatchObject({ added: 1, problems: [] });
    expect((added as { deviceIds?: string[] }).deviceIds).toHaveLength(1);
    const managed = await t.services.devices.list();
    expect(managed).toHaveLength(1);
    expect(managed[0]).toMatchObject({
      address: hosts[0],
      tlsMode: 'plain',
      allowPlainHttp: true,
      port,
      credentialId: cred.id,
    });
    expect((await t.ok<{ devices: DiscoveredRow[] }>('discovery.list')).devices.map((d) => d.address)).toEqual([
      hosts[1],
    ]);
    const check = await t.ok<PowerCheckResult>('power.check', { deviceIds: [managed[0]!.id] });
    expect(check.devices[0]).toMatchObject({ ok: true, state: { code: 2 } });
    const again = await t.ok<{ added: number; problems: { code: string }[] }>('discovery.add', {
      addresses: ['10.9.9.9'],
      folderId: null,
    });
    expect(again.problems[0]?.code).toBe('discovery.not-found');
  });

  it('keeps the host name a device was scanned by and names the managed device after it', async () => {
    t = await openTestServices({ prefix: 'outband-discovery-' });
    const port = await freePort();
    const rmcpPort = await freeUdpPort();
    await fleet({ devices: 1, addressing: 'addresses', portBase: port, rmcpPort });
    const job = await t.ok<JobSnapshot>('discovery.scan', {
      targets: 'localhost',
      ports: [port],
      rmcpPort,
      timeoutMs: 1000,
    });
    await t.services.jobs.wait(job.id);
    const [row] = await until(async () => {
      const l = (await t!.ok<{ devices: DiscoveredRow[] }>('discovery.list')).devices;
      return l.length > 0 ? l : undefined;
    });
    expect(row).toMatchObject({ address: '127.0.0.1', name: 'localhost' });
    await t.ok('discovery.add', { addresses: ['127.0.0.1'], folderId: null, tlsMode: 'plain' });
    expect((await t.services.devices.list()).map((d) => d.name)).toEqual(['localhost']);
  });

  it('refuses bad targets before scanning', async () => {
    t = await openTestServices({ prefix: 'outband-discovery-' });
    expect((await t.failure('discovery.scan', { targets: '10.0.0.0/8' })).code).toBe('discovery.bad-target');
    expect((await t.failure('discovery.scan', { targets: '10.0.0.300' })).code).toBe('discovery.bad-target');
    expect((await t.failure('discovery.scan', { targets: '10.0.0.0-10.2.0.0' })).code).toBe('discovery.too-many-hosts');
  });

  it('hears Hellos from setup-mode devices, matches them against the zone root, and drops malformed ones', async () => {
    const hellos: { source: string; uuid: string; match: { canProvision: boolean } }[] = [];
    t = await openTestServices({
      prefix: 'outband-hello-',
      emit: (event, payload) => {
        if (event === 'discovery.hello') hellos.push(payload as (typeof hellos)[number]);
      },
    });
    const status = await t.ok<ListenerStatus>('discovery.listenerStart', {
      host: '127.0.0.1',
      port: await freePort(),
    });
    expect(status).toMatchObject({ running: true, host: '127.0.0.1' });
    const listenPort = status.port ?? 0;

    // A malformed message is dropped with a reason.
    await new Promise<void>((resolve) => {
      const s = connect(listenPort, '127.0.0.1', () => s.end(Buffer.from('GET / HTTP/1.1\r\n\r\n')));
      s.on('close', () => resolve());
    });
    const dropped = await until(async () => {
      const l = await t!.ok<{ listener: ListenerStatus }>('discovery.list');
      return l.listener.dropped > 0 ? l.listener : undefined;
    });
    expect(dropped.lastDropped?.reason).toMatch(/Not a valid PKI Hello/);

    const ca = await t.services.certs.createZoneCa({ keySize: 2048 });
    const f = await fleet({
      devices: 2,
      addressing: 'addresses',
      portBase: await freePort(),
      seed: 700,
      perDevice: (i) => ({
        provisioningState: 1,
        hello: {
          to: { host: '127.0.0.1', port: listenPort },
          timeFactor: 6000,
          trustedRootHashes: i === 0 ? [{ alg: 'sha256', hex: ca.hashes.sha256.hexLower }] : [],
        },
      }),
    });
    await until(() => (hellos.length >= 2 ? true : undefined));
    const list = await until(async () => {
      const l = await t!.ok<{ devices: DiscoveredRow[] }>('discovery.list');
      return l.devices.length === 2 ? l : undefined;
    });
    const by = Object.fromEntries(list.devices.map((d) => [d.address, d]));
    const [first, second] = f.devices;
    expect(by[first!.host]).toMatchObject({ uuid: first!.uuid, provisioningState: 'in', via: ['hello'] });
    expect(by[first!.host]?.match).toMatchObject({ canProvision: true });
    expect(by[first!.host]?.match?.reason).toContain('zone root CA');
    expect(by[second!.host]?.match?.canProvision).toBe(false);
    expect(by[second!.host]?.match?.reason).toContain(ca.hashes.sha256.colon);
    // The devices keep sending on their schedule; repeats within the cooldown are held back.
    const before = (await t.ok<{ listener: ListenerStatus }>('discovery.list')).listener.received;
    expect(before).toBe(2);

    const stopped = await t.ok<ListenerStatus>('discovery.listenerStop');
    expect(stopped.running).toBe(false);
  });

  it('explains a listener port that is taken', async () => {
    t = await openTestServices({ prefix: 'outband-hello-' });
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const err = await t.failure('discovery.listenerStart', { host: '127.0.0.1', port });
      expect(err.code).toBe('discovery.port-in-use');
      expect(err.message).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('forgets discovered devices after the expiry time, which Settings can change', async () => {
    t = await openTestServices({ prefix: 'outband-expiry-' });
    const old = new Date(Date.now() - 13 * 3_600_000).toISOString();
    await t.services.store.update('discovered', (doc) => {
      doc.devices.push({ address: '10.1.1.1', via: ['scan'], ports: [16992], firstSeen: old, lastSeen: old });
    });
    await t.ok('discovery.setExpiry', { hours: 24 });
    expect((await t.ok<{ devices: DiscoveredRow[] }>('discovery.list')).devices).toHaveLength(1);
    await t.ok('discovery.setExpiry', { hours: 12 });
    const list = await t.ok<{ devices: DiscoveredRow[]; expiryHours: number }>('discovery.list');
    expect(list).toMatchObject({ devices: [], expiryHours: 12 });
    expect((await t.failure('discovery.setExpiry', { hours: 0 })).code).toBe('ipc.invalid-arguments');
  });
});
