import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { localIdentity } from '../../../electron/workstation/identity';
import { nextFirings } from '../../../shared/schedule';
import type {
  EffectiveView,
  HistoryRow,
  PreviewFiring,
  ScheduleLevels,
  ScheduleRow,
  ScheduleWarnings,
} from '../../../shared/ipc/schedules';
import { openTestServices, type TestServices } from '../../support/test-services';

let t: TestServices;
const ok = <T = unknown>(channel: string, args?: unknown) => t.ok<T>(channel, args);
const fails = (channel: string, args?: unknown) => t.failure(channel, args);

interface Ref {
  id: string;
}

/** Lab/Rack with pc1 in Lab, pc2 in Lab/Rack, pc3 at the root. */
async function fleet() {
  const lab = await ok<Ref>('folder.add', { name: 'Lab', parentId: null });
  const rack = await ok<Ref>('folder.add', { name: 'Rack', parentId: lab.id });
  const pc1 = await ok<Ref>('device.add', { name: 'pc1', address: '10.0.0.1', folderId: lab.id });
  const pc2 = await ok<Ref>('device.add', { name: 'pc2', address: '10.0.0.2', folderId: rack.id });
  const pc3 = await ok<Ref>('device.add', { name: 'pc3', address: '10.0.0.3' });
  return { lab, rack, pc1, pc2, pc3 };
}

const weekly = { type: 'recurring', every: 'weekly', weekdays: [1, 3], time: '07:30' } as const;
const daily = { type: 'recurring', every: 'daily', time: '07:30' } as const;

beforeEach(async () => {
  t = await openTestServices({ prefix: 'outband-schedules-ipc-' });
});
afterEach(() => t.close());

