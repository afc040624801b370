import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { schedulesChannels, HistoryRow, OverrideTarget, ScheduleRow } from '../../../shared/ipc/schedules';
import type { Device } from '../../../shared/domain/device';
import { folderPath, folderSubtree, type Folder } from '../../../shared/domain/folder';
import { OutbandError } from '../../../shared/errors';
import {
  candidateConflicts,
  effectiveSchedules,
  nextFirings,
  PowerScheduleSchema,
  scheduleTargets,
  selfTargetWarning,
  type Conflict,
  type Firing,
  type PowerSchedule,
  type ScheduleLevel,
  type ScheduleTree,
  type SelfIdentity,
} from '../../../shared/schedule';
import type { SchedulesDoc } from '../../scheduler/repository';
import { addSchedule, setScheduleOverride } from '../../scheduler';
import { localIdentity } from '../../workstation/identity';

interface Inventory {
  devices: Device[];
  folders: Folder[];
}

/** Stands for "a device directly in this folder" when asking where a folder's schedules come from. */
const PROBE_ID = '\u0000folder-probe';
/** How far ahead a new schedule is checked for same-minute clashes. */
const CONFLICTS_LISTED = 10;

async function inventory(services: Services): Promise<Inventory> {
  const doc = await services.store.get('devices');
  return { devices: doc.devices, folders: doc.folders };
}

function tree(inv: Inventory, doc: SchedulesDoc): ScheduleTree<Device> {
  return { devices: inv.devices, folders: inv.folders, overrides: doc.overrides, schedules: doc.schedules };
}

/** "Zone", a folder path or a device name; a deleted folder or device says so. */
function levelName(level: ScheduleLevel, inv: Inventory): string {
  if (level.kind === 'zone') return 'Zone';
  if (level.kind === 'folder') {
    return inv.folders.some((f) => f.id === level.folderId)
      ? folderPath(inv.folders, level.folderId)
      : `(deleted folder ${level.folderId.slice(0, 8)})`;
  }
  return inv.devices.find((d) => d.id === level.deviceId)?.name ?? `(deleted device ${level.deviceId.slice(0, 8)})`;
}

function assertLevelExists(level: ScheduleLevel, inv: Inventory): void {
  if (level.kind === 'folder' && !inv.folders.some((f) => f.id === level.folderId))
    throw new OutbandError('folder.not-found', 'That folder no longer exists.');
  if (level.kind === 'device' && !inv.devices.some((d) => d.id === level.deviceId))
    throw new OutbandError('device.not-found', 'That device no longer exists.');
}

function rows(schedules: readonly PowerSchedule[], inv: Inventory, doc: SchedulesDoc, now: Date): ScheduleRow[] {
  const targets = scheduleTargets(tree(inv, doc));
  return schedules.map((s) => ({
    ...s,
    levelName: levelName(s.level, inv),
    nextAt: nextFirings([s], now, 1)[0]?.at.toISOString() ?? null,
    deviceCount: targets.get(s.id)?.length ?? 0,
  }));
}

/** Where a folder's or device's schedules come from; a folder is asked through a probe device in it. */
function effectiveOf(target: OverrideTarget, inv: Inventory, doc: SchedulesDoc) {
  assertLevelExists(target, inv);
  if (target.kind === 'device') return effectiveSchedules(target.deviceId, tree(inv, doc));
  const probe = { id: PROBE_ID, folderId: target.folderId } as Device;
  return effectiveSchedules(PROBE_ID, { ...tree(inv, doc), devices: [...inv.devices, probe] });
}

/** The devices a preview for one level counts: the device, or every device in the folder's subtree. */
function scopeOf(level: ScheduleLevel, inv: Inventory): Set<string> | null {
  if (level.kind === 'zone') return null;
  if (level.kind === 'device') return new Set([level.deviceId]);
  const folders = folderSubtree(inv.folders, level.folderId);
  return new Set(inv.devices.filter((d) => d.folderId !== null && folders.has(d.folderId)).map((d) => d.id));
}

function withOverride(doc: SchedulesDoc, level: ScheduleLevel): SchedulesDoc['overrides'] {
  const { folders, devices } = doc.overrides;
  if (level.kind === 'folder' && !folders.includes(level.folderId))
    return { folders: [...folders, level.folderId], devices };
  if (level.kind === 'device' && !devices.includes(level.deviceId))
    return { folders, devices: [...devices, level.deviceId] };
  return doc.overrides;
}

/**
 * After a schedule left `level`: the override that move (or add) switched on goes off again when no
 * schedule remains there, so devices under it inherit the zone's or a parent's schedules again.
 */
