import { z } from 'zod';
import { PowerStateSchema, ScheduleIdSchema, ScheduleTimestampSchema } from './schema';

/**
 * What happened to one device at one firing: `ok` and `failed` are runs; `missed` means the
 * firing fell in a time Outband was not running (or was asleep) and was deliberately not replayed.
 */
export const ScheduleOutcomeSchema = z.enum(['ok', 'failed', 'missed']);
export type ScheduleOutcome = z.infer<typeof ScheduleOutcomeSchema>;

/** One line of schedule history, per device and firing. */
export const ScheduleHistoryEntrySchema = z.object({
  /** When the schedule was due. */
  at: ScheduleTimestampSchema,
  /** When this line was written (after the device answered, or when the miss was noticed). */
  recordedAt: ScheduleTimestampSchema,
  scheduleId: ScheduleIdSchema,
  deviceId: ScheduleIdSchema,
  powerState: PowerStateSchema,
  outcome: ScheduleOutcomeSchema,
  /** An OutbandError code when it failed or was missed. */
  code: z.string().max(128).optional(),
  message: z.string().max(2000).optional(),
});
export type ScheduleHistoryEntry = z.infer<typeof ScheduleHistoryEntrySchema>;
