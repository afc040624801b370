import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { IdSchema } from '../domain/common';
import { DeviceInventoryRecordSchema, ReconcileRunSchema } from '../domain/reconcile';
import { ScheduleSpecSchema } from '../schedule/schema';
import { JobSnapshot } from './jobs';

/** The last reconciliation of a device as the device list shows it. */
export const ReconcileSummarySchema = z.object({
  /** When the last successful reading was taken. */
  at: z.string().optional(),
  /** The last attempt failed (after that reading, if any). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** TLS on the device's network interface, as last read. */
  tls: z.boolean().nullable().optional(),
});
export type ReconcileSummary = z.infer<typeof ReconcileSummarySchema>;

/** One event-log or audit-log record, already in words. */
export const LogRecordSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

/** Request channels of reconciliation and the device page's logs. */
export const reconcileChannels = {
  'reconcile.start': channel(
    z.object({
      deviceIds: z.array(IdSchema).max(100_000).optional(),
      folderId: IdSchema.optional(),
      all: z.boolean().optional(),
    }),
    JobSnapshot,
  ),
  'reconcile.schedule': channel(
    z.undefined(),
    z.object({ schedule: ScheduleSpecSchema, next: z.array(z.string()), runs: z.array(ReconcileRunSchema) }),
  ),
  'reconcile.setSchedule': channel(
    z.object({ schedule: ScheduleSpecSchema }),
    z.object({ schedule: ScheduleSpecSchema, next: z.array(z.string()), runs: z.array(ReconcileRunSchema) }),
  ),
  'reconcile.record': channel(z.object({ deviceId: IdSchema }), DeviceInventoryRecordSchema.nullable()),
  'reconcile.summaries': channel(z.undefined(), z.record(IdSchema, ReconcileSummarySchema)),
  'device.readLog': channel(
    z.object({ deviceId: IdSchema, log: z.enum(['events', 'audit']) }),
    z.object({ readAt: z.string(), records: z.array(LogRecordSchema) }),
  ),
  'device.exportLog': channel(
    z.object({
      deviceId: IdSchema,
      log: z.enum(['events', 'audit']),
      format: z.enum(['csv', 'json']),
      records: z.array(LogRecordSchema).max(100_000),
    }),
    z.object({ path: z.string().nullable() }),
  ),
} satisfies Record<string, ChannelSpec>;

/** No events: the screens re-read after a job. */
export const reconcileEvents = {};