function withoutEmptyOverride(doc: SchedulesDoc, level: ScheduleLevel): SchedulesDoc['overrides'] {
  const { folders, devices } = doc.overrides;
  const remains = doc.schedules.some(
    (s) =>
      (level.kind === 'folder' && s.level.kind === 'folder' && s.level.folderId === level.folderId) ||
      (level.kind === 'device' && s.level.kind === 'device' && s.level.deviceId === level.deviceId),
  );
  if (remains) return doc.overrides;
  if (level.kind === 'folder') return { folders: folders.filter((id) => id !== level.folderId), devices };
  if (level.kind === 'device') return { folders, devices: devices.filter((id) => id !== level.deviceId) };
  return doc.overrides;
}

/**
 * The schedule with exactly this id. The window sends ids it was given, so a prefix (a
 * convenience for people typing ids into the CLI) must never pick a different schedule.
 */
function exactSchedule(schedules: readonly PowerSchedule[], id: string): PowerSchedule {
  const found = schedules.find((s) => s.id === id);
  if (!found) throw new OutbandError('schedule.not-found', `No schedule with id "${id}".`);
  return found;
}

/** Per-device conflicts of one minute with the same firing order, merged into one line. */
function groupConflicts(list: readonly Conflict[]): { at: Date; deviceIds: string[]; firings: Firing[] }[] {
  const groups = new Map<string, { at: Date; deviceIds: string[]; firings: Firing[] }>();
  for (const c of list) {
    const key = `${c.at.getTime()}|${c.firings.map((f) => f.scheduleId).join(',')}`;
    const group = groups.get(key);
    if (group) group.deviceIds.push(c.deviceId);
    else groups.set(key, { at: c.at, deviceIds: [c.deviceId], firings: c.firings });
  }
  return [...groups.values()];
}

async function defaultIdentity(): Promise<SelfIdentity> {
  const me = await localIdentity();
  return { addresses: [...me.hostNames, ...me.addresses], uuid: me.uuid ?? undefined };
}

