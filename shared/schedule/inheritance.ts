/**
 * Which schedules apply to a device (product spec H, seed 4.2): the zone's apply to every device
 * unless a folder or the device overrides them; device beats folder beats zone, and among folders
 * the nearest overriding ancestor wins. Overriding replaces: an overriding folder or device with
 * no schedules of its own gets none (this is how a person switches a folder's schedules off).
 */
import { OutbandError } from '../errors';
import type { PowerSchedule, ScheduleOverrides } from './schema';

/** The part of a device the schedule rules need (a domain Device fits). */
export interface ScheduleDevice {
  id: string;
  folderId: string | null;
}

/** The part of a folder the schedule rules need (a domain Folder fits). */
export interface ScheduleFolder {
  id: string;
  parentId: string | null;
}

/** Everything inheritance looks at. */
export interface ScheduleTree<D extends ScheduleDevice = ScheduleDevice> {
  devices: readonly D[];
  folders: readonly ScheduleFolder[];
  overrides: ScheduleOverrides;
  schedules: readonly PowerSchedule[];
}

/** Where a device's schedules come from; `sourceId` is null for the zone. */
export interface EffectiveSchedules {
  source: 'device' | 'folder' | 'zone';
  sourceId: string | null;
  schedules: PowerSchedule[];
}

type Source = Omit<EffectiveSchedules, 'schedules'>;

/** Resolves many devices against one tree without walking the same folders twice. */
function makeResolver(tree: ScheduleTree): (device: ScheduleDevice) => Source {
  const folders = new Map(tree.folders.map((f) => [f.id, f]));
  const overridingFolders = new Set(tree.overrides.folders);
  const overridingDevices = new Set(tree.overrides.devices);
  const memo = new Map<string, string | null>();

  const nearestOverriding = (folderId: string | null): string | null => {
    const path: string[] = [];
    let current = folderId;
    let found: string | null = null;
    while (current !== null) {
      const known = memo.get(current);
      if (known !== undefined) {
        found = known;
        break;
      }
      // A cycle in damaged data must not hang the scheduler; stop at the first repeat.
      if (path.includes(current)) break;
      path.push(current);
      if (overridingFolders.has(current)) {
        found = current;
        break;
      }
      current = folders.get(current)?.parentId ?? null;
    }
    for (const id of path) memo.set(id, found);
    return found;
  };

  return (device) => {
    if (overridingDevices.has(device.id)) return { source: 'device', sourceId: device.id };
    const folderId = nearestOverriding(device.folderId);
    return folderId === null ? { source: 'zone', sourceId: null } : { source: 'folder', sourceId: folderId };
  };
}

function belongsTo(schedule: PowerSchedule, source: Source): boolean {
  const level = schedule.level;
  if (source.source === 'zone') return level.kind === 'zone';
  if (source.source === 'folder') return level.kind === 'folder' && level.folderId === source.sourceId;
  return level.kind === 'device' && level.deviceId === source.sourceId;
}

/** The schedules that apply to one device and where they come from. */
export function effectiveSchedules(deviceId: string, tree: ScheduleTree): EffectiveSchedules {
  const device = tree.devices.find((d) => d.id === deviceId);
  if (!device) throw new OutbandError('schedule.unknown-device', `No device with id ${deviceId}.`);
  const source = makeResolver(tree)(device);
  return { ...source, schedules: tree.schedules.filter((s) => belongsTo(s, source)) };
}

/** For every schedule id, the devices it applies to (in the order of `tree.devices`). */
export function scheduleTargets<D extends ScheduleDevice>(tree: ScheduleTree<D>): Map<string, D[]> {
  const resolve = makeResolver(tree);
  const bySource = new Map<string, D[]>();
  for (const device of tree.devices) {
    const source = resolve(device);
    const key = `${source.source}:${source.sourceId ?? ''}`;
    const list = bySource.get(key);
    if (list) list.push(device);
    else bySource.set(key, [device]);
  }
  const targets = new Map<string, D[]>();
  for (const schedule of tree.schedules) {
    const level = schedule.level;
    const key =
      level.kind === 'zone'
        ? 'zone:'
        : level.kind === 'folder'
          ? `folder:${level.folderId}`
          : `device:${level.deviceId}`;
    targets.set(schedule.id, bySource.get(key) ?? []);
  }
  return targets;
}