describe('schedule list, add, update, enable, remove', () => {
  it('adds a zone schedule and lists it with its level name, next firing and device count', async () => {
    await fleet();
    const added = await ok<ScheduleRow>('schedule.add', {
      level: { kind: 'zone' },
      powerState: 'on',
      schedule: weekly,
    });
    const { schedules, overrides } = await ok<{ schedules: ScheduleRow[]; overrides: unknown }>('schedule.list');
    expect(schedules).toHaveLength(1);
    const [row] = schedules;
    expect(row).toMatchObject({ id: added.id, levelName: 'Zone', powerState: 'on', enabled: true, deviceCount: 3 });
    const expected = nextFirings([added], new Date(), 1)[0]!.at.toISOString();
    expect(row!.nextAt).toBe(expected);
    expect(overrides).toEqual({ folders: [], devices: [] });
  });

  it('updates, disables, enables and removes; unknown ids and levels are refused', async () => {
    const { lab } = await fleet();
    const s = await ok<ScheduleRow>('schedule.add', { level: { kind: 'zone' }, powerState: 'on', schedule: weekly });
    const changed = await ok<ScheduleRow>('schedule.update', { id: s.id, powerState: 'off', schedule: daily });
    expect(changed).toMatchObject({ id: s.id, powerState: 'off', schedule: daily, created: s.created });
    const moved = await ok<ScheduleRow>('schedule.update', { id: s.id, level: { kind: 'folder', folderId: lab.id } });
    expect(moved.level).toEqual({ kind: 'folder', folderId: lab.id });
    // Moving a schedule to a folder makes that folder override, as adding does.
    expect((await ok<ScheduleLevels>('schedule.levels')).overrides.folders).toEqual([lab.id]);

    const off = await ok<ScheduleRow>('schedule.setEnabled', { id: s.id, enabled: false });
    expect(off.enabled).toBe(false);
    const [listed] = (await ok<{ schedules: ScheduleRow[] }>('schedule.list')).schedules;
    expect(listed!.nextAt).toBeNull();
    await ok('schedule.setEnabled', { id: s.id, enabled: true });

    expect(await ok('schedule.remove', { id: s.id })).toEqual({ removed: s.id });
    expect((await ok<{ schedules: ScheduleRow[] }>('schedule.list')).schedules).toEqual([]);
    expect((await fails('schedule.remove', { id: s.id })).code).toBe('schedule.not-found');
    expect(
      (await fails('schedule.add', { level: { kind: 'folder', folderId: 'nope' }, powerState: 'on', schedule: weekly }))
        .code,
    ).toBe('folder.not-found');
    const badWeekly = { type: 'recurring', every: 'weekly', weekdays: [], time: '07:30' };
    expect((await fails('schedule.add', { level: { kind: 'zone' }, powerState: 'on', schedule: badWeekly })).code).toBe(
      'ipc.invalid-arguments',
    );
  });

  it('moving a schedule away switches off the override it left behind, unless another schedule is still there', async () => {
    const { lab, rack, pc1 } = await fleet();
    const overrides = async () => (await ok<ScheduleLevels>('schedule.levels')).overrides;
    const inLab = { kind: 'folder', folderId: lab.id } as const;
    const a = await ok<ScheduleRow>('schedule.add', { level: inLab, powerState: 'on', schedule: weekly });
    const b = await ok<ScheduleRow>('schedule.add', { level: inLab, powerState: 'off', schedule: daily });
    await ok('schedule.add', { level: { kind: 'zone' }, powerState: 'on', schedule: daily });

    // b leaves, a still schedules Lab: Lab keeps overriding.
    await ok('schedule.update', { id: b.id, level: { kind: 'folder', folderId: rack.id } });
    expect(await overrides()).toEqual({ folders: [lab.id, rack.id], devices: [] });
    // a leaves too: Lab inherits the zone schedule again.
    await ok('schedule.update', { id: a.id, level: { kind: 'device', deviceId: pc1.id } });
    expect(await overrides()).toEqual({ folders: [rack.id], devices: [pc1.id] });
    expect(await ok<EffectiveView>('schedule.effective', { target: inLab })).toMatchObject({
      source: 'zone',
      overriding: false,
    });
    // Device to zone, and an edit that keeps the level changes nothing.
    await ok('schedule.update', { id: b.id, powerState: 'cycle' });
    expect((await overrides()).folders).toEqual([rack.id]);
    await ok('schedule.update', { id: a.id, level: { kind: 'zone' } });
    expect(await overrides()).toEqual({ folders: [rack.id], devices: [] });
  });

  it('matches schedule ids exactly: a prefix from the window never picks a schedule', async () => {
    const s = await ok<ScheduleRow>('schedule.add', { level: { kind: 'zone' }, powerState: 'on', schedule: weekly });
    const prefix = s.id.slice(0, 8);
    expect((await fails('schedule.remove', { id: prefix })).code).toBe('schedule.not-found');
    expect((await fails('schedule.setEnabled', { id: prefix, enabled: false })).code).toBe('schedule.not-found');
    expect((await fails('schedule.update', { id: prefix, powerState: 'off' })).code).toBe('schedule.not-found');
    const [listed] = (await ok<{ schedules: ScheduleRow[] }>('schedule.list')).schedules;
    expect(listed).toMatchObject({ id: s.id, powerState: 'on', enabled: true });
    expect(await ok('schedule.remove', { id: s.id })).toEqual({ removed: s.id });
  });

  it('offers folders by path and devices by name for the level selector', async () => {
    await fleet();
    const levels = await ok<ScheduleLevels>('schedule.levels');
    expect(levels.folders.map((f) => f.path)).toEqual(['Lab', 'Lab/Rack']);
    expect(levels.devices.map((d) => d.name)).toEqual(['pc1', 'pc2', 'pc3']);
  });
});

