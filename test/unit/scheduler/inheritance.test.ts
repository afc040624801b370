import { describe, expect, it } from 'vitest';
import {
  conflicts,
  effectiveSchedules,
  nextFirings,
  scheduleTargets,
  selfTargetWarning,
  type ScheduleTree,
} from '../../../shared/schedule';
import { schedule } from './fixtures';

// root ─ A ─ A1 ─ A1x        devices: d-root (no folder), d-a (A), d-a1 (A1), d-a1x (A1x), d-b (B)
//      └ B
const folders = [
  { id: 'A', parentId: null },
  { id: 'A1', parentId: 'A' },
  { id: 'A1x', parentId: 'A1' },
  { id: 'B', parentId: null },
];
const devices = [
  { id: 'd-root', folderId: null, address: '10.0.0.1' },
  { id: 'd-a', folderId: 'A', address: 'ws-a.example.org', firmware: { uuid: '{AAAA-bbbb}' } },
  { id: 'd-a1', folderId: 'A1', address: '10.0.0.3' },
  { id: 'd-a1x', folderId: 'A1x', address: '10.0.0.4' },
  { id: 'd-b', folderId: 'B', address: '10.0.0.5' },
];
const zoneOn = schedule('zone-on', { type: 'recurring', every: 'daily', time: '07:00' });
const zoneOff = schedule('zone-off', { type: 'recurring', every: 'daily', time: '19:00' }, { powerState: 'off' });
const folderA = schedule(
  'fold-a',
  { type: 'recurring', every: 'daily', time: '07:00' },
  { level: { kind: 'folder', folderId: 'A' }, powerState: 'reset' },
);
const deviceA1 = schedule(
  'dev-a1',
  { type: 'dates', dates: ['2025-01-01T07:00'] },
  { level: { kind: 'device', deviceId: 'd-a1' }, powerState: 'cycle' },
);

function tree(overrides: { folders?: string[]; devices?: string[] } = {}): ScheduleTree<(typeof devices)[number]> {
  return {
    devices,
    folders,
    overrides: { folders: overrides.folders ?? [], devices: overrides.devices ?? [] },
    schedules: [zoneOn, zoneOff, folderA, deviceA1],
  };
}

const ids = (r: { schedules: { id: string }[] }) => r.schedules.map((s) => s.id);

describe('effectiveSchedules', () => {
  it('gives every device the zone schedules when nothing overrides', () => {
    for (const d of devices) {
      const r = effectiveSchedules(d.id, tree());
      expect(r.source).toBe('zone');
      expect(r.sourceId).toBeNull();
      expect(ids(r)).toEqual(['zone-on', 'zone-off']);
    }
  });

  it('lets the nearest overriding ancestor folder win, and the device beat the folder', () => {
    const t = tree({ folders: ['A'], devices: ['d-a1'] });
    expect(effectiveSchedules('d-a', t)).toMatchObject({ source: 'folder', sourceId: 'A' });
    expect(ids(effectiveSchedules('d-a', t))).toEqual(['fold-a']);
    expect(effectiveSchedules('d-a1x', t)).toMatchObject({ source: 'folder', sourceId: 'A' });
    expect(ids(effectiveSchedules('d-a1', t))).toEqual(['dev-a1']);
    expect(effectiveSchedules('d-a1', t).source).toBe('device');
    expect(effectiveSchedules('d-b', t).source).toBe('zone');
    expect(effectiveSchedules('d-root', t).source).toBe('zone');
  });

  it('gives an overriding folder with no schedules of its own none at all', () => {
    const t = tree({ folders: ['A', 'A1'] });
    const r = effectiveSchedules('d-a1x', t);
    expect(r).toMatchObject({ source: 'folder', sourceId: 'A1' });
    expect(r.schedules).toEqual([]);
  });

  it('survives a folder cycle in damaged data', () => {
    const t = {
      ...tree(),
      folders: [
        { id: 'X', parentId: 'Y' },
        { id: 'Y', parentId: 'X' },
      ],
      devices: [{ id: 'd', folderId: 'X' }],
    };
    expect(effectiveSchedules('d', t).source).toBe('zone');
  });

  it('rejects an unknown device with a stable code', () => {
    expect(() => effectiveSchedules('nope', tree())).toThrow(
      expect.objectContaining({ code: 'schedule.unknown-device' }),
    );
  });

  it('agrees with scheduleTargets for every device', () => {
    const t = tree({ folders: ['A'], devices: ['d-a1'] });
    const targets = scheduleTargets(t);
    expect(targets.get('zone-on')!.map((d) => d.id)).toEqual(['d-root', 'd-b']);
    expect(targets.get('fold-a')!.map((d) => d.id)).toEqual(['d-a', 'd-a1x']);
    expect(targets.get('dev-a1')!.map((d) => d.id)).toEqual(['d-a1']);
    for (const d of devices) {
      const mine = [...targets].filter(([, list]) => list.some((x) => x.id === d.id)).map(([id]) => id);
      expect(mine).toEqual(ids(effectiveSchedules(d.id, t)));
    }
  });
});