/** The handlers of the schedule channels: thin calls into the schedule repository and the shared rules. */
export function createSchedulesHandlers(services: Services): HandlersFor<keyof typeof schedulesChannels> {
  const repo = services.schedules;
  let identity: Promise<SelfIdentity> | undefined;
  const edited = async <T>(result: T): Promise<T> => {
    await services.scheduler.reload();
    return result;
  };

  return {
    'schedule.list': async () => {
      const [doc, inv] = await Promise.all([repo.readSchedules(), inventory(services)]);
      return { schedules: rows(doc.schedules, inv, doc, new Date()), overrides: doc.overrides };
    },
    'schedule.levels': async () => {
      const [doc, inv] = await Promise.all([repo.readSchedules(), inventory(services)]);
      const folders = inv.folders
        .map((f) => ({ id: f.id, path: folderPath(inv.folders, f.id), parentId: f.parentId }))
        .sort((a, b) => a.path.localeCompare(b.path));
      const devices = inv.devices
        .map((d) => ({ id: d.id, name: d.name, folderId: d.folderId }))
        .sort((a, b) => a.name.localeCompare(b.name));
      return { folders, devices, overrides: doc.overrides };
    },
    'schedule.add': async ({ id, ...draft }) => {
      assertLevelExists(draft.level, await inventory(services));
      return edited(await addSchedule(repo, draft, new Date(), id));
    },
    'schedule.update': async ({ id, ...patch }) => {
      if (patch.level) assertLevelExists(patch.level, await inventory(services));
      const saved = await repo.updateSchedules((doc) => {
        const found = exactSchedule(doc.schedules, id);
        const checked = PowerScheduleSchema.safeParse({ ...found, ...patch, updated: new Date().toISOString() });
        if (!checked.success)
          throw new OutbandError('schedule.invalid', z.prettifyError(checked.error).replace(/\n\s*/g, ' '));
        doc.schedules = doc.schedules.map((s) => (s.id === found.id ? checked.data : s));
        // Like add: a folder or device schedule only applies when that level overrides.
        doc.overrides = withOverride(doc, checked.data.level);
        // And the level it left stops overriding once it has no schedule of its own.
        doc.overrides = withoutEmptyOverride(doc, found.level);
        return checked.data;
      });
      return edited(saved);
    },
    // Overrides stay as they are on removal, as in removeSchedule (the CLI's, which also takes prefixes).
    'schedule.remove': async ({ id }) =>
      edited({
        removed: await repo.updateSchedules((doc) => {
          const found = exactSchedule(doc.schedules, id);
          doc.schedules = doc.schedules.filter((s) => s.id !== found.id);
          return found.id;
        }),
      }),
    'schedule.setEnabled': async ({ id, enabled }) =>
      edited(
        await repo.updateSchedules((doc) => {
          const found = exactSchedule(doc.schedules, id);
          found.enabled = enabled;
          found.updated = new Date().toISOString();
          return found;
        }),
      ),
    'schedule.setOverride': async ({ target, override }) => {
      assertLevelExists(target, await inventory(services));
      await setScheduleOverride(repo, target, override);
      return edited((await repo.readSchedules()).overrides);
    },
    'schedule.preview': async ({ level, count, from }) => {
      const [doc, inv] = await Promise.all([repo.readSchedules(), inventory(services)]);
      const targets = scheduleTargets(tree(inv, doc));
      const schedules = level.kind === 'zone' ? doc.schedules : effectiveOf(level, inv, doc).schedules;
      const scope = scopeOf(level, inv);
      return nextFirings(schedules, from ? new Date(from) : new Date(), count).map((f) => ({
        at: f.at.toISOString(),
        scheduleId: f.scheduleId,
        powerState: f.powerState,
        levelName: levelName(f.level, inv),
        deviceCount: (targets.get(f.scheduleId) ?? []).filter((d) => scope === null || scope.has(d.id)).length,
      }));
    },
    'schedule.effective': async ({ target }) => {
      const [doc, inv] = await Promise.all([repo.readSchedules(), inventory(services)]);
      const found = effectiveOf(target, inv, doc);
      const sourceLevel: ScheduleLevel =
        found.source === 'zone'
          ? { kind: 'zone' }
          : found.source === 'folder'
            ? { kind: 'folder', folderId: found.sourceId ?? '' }
            : { kind: 'device', deviceId: found.sourceId ?? '' };
      const overriding =
        target.kind === 'folder'
          ? doc.overrides.folders.includes(target.folderId)
          : doc.overrides.devices.includes(target.deviceId);
      return {
        source: found.source,
        sourceId: found.sourceId,
        sourceName: levelName(sourceLevel, inv),
        overriding,
        schedules: rows(found.schedules, inv, doc, new Date()),
      };
    },
    'schedule.history': async ({ scheduleId, deviceId, outcome, from, until, limit }) => {
      const [history, doc, inv] = await Promise.all([repo.readHistory(), repo.readSchedules(), inventory(services)]);
      const fromMs = from ? Date.parse(from) : -Infinity;
      const untilMs = until ? Date.parse(until) : Infinity;
      const matching = history.entries.filter((e) => {
        const at = Date.parse(e.at);
        return (
          (!scheduleId || e.scheduleId === scheduleId) &&
          (!deviceId || e.deviceId === deviceId) &&
          (!outcome || e.outcome === outcome) &&
          at >= fromMs &&
          at <= untilMs
        );
      });
      const schedules = new Map(doc.schedules.map((s) => [s.id, s]));
      const names = new Map(inv.devices.map((d) => [d.id, d.name]));
      const entries: HistoryRow[] = matching
        .slice(-limit)
        .reverse()
        .map((e) => {
          const s = schedules.get(e.scheduleId);
          return {
            ...e,
            deviceName: names.get(e.deviceId) ?? `(deleted device ${e.deviceId.slice(0, 8)})`,
            levelName: s ? levelName(s.level, inv) : '(deleted schedule)',
          };
        });
      return { entries, total: matching.length };
    },
    'schedule.check': async ({ draft, replacesId }) => {
      const [doc, inv] = await Promise.all([repo.readSchedules(), inventory(services)]);
      const now = new Date();
      const stamp = now.toISOString();
      const candidate: PowerSchedule = { ...draft, id: replacesId ?? randomUUID(), created: stamp, updated: stamp };
      const { conflicts: mine, tree: full } = candidateConflicts(tree(inv, doc), candidate, now);
      const groups = groupConflicts(mine);
      const names = new Map(inv.devices.map((d) => [d.id, d.name]));
      identity ??= defaultIdentity();
      const self = selfTargetWarning(full, await identity);
      return {
        draftId: candidate.id,
        conflictCount: groups.length,
        conflictDevices: new Set(mine.map((c) => c.deviceId)).size,
        conflicts: groups.slice(0, CONFLICTS_LISTED).map((g) => {
          const devices = g.deviceIds
            .map((id) => ({ id, name: names.get(id) ?? id }))
            .sort((a, b) => a.name.localeCompare(b.name));
          return {
            at: g.at.toISOString(),
            deviceIds: devices.map((d) => d.id),
            deviceNames: devices.map((d) => d.name),
            firings: g.firings.map((f) => ({
              scheduleId: f.scheduleId,
              powerState: f.powerState,
              levelName: levelName(f.level, inv),
              isDraft: f.scheduleId === candidate.id,
            })),
          };
        }),
        selfTarget:
          self && self.scheduleIds.includes(candidate.id)
            ? { message: self.message, deviceNames: self.deviceIds.map((id) => names.get(id) ?? id) }
            : null,
      };
    },
  };
}