describe('inheritance and preview', () => {
  it('says where a folder or device gets its schedules from, and follows the override switch', async () => {
    const { lab, rack, pc1, pc2, pc3 } = await fleet();
    const zone = await ok<ScheduleRow>('schedule.add', { level: { kind: 'zone' }, powerState: 'on', schedule: weekly });
    const eff = (target: unknown) => ok<EffectiveView>('schedule.effective', { target });
    expect(await eff({ kind: 'folder', folderId: rack.id })).toMatchObject({ source: 'zone', sourceName: 'Zone' });

    const own = await ok<ScheduleRow>('schedule.add', {
      level: { kind: 'folder', folderId: lab.id },
      powerState: 'off',
      schedule: daily,
    });
    const labView = await eff({ kind: 'folder', folderId: lab.id });
    expect(labView).toMatchObject({ source: 'folder', sourceId: lab.id, sourceName: 'Lab', overriding: true });
    expect(labView.schedules.map((s) => s.id)).toEqual([own.id]);
    expect(await eff({ kind: 'folder', folderId: rack.id })).toMatchObject({ source: 'folder', sourceName: 'Lab' });
    expect(await eff({ kind: 'device', deviceId: pc2.id })).toMatchObject({ source: 'folder', overriding: false });
    expect(await eff({ kind: 'device', deviceId: pc3.id })).toMatchObject({ source: 'zone' });

    // Zone preview counts every device each schedule reaches; folder preview only its own subtree.
    const zonePreview = await ok<PreviewFiring[]>('schedule.preview', { level: { kind: 'zone' } });
    expect(zonePreview).toHaveLength(10);
    const doc = await t.services.schedules.readSchedules();
    const first = nextFirings(doc.schedules, new Date(), 1)[0]!;
    expect(zonePreview[0]!.at).toBe(first.at.toISOString());
    const counts = new Map(zonePreview.map((f) => [f.scheduleId, f.deviceCount]));
    expect(counts.get(zone.id)).toBe(1);
    expect(counts.get(own.id)).toBe(2);
    const rackPreview = await ok<PreviewFiring[]>('schedule.preview', {
      level: { kind: 'folder', folderId: rack.id },
      count: 3,
    });
    expect(rackPreview.map((f) => [f.scheduleId, f.deviceCount, f.levelName])).toEqual([
      [own.id, 1, 'Lab'],
      [own.id, 1, 'Lab'],
      [own.id, 1, 'Lab'],
    ]);

    const after = await ok<{ folders: string[] }>('schedule.setOverride', {
      target: { kind: 'folder', folderId: lab.id },
      override: false,
    });
    expect(after.folders).toEqual([]);
    expect(await eff({ kind: 'device', deviceId: pc1.id })).toMatchObject({ source: 'zone', sourceName: 'Zone' });
    await ok('schedule.setOverride', { target: { kind: 'device', deviceId: pc1.id }, override: true });
    const empty = await eff({ kind: 'device', deviceId: pc1.id });
    expect(empty).toMatchObject({ source: 'device', sourceName: 'pc1', overriding: true, schedules: [] });
  });
});