describe('conflicts', () => {
  it('reports devices two schedules hit in the same minute, in execution order', () => {
    const t = tree({ devices: ['d-a1'] });
    const zoneReset = schedule(
      'a-zone-reset',
      { type: 'recurring', every: 'daily', time: '07:00' },
      { powerState: 'reset' },
    );
    const all = { ...t, schedules: [...t.schedules, zoneReset] };
    const firings = nextFirings(all.schedules, new Date('2025-01-01T00:00:00Z'), 4, 'UTC');
    const found = conflicts(firings, scheduleTargets(all));
    // zone-on and a-zone-reset both at 07:00 for every zone device; dev-a1's device schedule
    // at 07:00 is alone for d-a1 (it overrides), so d-a1 has no conflict.
    expect(found.map((c) => c.deviceId)).toEqual(['d-a', 'd-a1x', 'd-b', 'd-root']);
    expect(found[0].at.toISOString()).toBe('2025-01-01T07:00:00.000Z');
    expect(found[0].firings.map((f) => f.scheduleId)).toEqual(['a-zone-reset', 'zone-on']);
  });

  it('finds none when schedules fire in different minutes', () => {
    const t = tree();
    const firings = nextFirings([zoneOn, zoneOff], new Date('2025-01-01T00:00:00Z'), 6, 'UTC');
    expect(conflicts(firings, scheduleTargets(t))).toEqual([]);
  });
});

describe('selfTargetWarning', () => {
  it('warns when an off/reset/cycle schedule targets the workstation by address', () => {
    const w = selfTargetWarning(tree(), { addresses: ['10.0.0.5', 'ignored'] });
    expect(w?.deviceIds).toEqual(['d-b']);
    expect(w?.scheduleIds).toEqual(['zone-off']);
    expect(w?.message).toMatch(/workstation/);
  });

  it('recognises the workstation by UUID in any spelling, or by host name case-insensitively', () => {
    const t = tree({ folders: ['A'] });
    expect(selfTargetWarning(t, { addresses: [], uuid: 'aaaabbbb' })?.scheduleIds).toEqual(['fold-a']);
    expect(selfTargetWarning(t, { addresses: ['WS-A.example.org'] })?.deviceIds).toEqual(['d-a']);
  });

  it('stays quiet for power-on only, disabled, none, or when the workstation is not a device', () => {
    const onlyOn = {
      ...tree(),
      schedules: [zoneOn, { ...zoneOff, enabled: false }, { ...zoneOff, id: 'n', schedule: { type: 'none' as const } }],
    };
    expect(selfTargetWarning(onlyOn, { addresses: ['10.0.0.1'] })).toBeNull();
    expect(selfTargetWarning(tree(), { addresses: ['192.0.2.1'], uuid: 'ffff' })).toBeNull();
  });
});
