import { z } from 'zod';
import { powerStateInfo } from '../power-states';

/** Ids are opaque strings (UUIDs for everything Outband creates); same bounds as the domain ids. */
export const ScheduleIdSchema = z.string().min(1).max(64);

/** Timestamps are ISO 8601 instants with an offset, so files stay readable. */
export const ScheduleTimestampSchema = z.iso.datetime({ offset: true });

/** The power states a schedule may request (seed 4.2: Power On, Power Off, Reset, Power Cycle Reset). */
export const PowerStateSchema = z.enum(['on', 'off', 'reset', 'cycle']);
export type PowerState = z.infer<typeof PowerStateSchema>;

/** CIM_PowerManagementService.RequestPowerStateChange codes for each schedulable state. */
export const POWER_STATE_CODES: Readonly<Record<PowerState, number>> = {
  on: 2,
  off: 8,
  reset: 10,
  cycle: 5,
};

/** Human labels, as the seed names the states (from the one power-state table). */
export const POWER_STATE_LABELS = Object.fromEntries(
  Object.entries(POWER_STATE_CODES).map(([state, code]) => [state, powerStateInfo(code).label]),
) as Readonly<Record<PowerState, string>>;

/** Where a schedule is defined: the zone, a folder (and what inherits from it), or one device. */
export const ScheduleLevelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('zone') }),
  z.object({ kind: z.literal('folder'), folderId: ScheduleIdSchema }),
  z.object({ kind: z.literal('device'), deviceId: ScheduleIdSchema }),
]);
export type ScheduleLevel = z.infer<typeof ScheduleLevelSchema>;

function isRealDate(y: number, m: number, d: number): boolean {
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

/** A calendar date `YYYY-MM-DD` in the workstation's local time zone. */
export const LocalDateSchema = z.string().refine((s) => {
  const m = DATE_RE.exec(s);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}, 'Expected a date like 2025-06-30.');

/** A wall-clock time `HH:MM` (24-hour). */
export const LocalTimeSchema = z.string().regex(TIME_RE, 'Expected a time like 07:30 (24-hour HH:MM).');

/** A local date and time `YYYY-MM-DDTHH:MM`, minute precision, no offset: it means wall-clock time. */
export const LocalDateTimeSchema = z.string().refine((s) => {
  const m = LOCAL_DATE_TIME_RE.exec(s);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}, 'Expected a local date and time like 2025-06-30T07:30.');

/** Splits a valid LocalDateTime into numbers (month 1-12). */
export function splitLocalDateTime(s: string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
} {
  const m = LOCAL_DATE_TIME_RE.exec(s);
  if (!m) throw new Error(`Not a local date-time: ${s}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]) };
}

/** Weekdays as numbers, 0 Sunday to 6 Saturday (the cron convention). */
export const WeekdaySchema = z.number().int().min(0).max(6);

/** Recurring: daily, weekly on chosen weekdays, or monthly on day N, at a local time, optionally bounded. */
export const RecurringSpecSchema = z
  .object({
    type: z.literal('recurring'),
    every: z.enum(['daily', 'weekly', 'monthly']),
    weekdays: z.array(WeekdaySchema).optional(),
    dayOfMonth: z.number().int().min(1).max(31).optional(),
    time: LocalTimeSchema,
    /** First local day on which it may fire (inclusive). */
    from: LocalDateSchema.optional(),
    /** Last local day on which it may fire (inclusive). */
    until: LocalDateSchema.optional(),
  })
  .superRefine((spec, ctx) => {
    const weekly = spec.every === 'weekly';
    const monthly = spec.every === 'monthly';
    if (weekly && (!spec.weekdays || spec.weekdays.length === 0)) {
      ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'A weekly schedule needs at least one weekday.' });
    }
    if (!weekly && spec.weekdays !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['weekdays'], message: 'Weekdays apply only to a weekly schedule.' });
    }
    if (monthly && spec.dayOfMonth === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['dayOfMonth'],
        message: 'A monthly schedule needs a day of the month (1-31).',
      });
    }
    if (!monthly && spec.dayOfMonth !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['dayOfMonth'],
        message: 'A day of the month applies only to a monthly schedule.',
      });
    }
    if (spec.from !== undefined && spec.until !== undefined && spec.until < spec.from) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'The last day is before the first day.' });
    }
  });
export type RecurringSpec = z.infer<typeof RecurringSpecSchema>;

/** When a schedule fires. 'none' is kept (seed: No Schedule) but never fires. */
export const ScheduleSpecSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }),
  z.object({ type: z.literal('dates'), dates: z.array(LocalDateTimeSchema).min(1).max(1000) }),
  RecurringSpecSchema,
]);
export type ScheduleSpec = z.infer<typeof ScheduleSpecSchema>;

/** A power schedule: at `level`, request `powerState` whenever `schedule` fires. */
export const PowerScheduleSchema = z.object({
  id: ScheduleIdSchema,
  level: ScheduleLevelSchema,
  powerState: PowerStateSchema,
  schedule: ScheduleSpecSchema,
  enabled: z.boolean().default(true),
  created: ScheduleTimestampSchema,
  updated: ScheduleTimestampSchema,
});
export type PowerSchedule = z.infer<typeof PowerScheduleSchema>;

/**
 * Folders and devices whose own schedules replace what they would inherit (device beats folder
 * beats zone). An overriding folder or device with no schedules of its own gets none.
 */
export const ScheduleOverridesSchema = z.object({
  folders: z.array(ScheduleIdSchema).default([]),
  devices: z.array(ScheduleIdSchema).default([]),
});
export type ScheduleOverrides = z.infer<typeof ScheduleOverridesSchema>;
