// Reconciliation against a simulated fleet: first readings, a change reported old → new, a UUID
// that changed at an address (reported, never merged), an unreachable device, the logs, and the
// schedule's missed-run rule.
import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';
import type { DeviceInventoryRecord } from '../../../shared/domain/reconcile';
import type { JobSnapshot } from '../../../shared/ipc/jobs';
import type { ReconcileSummary } from '../../../shared/ipc/reconcile';
import { openTestServices, type TestServices } from '../../support/test-services';
import { deadPort } from '../../support/net';

let t: TestServices | undefined;
let fleet: Fleet | undefined;
const saved: { name: string; data: string }[] = [];

afterEach(async () => {
  await t?.close();
  t = undefined;
  await fleet?.close();
  fleet = undefined;
  saved.length = 0;
});

async function setup(devices = 3) {
  fleet = await startFleet({ devices, portBase: 0, seed: 4242 });
  t = await openTestServices({
    prefix: 'outband-reconcile-',
    saveFile: async (name, data) => {
      saved.push({ name, data: Buffer.from(data).toString('utf8') });
      return `/saved/${name}`;
    },
  });
  const cred = await t.services.vault.create({ name: 'Sim', loginName: fleet.user, password: fleet.password });
  const ids: string[] = [];
  for (const [i, d] of fleet.devices.entries()) {
    const added = await t.services.devices.add({
      name: `pc-${i}`,
      address: d.host,
      port: d.port,
      tlsMode: 'plain',
      allowPlainHttp: true, // a new zone keeps to TLS; this device chose plain HTTP
      credentialId: cred.id,
    });
    ids.push(added.id);
  }
  return { s: t, ids, credentialId: cred.id };
}

async function reconcile(s: TestServices, scope: object): Promise<JobSnapshot> {
  const job = await s.ok<JobSnapshot>('reconcile.start', scope);
  return s.services.jobs.wait(job.id);
}

