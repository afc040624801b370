import { z } from 'zod';
import { PowerScheduleSchema, ScheduleHistoryEntrySchema, ScheduleOverridesSchema } from '../../shared/schedule';

/** schedules.json: the power schedules and which folders/devices override inherited ones. */
export const SchedulesDocSchema = z
  .object({
    schemaVersion: z.literal(1),
    schedules: z.array(PowerScheduleSchema).default([]),
    overrides: ScheduleOverridesSchema.default({ folders: [], devices: [] }),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    for (const s of doc.schedules) {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `Duplicate schedule id: ${s.id}` });
      seen.add(s.id);
    }
  });
export type SchedulesDoc = z.infer<typeof SchedulesDocSchema>;

/** schedule-history.json: per-device outcomes, oldest first. */
export const HistoryDocSchema = z.object({
  schemaVersion: z.literal(1),
  entries: z.array(ScheduleHistoryEntrySchema).default([]),
});
export type HistoryDoc = z.infer<typeof HistoryDocSchema>;

/**
 * schedule-state.json: the last moment the scheduler checked for due firings; firings after it
 * found late are reported as missed. Kept apart from the history because it is rewritten every
 * minute while Outband runs, and the history can be large.
 */
export const SchedulerStateSchema = z.object({
  schemaVersion: z.literal(1),
  lastCheckedAt: z.iso.datetime({ offset: true }).nullable().default(null),
});
export type SchedulerState = z.infer<typeof SchedulerStateSchema>;

/** Where schedules and their history live. Updates are serialised and atomic. */
export interface ScheduleRepository {
  readSchedules(): Promise<SchedulesDoc>;
  /** Runs `fn` on a copy and saves the result; `fn`'s return value is passed on. */
  updateSchedules<R>(fn: (draft: SchedulesDoc) => R): Promise<R>;
  readHistory(): Promise<HistoryDoc>;
  /** Runs `fn` on a copy and saves the result (the history is trimmed to its size limit). */
  updateHistory<R>(fn: (draft: HistoryDoc) => R): Promise<R>;
  /** When the scheduler last checked, or null if it never ran in this data folder. */
  readLastCheckedAt(): Promise<Date | null>;
  writeLastCheckedAt(at: Date): Promise<void>;
}

/** An empty schedules document. */
export function emptySchedules(): SchedulesDoc {
  return { schemaVersion: 1, schedules: [], overrides: { folders: [], devices: [] } };
}

/** An empty history document. */
export function emptyHistory(): HistoryDoc {
  return { schemaVersion: 1, entries: [] };
}

/** A state document for a scheduler that never ran. */
export function emptyState(): SchedulerState {
  return { schemaVersion: 1, lastCheckedAt: null };
}
