import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

export const JobStatusSchema = z.enum(['running', 'succeeded', 'failed', 'partial', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/**
 * How a device's part of an action ended when it did not simply fail: `done` (the change was
 * sent and accepted), `already` (the device was already in the target state, e.g. "already on";
 * counts as done) or `skipped` (the device does not allow the action now; the reason is in the
 * result's detail/message). Skipped is not a failure: nothing was wrong, the action did not apply.
 * Absent on results of jobs that do not distinguish (reads, non-power jobs) and on failures.
 */
export const JobItemOutcomeSchema = z.enum(['done', 'already', 'skipped']);
export type JobItemOutcome = z.infer<typeof JobItemOutcomeSchema>;

/** One device's outcome in a job. `code` is an OutbandError code when it failed. */
export const JobDeviceResultSchema = z.object({
  deviceId: IdSchema.optional(),
  host: z.string().min(1),
  ok: z.boolean(),
  outcome: JobItemOutcomeSchema.optional(),
  code: z.string().optional(),
  message: z.string().max(2000).optional(),
});
export type JobDeviceResult = z.infer<typeof JobDeviceResultSchema>;

/** The record a job leaves behind. */
export const JobRecordSchema = z.object({
  id: IdSchema,
  kind: z.string().min(1).max(64),
  started: TimestampSchema,
  finished: TimestampSchema.optional(),
  status: JobStatusSchema,
  results: z.array(JobDeviceResultSchema).default([]),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

/** The overall status for a finished job from its per-device results. */
export function summariseJobStatus(results: readonly JobDeviceResult[], cancelled = false): JobStatus {
  if (cancelled) return 'cancelled';
  const ok = results.filter((r) => r.ok).length;
  if (ok === results.length) return 'succeeded';
  return ok === 0 ? 'failed' : 'partial';
}
