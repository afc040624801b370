/**
 * When schedules fire. Recurrence math is croner's (it has no Node built-ins, so it may live in
 * shared/). Semantics, all in the workstation's local time zone unless one is given:
 * - A wall-clock time that does not exist on a day (the hour skipped when clocks go forward)
 *   fires at the first minute after the gap (02:30 on a 02:00→03:00 day fires at 03:00).
 *   This holds for recurring schedules and for specific dates alike.
 * - A wall-clock time that exists twice (the hour repeated when clocks go back) fires once,
 *   at its first occurrence (daylight-saving time).
 * - Monthly on day N skips months that have no day N (day 31 fires only in 31-day months;
 *   day 29 skips February in common years). This is cron's rule; nothing is moved to the last day.
 * - `from` and `until` are local days, both inclusive.
 * - Firings are whole minutes (second 0).
 */
import { Cron } from 'croner';
import { OutbandError } from '../errors';
import type { PowerSchedule, PowerState, RecurringSpec, ScheduleLevel, ScheduleSpec } from './schema';
import { splitLocalDateTime } from './schema';

/** One moment at which one schedule requests one power state. */
export interface Firing {
  at: Date;
  scheduleId: string;
  powerState: PowerState;
  level: ScheduleLevel;
}

const LEVEL_RANK: Record<ScheduleLevel['kind'], number> = { zone: 0, folder: 1, device: 2 };

/**
 * The execution order of firings: by time, then zone before folder before device, then schedule
 * id (plain string order). Two firings in the same minute therefore always run in the same order.
 */
export function compareFirings(a: Firing, b: Firing): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    LEVEL_RANK[a.level.kind] - LEVEL_RANK[b.level.kind] ||
    (a.scheduleId < b.scheduleId ? -1 : a.scheduleId > b.scheduleId ? 1 : 0)
  );
}

/** The 5-field cron pattern for a recurring spec (minute hour day-of-month month weekday). */
export function cronPattern(spec: RecurringSpec): string {
  const [hour, minute] = spec.time.split(':').map(Number);
  const hm = `${minute} ${hour}`;
  if (spec.every === 'weekly') {
    const days = [...new Set(spec.weekdays ?? [])].sort((a, b) => a - b);
    return `${hm} * * ${days.join(',')}`;
  }
  if (spec.every === 'monthly') return `${hm} ${spec.dayOfMonth} * *`;
  return `${hm} * * *`;
}

function nextDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

function makeCron(pattern: string, timeZone: string | undefined, startAt?: string, stopAt?: string): Cron {
  try {
    return new Cron(pattern, { paused: true, timezone: timeZone, startAt, stopAt });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new OutbandError('schedule.invalid', `Cannot compute firings (${why}).`);
  }
}

/** Runs strictly after `afterMs` and at or before `untilMs`, at most `max` of them. */
function collect(cron: Cron, afterMs: number, untilMs: number, max: number): Date[] {
  const out: Date[] = [];
  let prev = new Date(afterMs);
  while (out.length < max) {
    const next = cron.nextRun(prev);
    if (!next || next.getTime() > untilMs) break;
    if (next.getTime() > afterMs) out.push(next);
    prev = next;
  }
  return out;
}

/** The moments one schedule fires in (afterMs, untilMs], oldest first, at most `max`. */
function fireTimes(schedule: PowerSchedule, afterMs: number, untilMs: number, max: number, timeZone?: string): Date[] {
  const spec = schedule.schedule;
  if (!schedule.enabled || spec.type === 'none' || max <= 0) return [];
  if (spec.type === 'dates') {
    const times: Date[] = [];
    for (const local of [...new Set(spec.dates)].sort()) {
      const { month, day, hour, minute } = splitLocalDateTime(local);
      const date = local.slice(0, 10);
      // A pattern bounded to that one day gets the same gap/overlap handling as recurring schedules.
      const cron = makeCron(
        `${minute} ${hour} ${day} ${month} *`,
        timeZone,
        `${date}T00:00:00`,
        `${nextDay(date)}T00:00:00`,
      );
      const at = collect(cron, afterMs, untilMs, 1);
      times.push(...at);
    }
    return times.sort((a, b) => a.getTime() - b.getTime()).slice(0, max);
  }
  const startAt = spec.from ? `${spec.from}T00:00:00` : undefined;
  const stopAt = spec.until ? `${nextDay(spec.until)}T00:00:00` : undefined;
  return collect(makeCron(cronPattern(spec), timeZone, startAt, stopAt), afterMs, untilMs, max);
}

function toFirings(schedule: PowerSchedule, times: Date[]): Firing[] {
  return times.map((at) => ({ at, scheduleId: schedule.id, powerState: schedule.powerState, level: schedule.level }));
}

/**
 * The next `count` firings of all the schedules at or after `from`, in execution order.
 * Disabled schedules and 'none' schedules never fire. `timeZone` (IANA name) defaults to local.
 */
export function nextFirings(
  schedules: readonly PowerSchedule[],
  from: Date,
  count: number,
  timeZone?: string,
): Firing[] {
  const afterMs = from.getTime() - 1;
  const all = schedules.flatMap((s) => toFirings(s, fireTimes(s, afterMs, Number.MAX_SAFE_INTEGER, count, timeZone)));
  return all.sort(compareFirings).slice(0, Math.max(0, count));
}

/**
 * When a bare schedule spec fires in (after, until], oldest first: the same calendar rules as
 * power schedules, for other scheduled work (inventory reconciliation).
 */
export function specFireTimes(spec: ScheduleSpec, after: Date, until: Date, max: number, timeZone?: string): Date[] {
  const carrier: PowerSchedule = {
    id: 'spec',
    level: { kind: 'zone' },
    powerState: 'on',
    schedule: spec,
    enabled: true,
    created: after.toISOString(),
    updated: after.toISOString(),
  };
  return fireTimes(carrier, after.getTime(), until.getTime(), max, timeZone);
}

/**
 * Every firing strictly after `after` and at or before `until`, in execution order; `limit`
 * bounds the work when the window is long (e.g. Outband was closed for a year).
 */
export function firingsBetween(
  schedules: readonly PowerSchedule[],
  after: Date,
  until: Date,
  timeZone?: string,
  limit = 10_000,
): Firing[] {
  const afterMs = after.getTime();
  const untilMs = until.getTime();
  if (untilMs <= afterMs) return [];
  const all = schedules.flatMap((s) => toFirings(s, fireTimes(s, afterMs, untilMs, limit, timeZone)));
  return all.sort(compareFirings).slice(0, limit);
}
