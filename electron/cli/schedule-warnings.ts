/**
 * The warnings `outband schedule add` gives before saving, as the app's Schedule Editor does
 * (schedule.check): conflicts with other schedules in the next year (shared/schedule conflicts(),
 * over the same trial tree the app builds), an exact duplicate of an existing schedule, and a
 * schedule that will never fire because all its dates are past. The rules are the shared ones;
 * this only composes them and words the result for a terminal.
 */
import { nameKey } from '../../shared/domain/common';
import type { Device } from '../../shared/domain/device';
import type { Folder } from '../../shared/domain/folder';
import {
  candidateConflicts,
  nextFirings,
  type PowerSchedule,
  type ScheduleLevel,
  type ScheduleOverrides,
} from '../../shared/schedule';
import { levelText } from '../scheduler/cli-format';
import { formatLocal } from '../scheduler/spec-input';

/** How many clashing minutes are spelled out (the count says how many there are). */
const LISTED = 3;

/** One warning: a stable code and a sentence that says what to do about it. */
export interface ScheduleWarning {
  code: 'schedule.conflict' | 'schedule.duplicate' | 'schedule.never-fires';
  message: string;
}

function sameLevel(a: ScheduleLevel, b: ScheduleLevel): boolean {
  if (a.kind === 'zone' || b.kind === 'zone') return a.kind === b.kind;
  if (a.kind === 'folder') return b.kind === 'folder' && a.folderId === b.folderId;
  return b.kind === 'device' && a.deviceId === (b as { deviceId: string }).deviceId;
}

/** The canonical text of a spec, so the same schedule typed in another order compares equal. */
function specKey(s: PowerSchedule['schedule']): string {
  if (s.type !== 'dates') return JSON.stringify(s, Object.keys(s).sort());
  return JSON.stringify({ type: 'dates', dates: [...s.dates].sort() });
}

/**
 * What is wrong with adding `candidate` to `existing` (the schedules document with its
 * overrides), seen at `now`. Empty when nothing is.
 */
export function scheduleWarnings(
  candidate: PowerSchedule,
  existing: { schedules: readonly PowerSchedule[]; overrides: ScheduleOverrides },
  inv: { devices: Device[]; folders: Folder[] },
  now: Date,
): ScheduleWarning[] {
  const warnings: ScheduleWarning[] = [];
  const short = (id: string) => id.slice(0, 8);

  const twin = existing.schedules.find(
    (s) =>
      sameLevel(s.level, candidate.level) &&
      s.powerState === candidate.powerState &&
      specKey(s.schedule) === specKey(candidate.schedule),
  );
  if (twin) {
    warnings.push({
      code: 'schedule.duplicate',
      message: `It repeats schedule ${short(twin.id)} (same level, state and times): each device gets the request twice. Remove one with outband schedule remove ${short(candidate.id)}.`,
    });
  }

  if (candidate.schedule.type !== 'none' && nextFirings([{ ...candidate, enabled: true }], now, 1).length === 0) {
    warnings.push({
      code: 'schedule.never-fires',
      message: `It will never fire: all its times are in the past. Remove it with outband schedule remove ${short(candidate.id)} and add it with future times.`,
    });
  }

  // The trial tree the app checks, by the same shared function.
  const { conflicts: mine } = candidateConflicts(
    { devices: inv.devices, folders: inv.folders, overrides: existing.overrides, schedules: existing.schedules },
    candidate,
    now,
  );
  if (mine.length > 0 && !twin) {
    const minutes = [...new Set(mine.map((c) => c.at.getTime()))];
    const names = new Map(inv.devices.map((d) => [d.id, d.name]));
    const devices = [...new Set(mine.map((c) => names.get(c.deviceId) ?? c.deviceId))].sort((a, b) =>
      nameKey(a) < nameKey(b) ? -1 : 1,
    );
    const first = mine[0];
    const order = first.firings
      .map((f) => `${f.powerState} (${levelText(f.level, inv)}, ${short(f.scheduleId)})`)
      .join(', then ');
    const when = minutes
      .slice(0, LISTED)
      .map((t) => formatLocal(new Date(t)))
      .join('; ');
    warnings.push({
      code: 'schedule.conflict',
      message:
        `In the next year ${devices.length} device(s) (${devices.slice(0, 5).join(', ')}${devices.length > 5 ? ', …' : ''}) get more than one power request in the same minute, ${minutes.length} time(s): ${when}${minutes.length > LISTED ? '; …' : ''}. ` +
        `They run in order ${order}; the last one wins. Change the time, or remove one with outband schedule remove ID (see outband schedule next).`,
    });
  }
  return warnings;
}