describe('reconciliation', () => {
  it('records a first reading per device, then reports what changed, old → new', async () => {
    const { s, ids } = await setup();
    const first = await reconcile(s, { all: true });
    expect(first.status, JSON.stringify(first.results)).toBe('succeeded');
    expect(first.results.every((r) => r.detail === 'First reading recorded.')).toBe(true);

    const record = await s.ok<DeviceInventoryRecord>('reconcile.record', { deviceId: ids[0] });
    const inv = record.last!;
    expect(inv.identity.uuid).toBe(fleet!.devices[0]!.uuid);
    expect(inv.state).toMatchObject({ provisioningState: 'post', controlMode: 'admin' });
    expect(inv.firmware.amtVersion).toBe('16.1.25');
    expect(inv.memory.length).toBeGreaterThan(0);
    expect(inv.processors.length).toBeGreaterThan(0);
    expect(inv.network.length).toBeGreaterThan(0);
    expect(inv.power?.state).toBe(2);
    const device = await s.services.devices.get(ids[0]!);
    expect(device.firmware).toMatchObject({ uuid: inv.identity.uuid, amtVersion: '16.1.25', controlMode: 'admin' });
    const summaries = await s.ok<Record<string, ReconcileSummary>>('reconcile.summaries');
    expect(summaries[ids[0]!]?.at).toBe(inv.readAt);

    fleet!.devices[0]!.sim.state.hostname = 'renamed-pc';
    fleet!.devices[0]!.sim.state.powerState = 8;
    const second = await reconcile(s, { deviceIds: [ids[0]] });
    expect(second.results[0]?.detail).toContain('identity.hostName: ');
    expect(second.results[0]?.detail).toContain('→ renamed-pc');
    const after = await s.ok<DeviceInventoryRecord>('reconcile.record', { deviceId: ids[0] });
    const changes = after.history[0]?.changes ?? [];
    expect(changes).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'identity.hostName', new: 'renamed-pc' })]),
    );
    const third = await reconcile(s, { deviceIds: [ids[0]] });
    expect(third.results[0]?.detail).toBe('No change since the last reconciliation.');
  });

  it('reports a different UUID at an address and merges nothing; an unreachable device shows its failure', async () => {
    const { s, ids, credentialId } = await setup(1);
    await reconcile(s, { all: true });
    const before = await s.services.devices.get(ids[0]!);
    fleet!.devices[0]!.sim.state.uuid = '11111111-2222-3333-4444-555555555555';
    const job = await reconcile(s, { deviceIds: ids });
    expect(job.results[0]?.error?.code).toBe('reconcile.uuid-mismatch');
    expect((await s.services.devices.get(ids[0]!)).firmware?.uuid).toBe(before.firmware?.uuid);
    const dead = await s.services.devices.add({
      name: 'unplugged',
      address: '127.0.0.1',
      port: await deadPort(),
      tlsMode: 'plain',
      allowPlainHttp: true, // a new zone keeps to TLS; this device chose plain HTTP
      credentialId,
    });
    const failed = await reconcile(s, { deviceIds: [dead.id] });
    expect(failed.status).toBe('failed');
    const summaries = await s.ok<Record<string, ReconcileSummary>>('reconcile.summaries');
    expect(summaries[ids[0]!]?.error?.code).toBe('reconcile.uuid-mismatch');
    expect(summaries[dead.id]?.error?.code).toMatch(/^wsman\./);
    expect(summaries[dead.id]?.at).toBeUndefined();
    // The device page still has the last good reading of the first device, with its date.
    const record = await s.ok<DeviceInventoryRecord>('reconcile.record', { deviceId: ids[0] });
    expect(record.last?.identity.uuid).toBe(before.firmware?.uuid);
    expect(record.lastError?.code).toBe('reconcile.uuid-mismatch');
  });

  it('refuses a UUID that another managed device already has, keeps no reading of a removed device, and joins overlapping reads', async () => {
    const { s, ids } = await setup(2);
    await reconcile(s, { all: true });
    // The second device now answers with the first one's UUID: the same machine, managed twice.
    fleet!.devices[1]!.sim.state.uuid = fleet!.devices[0]!.uuid;
    const dup = await reconcile(s, { deviceIds: [ids[1]] });
    expect(dup.results[0]?.error?.code).toBe('reconcile.uuid-duplicate');
    expect(dup.results[0]?.error?.message).toContain('"pc-0"');
    // Two overlapping requests for one device share one read.
    const [a, b] = await Promise.all([
      s.services.reconcile.reconcileOne(await s.services.devices.get(ids[0]!)),
      s.services.reconcile.reconcileOne(await s.services.devices.get(ids[0]!)),
    ]);
    expect(a).toBe(b);
    await s.ok('device.remove', { ids: [ids[0]] });
    expect(await s.ok('reconcile.record', { deviceId: ids[0] })).toBeNull();
    expect(Object.keys(await s.ok<Record<string, ReconcileSummary>>('reconcile.summaries'))).toEqual([ids[1]]);
  });

  it('reads the event and audit logs newest first and exports them as CSV and JSON', async () => {
    const { s, ids } = await setup(1);
    const events = await s.ok<{ records: { time: string | null; description: string }[] }>('device.readLog', {
      deviceId: ids[0],
      log: 'events',
    });
    expect(events.records.length).toBeGreaterThan(0);
    expect(events.records.every((r) => typeof r.description === 'string' && r.description.length > 0)).toBe(true);
    const times = events.records.map((r) => r.time).filter((x): x is string => x !== null);
    expect([...times].sort().reverse()).toEqual(times);
    const audit = await s.ok<{ records: { app: string; event: string }[] }>('device.readLog', {
      deviceId: ids[0],
      log: 'audit',
    });
    expect(audit.records.length).toBeGreaterThan(0);
    await s.ok('device.exportLog', { deviceId: ids[0], log: 'audit', format: 'csv', records: audit.records });
    await s.ok('device.exportLog', { deviceId: ids[0], log: 'events', format: 'json', records: events.records });
    expect(saved[0]?.name).toMatch(/^pc-0-audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(saved[0]?.data.split('\r\n')[0] ?? saved[0]?.data.split('\n')[0]).toContain('app');
    expect(JSON.parse(saved[1]?.data ?? '[]')).toHaveLength(events.records.length);
  });

  it('a schedule runs what is due and records older firings as missed, not replayed', async () => {
    const { s } = await setup(1);
    await s.ok('reconcile.setSchedule', { schedule: { type: 'recurring', every: 'daily', time: '02:00' } });
    const now = new Date();
    const due = new Date(now);
    due.setHours(2, 0, 0, 0);
    if (due > now) due.setDate(due.getDate() - 1);
    // Outband was last running three days before the last firing.
    await s.services.store.update('inventory', (d) => {
      d.lastCheck = new Date(due.getTime() - 3 * 86_400_000 + 60_000).toISOString();
    });
    const runs = await s.services.reconcileScheduler.runDue(new Date(due.getTime() + 60_000));
    expect(runs.map((r) => r.outcome)).toEqual(['missed', 'missed', 'ran']);
    const ran = runs.at(-1)!;
    const job = await s.services.jobs.wait(ran.jobId!);
    expect(job.kind).toBe('reconcile');
    const described = await s.ok<{ next: string[]; runs: { outcome: string }[] }>('reconcile.schedule');
    expect(described.next.length).toBeGreaterThan(0);
    expect(described.runs[0]?.outcome).toBe('ran');
    await s.ok('reconcile.setSchedule', { schedule: { type: 'none' } });
    expect((await s.ok<{ next: string[] }>('reconcile.schedule')).next).toEqual([]);
    // Date Specific: exactly the dates given, in local time.
    const dated = await s.ok<{ next: string[] }>('reconcile.setSchedule', {
      schedule: { type: 'dates', dates: ['2031-03-04T05:06', '2030-01-02T03:04'] },
    });
    expect(dated.next).toEqual([new Date(2030, 0, 2, 3, 4).toISOString(), new Date(2031, 2, 4, 5, 6).toISOString()]);
    expect(
      (await s.failure('reconcile.setSchedule', { schedule: { type: 'dates', dates: ['2030-02-30T01:00'] } })).code,
    ).toBe('ipc.invalid-arguments');
  });
});
