import type { ScheduleDevice, ScheduleTree } from './inheritance';
import { scheduleTargets } from './inheritance';
import { compareFirings, firingsBetween, type Firing } from './recurrence';
import type { PowerSchedule, PowerState } from './schema';

/**
 * Two or more firings for one device in the same minute. They all run, one after the other, in
 * `firings` order (compareFirings: zone, folder, device, then schedule id), so the last one
 * decides the state the device is left in.
 */
export interface Conflict {
  deviceId: string;
  /** The start of the minute they share. */
  at: Date;
  firings: Firing[];
}

const MINUTE = 60_000;

/** Groups firings that share a minute and lists every device more than one of them targets. */
export function conflicts(
  firings: readonly Firing[],
  targets: ReadonlyMap<string, readonly ScheduleDevice[]>,
): Conflict[] {
  const byMinute = new Map<number, Firing[]>();
  for (const f of firings) {
    const minute = Math.floor(f.at.getTime() / MINUTE);
    const group = byMinute.get(minute);
    if (group) group.push(f);
    else byMinute.set(minute, [f]);
  }
  const found: Conflict[] = [];
  for (const [minute, group] of [...byMinute].sort((a, b) => a[0] - b[0])) {
    if (new Set(group.map((f) => f.scheduleId)).size < 2) continue;
    const perDevice = new Map<string, Firing[]>();
    for (const f of [...group].sort(compareFirings)) {
      for (const device of targets.get(f.scheduleId) ?? []) {
        const list = perDevice.get(device.id);
        if (list) list.push(f);
        else perDevice.set(device.id, [f]);
      }
    }
    for (const [deviceId, list] of [...perDevice].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      if (new Set(list.map((f) => f.scheduleId)).size > 1) {
        found.push({ deviceId, at: new Date(minute * MINUTE), firings: list });
      }
    }
  }
  return found;
}

/** How far ahead a new or changed schedule is checked for conflicts: the next year. */
export const CONFLICT_HORIZON_MS = 366 * 24 * 3600_000;

/**
 * The conflicts a candidate schedule would take part in over the next year: the trial tree the
 * Schedule Editor and `outband schedule add` both check (the candidate added, replacing its older
 * self, and its folder or device switched to override), and that tree, for further checks.
 */
export function candidateConflicts<D extends ScheduleDevice>(
  current: ScheduleTree<D>,
  candidate: PowerSchedule,
  now: Date,
): { conflicts: Conflict[]; tree: ScheduleTree<D> } {
  const { folders, devices } = current.overrides;
  const level = candidate.level;
  const overrides =
    level.kind === 'folder' && !folders.includes(level.folderId)
      ? { folders: [...folders, level.folderId], devices }
      : level.kind === 'device' && !devices.includes(level.deviceId)
        ? { folders, devices: [...devices, level.deviceId] }
        : current.overrides;
  const schedules = [...current.schedules.filter((s) => s.id !== candidate.id), candidate];
  const tree: ScheduleTree<D> = { ...current, overrides, schedules };
  const firings = firingsBetween(schedules, now, new Date(now.getTime() + CONFLICT_HORIZON_MS));
  const mine = conflicts(firings, scheduleTargets(tree)).filter((c) =>
    c.firings.some((f) => f.scheduleId === candidate.id),
  );
  return { conflicts: mine, tree };
}

/** How the workstation running Outband recognises itself among the devices. */
export interface SelfIdentity {
  /** Its IP addresses and host names (compared without regard to case). */
  addresses: readonly string[];
  /** Its SMBIOS UUID, if known (compared without dashes, braces or case). */
  uuid?: string;
}

/** A device as far as recognising the workstation goes (a domain Device fits). */
export interface SelfCheckDevice extends ScheduleDevice {
  address?: string;
  firmware?: { uuid?: string; hostName?: string };
}

/** The seed's warning: a schedule would power off or reset the machine that carries it out. */
export interface SelfTargetWarning {
  deviceIds: string[];
  scheduleIds: string[];
  message: string;
}

const DISRUPTIVE: ReadonlySet<PowerState> = new Set(['off', 'reset', 'cycle']);

function normaliseUuid(uuid: string): string {
  return uuid.replace(/[{}\-\s]/g, '').toLowerCase();
}

function isSelf(device: SelfCheckDevice, self: SelfIdentity): boolean {
  const names = new Set(self.addresses.map((a) => a.trim().toLowerCase()).filter((a) => a !== ''));
  if (device.address && names.has(device.address.toLowerCase())) return true;
  if (device.firmware?.hostName && names.has(device.firmware.hostName.toLowerCase())) return true;
  const uuid = self.uuid ? normaliseUuid(self.uuid) : '';
  return uuid !== '' && device.firmware?.uuid !== undefined && normaliseUuid(device.firmware.uuid) === uuid;
}

/**
 * A warning when an enabled Power Off, Reset or Power Cycle schedule targets the workstation
 * itself (seed 4.2: it may go down before the other devices are done); null when none does.
 */
export function selfTargetWarning<D extends SelfCheckDevice>(
  tree: ScheduleTree<D>,
  self: SelfIdentity,
): SelfTargetWarning | null {
  const selfDevices = tree.devices.filter((d) => isSelf(d, self));
  if (selfDevices.length === 0) return null;
  const selfIds = new Set(selfDevices.map((d) => d.id));
  const targets = scheduleTargets(tree);
  const scheduleIds: string[] = [];
  const deviceIds = new Set<string>();
  for (const s of tree.schedules) {
    if (!s.enabled || s.schedule.type === 'none' || !DISRUPTIVE.has(s.powerState)) continue;
    const hit = (targets.get(s.id) ?? []).filter((d) => selfIds.has(d.id));
    if (hit.length === 0) continue;
    scheduleIds.push(s.id);
    for (const d of hit) deviceIds.add(d.id);
  }
  if (scheduleIds.length === 0) return null;
  return {
    deviceIds: [...deviceIds],
    scheduleIds,
    message:
      'A power schedule targets the workstation that runs Outband: it may power off or reset before the other devices are done.',
  };
}