describe('save-time warnings', () => {
  it('reports same-minute conflicts with the draft, in execution order, and nothing when times differ', async () => {
    await fleet();
    const existing = await ok<ScheduleRow>('schedule.add', {
      level: { kind: 'zone' },
      powerState: 'on',
      schedule: daily,
    });
    const clash = await ok<ScheduleWarnings>('schedule.check', {
      draft: { level: { kind: 'zone' }, powerState: 'off', schedule: weekly },
    });
    expect(clash.conflictCount).toBeGreaterThan(40);
    expect(clash.conflictDevices).toBe(3);
    expect(clash.conflicts).toHaveLength(10);
    const [c] = clash.conflicts;
    expect(new Date(c!.at).getHours()).toBe(7);
    expect(new Date(c!.at).getMinutes()).toBe(30);
    expect(c!.deviceNames).toEqual(['pc1', 'pc2', 'pc3']);
    // Same level and minute: by schedule id, and the check's id is the one the schedule is saved under.
    const draftFirst = clash.draftId < existing.id;
    expect(c!.firings.map((f) => f.isDraft)).toEqual(draftFirst ? [true, false] : [false, true]);
    expect(c!.firings.find((f) => !f.isDraft)?.scheduleId).toBe(existing.id);

    // Editing the existing schedule itself is not a clash with its old self.
    const same = await ok<ScheduleWarnings>('schedule.check', {
      draft: { level: { kind: 'zone' }, powerState: 'off', schedule: daily },
      replacesId: existing.id,
    });
    expect(same).toMatchObject({ draftId: existing.id, conflicts: [], conflictCount: 0, selfTarget: null });
    const apart = await ok<ScheduleWarnings>('schedule.check', {
      draft: { level: { kind: 'zone' }, powerState: 'off', schedule: { ...weekly, time: '19:00' } },
    });
    expect(apart.conflictCount).toBe(0);
    const saved = await ok<ScheduleRow>('schedule.add', {
      level: { kind: 'zone' },
      powerState: 'off',
      schedule: weekly,
      id: clash.draftId,
    });
    expect(saved.id).toBe(clash.draftId);
  });

  it('warns when an off, reset or cycle schedule targets this workstation, not for power on', async () => {
    const me = await localIdentity();
    const address = me.addresses.find((a) => !a.includes(':')) ?? me.hostNames[0]!;
    const self = await ok<Ref>('device.add', { name: 'this-workstation', address });
    await ok('device.add', { name: 'other', address: '192.0.2.10' });
    const draft = { level: { kind: 'zone' }, powerState: 'off', schedule: daily };
    const warned = await ok<ScheduleWarnings>('schedule.check', { draft });
    expect(warned.selfTarget?.deviceNames).toEqual(['this-workstation']);
    expect(warned.selfTarget?.message).toMatch(/workstation that runs Outband/);
    const on = await ok<ScheduleWarnings>('schedule.check', { draft: { ...draft, powerState: 'on' } });
    expect(on.selfTarget).toBeNull();
    // A device override without its own schedules takes the workstation out of the zone schedule.
    await ok('schedule.setOverride', { target: { kind: 'device', deviceId: self.id }, override: true });
    expect((await ok<ScheduleWarnings>('schedule.check', { draft })).selfTarget).toBeNull();
  });
});

describe('history', () => {
  it('lists what the scheduler logged, newest first, filtered by schedule, device, outcome and date', async () => {
    const { pc1, pc3 } = await fleet();
    const s = await ok<ScheduleRow>('schedule.add', { level: { kind: 'zone' }, powerState: 'on', schedule: daily });
    expect(await ok('schedule.history', {})).toEqual({ entries: [], total: 0 });
    // Outband "was closed" for three days: the firings in between are logged as missed, none run.
    const start = new Date();
    await t.services.schedules.writeLastCheckedAt(start);
    const third = nextFirings([s], start, 3)[2]!.at;
    await t.services.scheduler.runDue(new Date(third.getTime() + 3600_000));

    const all = await ok<{ entries: HistoryRow[]; total: number }>('schedule.history', {});
    expect(all.total).toBe(9);
    expect(all.entries.every((e) => e.outcome === 'missed' && e.levelName === 'Zone')).toBe(true);
    expect(Date.parse(all.entries[0]!.at)).toBe(third.getTime());
    const one = await ok<{ entries: HistoryRow[]; total: number }>('schedule.history', {
      deviceId: pc1.id,
      outcome: 'missed',
      from: third.toISOString(),
    });
    expect(one.entries.map((e) => [e.deviceName, e.at])).toEqual([['pc1', third.toISOString()]]);
    expect((await ok<{ total: number }>('schedule.history', { outcome: 'ok' })).total).toBe(0);
    expect((await ok<{ total: number }>('schedule.history', { scheduleId: 'other' })).total).toBe(0);
    const limited = await ok<{ entries: HistoryRow[]; total: number }>('schedule.history', {
      deviceId: pc3.id,
      limit: 2,
    });
    expect(limited.total).toBe(3);
    expect(limited.entries).toHaveLength(2);
  });
});
