import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OutbandError } from '../../shared/errors';
import {
  PowerScheduleSchema,
  type PowerSchedule,
  type PowerState,
  type ScheduleLevel,
  type ScheduleSpec,
} from '../../shared/schedule';
import type { ScheduleRepository } from './repository';

/** What a person chooses when adding a schedule; id and timestamps are made here. */
export interface NewSchedule {
  level: ScheduleLevel;
  powerState: PowerState;
  schedule: ScheduleSpec;
  enabled?: boolean;
}

/** An override switch for one folder or device. */
export type OverrideTarget = { kind: 'folder'; folderId: string } | { kind: 'device'; deviceId: string };

function setOverride(list: string[], id: string, on: boolean): string[] {
  const rest = list.filter((x) => x !== id);
  return on ? [...rest, id] : rest;
}

/**
 * Adds a schedule. A folder or device schedule also switches that folder or device to
 * "override", since its own schedules would otherwise never apply (device beats folder beats zone).
 */
export async function addSchedule(
  repo: ScheduleRepository,
  input: NewSchedule,
  now: Date = new Date(),
  id: string = randomUUID(),
): Promise<PowerSchedule> {
  const stamp = now.toISOString();
  const checked = PowerScheduleSchema.safeParse({
    ...input,
    id,
    enabled: input.enabled ?? true,
    created: stamp,
    updated: stamp,
  });
  if (!checked.success) {
    throw new OutbandError('schedule.invalid', z.prettifyError(checked.error).replace(/\n\s*/g, ' '));
  }
  const schedule = checked.data;
  await repo.updateSchedules((doc) => {
    if (doc.schedules.some((s) => s.id === schedule.id)) {
      throw new OutbandError('schedule.duplicate', `A schedule with id ${schedule.id} already exists.`);
    }
    doc.schedules.push(schedule);
    const level = schedule.level;
    if (level.kind === 'folder') doc.overrides.folders = setOverride(doc.overrides.folders, level.folderId, true);
    if (level.kind === 'device') doc.overrides.devices = setOverride(doc.overrides.devices, level.deviceId, true);
  });
  return schedule;
}

/** The schedule whose id is `id` or, if unambiguous, starts with `id` (so people can type 8 characters). */
export function findSchedule(schedules: readonly PowerSchedule[], id: string): PowerSchedule {
  const exact = schedules.find((s) => s.id === id);
  if (exact) return exact;
  const matches = id.length >= 4 ? schedules.filter((s) => s.id.startsWith(id)) : [];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1)
    throw new OutbandError('schedule.ambiguous', `"${id}" matches ${matches.length} schedules; give more of the id.`);
  throw new OutbandError('schedule.not-found', `No schedule with id "${id}".`);
}

/**
 * Removes a schedule. Override switches stay as they are: a folder that overrides with no
 * schedules left keeps its devices schedule-free until `setScheduleOverride(..., false)`.
 */
export async function removeSchedule(repo: ScheduleRepository, id: string): Promise<PowerSchedule> {
  return repo.updateSchedules((doc) => {
    const found = findSchedule(doc.schedules, id);
    doc.schedules = doc.schedules.filter((s) => s.id !== found.id);
    return found;
  });
}

/** Enables or disables a schedule; a re-enabled schedule does not report what it skipped while off. */
export async function setScheduleEnabled(
  repo: ScheduleRepository,
  id: string,
  enabled: boolean,
  now: Date = new Date(),
): Promise<PowerSchedule> {
  return repo.updateSchedules((doc) => {
    const found = findSchedule(doc.schedules, id);
    found.enabled = enabled;
    found.updated = now.toISOString();
    return found;
  });
}

/** Switches a folder's or device's override on (its own schedules apply) or off (it inherits again). */
export async function setScheduleOverride(
  repo: ScheduleRepository,
  target: OverrideTarget,
  on: boolean,
): Promise<void> {
  await repo.updateSchedules((doc) => {
    if (target.kind === 'folder') doc.overrides.folders = setOverride(doc.overrides.folders, target.folderId, on);
    else doc.overrides.devices = setOverride(doc.overrides.devices, target.deviceId, on);
  });
}
