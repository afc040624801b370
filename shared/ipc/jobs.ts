import { z } from 'zod';
import { channel } from './define';
import { JobItemOutcomeSchema } from '../domain/job';

export const JobStatus = z.enum(['running', 'succeeded', 'failed', 'partial', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatus>;

/** The outcome of one item of a job (usually one device). */
export const JobItemResult = z.object({
  key: z.string(),
  label: z.string(),
  ok: z.boolean(),
  /** done / already (in the target state) / skipped (the detail says why); see JobItemOutcomeSchema. */
  outcome: JobItemOutcomeSchema.optional(),
  detail: z.string().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type JobItemResult = z.infer<typeof JobItemResult>;

export const JobSnapshot = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  status: JobStatus,
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  started: z.string(),
  finished: z.string().nullable(),
  results: z.array(JobItemResult),
});
export type JobSnapshot = z.infer<typeof JobSnapshot>;

export const jobChannels = {
  'job.list': channel(z.undefined(), z.array(JobSnapshot)),
  'job.cancel': channel(z.object({ id: z.string() }), z.object({ cancelled: z.boolean() })),
};

export const jobEvents = {
  'job.progress': JobSnapshot,
};
