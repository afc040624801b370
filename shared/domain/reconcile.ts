import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';
import { InventorySchema } from './inventory';
import { ScheduleSpecSchema } from '../schedule/schema';

/** One field that changed between two reconciliations. */
export const InventoryChangeSchema = z.object({ path: z.string(), old: z.string(), new: z.string() });
export type InventoryChange = z.infer<typeof InventoryChangeSchema>;

/** What Outband knows of one device's out-of-band inventory. */
export const DeviceInventoryRecordSchema = z.object({
  /** The last successful reading. */
  last: InventorySchema.optional(),
  /** When the last attempt ended, and how, when it failed. */
  lastAttemptAt: TimestampSchema.optional(),
  lastError: z.object({ code: z.string(), message: z.string(), at: TimestampSchema }).optional(),
  /** What changed at each reconciliation, newest first (capped). */
  history: z
    .array(z.object({ at: TimestampSchema, changes: z.array(InventoryChangeSchema).max(500) }))
    .max(100)
    .default([]),
});
export type DeviceInventoryRecord = z.infer<typeof DeviceInventoryRecordSchema>;

/** The seed's default: reconcile every 24 hours (daily, at night). */
export const DEFAULT_RECONCILE_SCHEDULE = { type: 'recurring', every: 'daily', time: '02:00' } as const;

/** One scheduled reconciliation: run (with its job) or missed (Outband was not running). */
export const ReconcileRunSchema = z.object({
  firing: TimestampSchema,
  outcome: z.enum(['ran', 'missed', 'no-devices']),
  jobId: z.string().optional(),
});
export type ReconcileRun = z.infer<typeof ReconcileRunSchema>;

/** inventory.json: the readings by device id, and the zone's reconciliation schedule. */
export const InventoryDocSchema = z.object({
  schemaVersion: z.literal(1),
  devices: z.record(IdSchema, DeviceInventoryRecordSchema).default({}),
  /** "Out-of-band inventory reconciliation" (seed 3.2.5). */
  schedule: ScheduleSpecSchema.default(DEFAULT_RECONCILE_SCHEDULE),
  /** The end of the window the schedule was last checked up to. */
  lastCheck: TimestampSchema.optional(),
  /** Newest first, capped. */
  runs: z.array(ReconcileRunSchema).max(200).default([]),
});
export type InventoryDoc = z.infer<typeof InventoryDocSchema>;

/** How many change sets a device keeps. */
export const HISTORY_LIMIT = 100;
