import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import {
  PowerScheduleSchema,
  PowerStateSchema,
  ScheduleHistoryEntrySchema,
  ScheduleIdSchema,
  ScheduleLevelSchema,
  ScheduleOutcomeSchema,
  ScheduleOverridesSchema,
  ScheduleSpecSchema,
} from '../schedule';

const Instant = z.iso.datetime({ offset: true });

/** A folder or device whose override switch is set or cleared. */
export const OverrideTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('folder'), folderId: ScheduleIdSchema }),
  z.object({ kind: z.literal('device'), deviceId: ScheduleIdSchema }),
]);
export type OverrideTarget = z.infer<typeof OverrideTargetSchema>;

/** A schedule as listed: the stored schedule, a readable level name and its next firing. */
export const ScheduleRowSchema = PowerScheduleSchema.extend({
  /** "Zone", a folder path like "Site A/Floor 2", or a device name; deleted targets say so. */
  levelName: z.string(),
  /** The next time it fires (null: never again, disabled, or No Schedule). */
  nextAt: Instant.nullable(),
  /** How many devices it applies to now (after overrides). */
  deviceCount: z.number().int().min(0),
});
export type ScheduleRow = z.infer<typeof ScheduleRowSchema>;

/** What the level selector offers: folders with their paths and devices with their names. */
export const ScheduleLevelsSchema = z.object({
  folders: z.array(z.object({ id: ScheduleIdSchema, path: z.string(), parentId: ScheduleIdSchema.nullable() })),
  devices: z.array(z.object({ id: ScheduleIdSchema, name: z.string(), folderId: ScheduleIdSchema.nullable() })),
  overrides: ScheduleOverridesSchema,
});
export type ScheduleLevels = z.infer<typeof ScheduleLevelsSchema>;

/** A schedule as edited: everything but the id and timestamps. */
export const ScheduleDraftSchema = z.object({
  level: ScheduleLevelSchema,
  powerState: PowerStateSchema,
  schedule: ScheduleSpecSchema,
  enabled: z.boolean().default(true),
});
export type ScheduleDraft = z.input<typeof ScheduleDraftSchema>;

/** One upcoming firing with how many devices it will reach. */
export const PreviewFiringSchema = z.object({
  at: Instant,
  scheduleId: ScheduleIdSchema,
  powerState: PowerStateSchema,
  levelName: z.string(),
  deviceCount: z.number().int().min(0),
});
export type PreviewFiring = z.infer<typeof PreviewFiringSchema>;

/** Where a folder's or device's schedules come from. */
export const EffectiveViewSchema = z.object({
  source: z.enum(['device', 'folder', 'zone']),
  sourceId: ScheduleIdSchema.nullable(),
  /** "Zone", the folder path, or the device name. */
  sourceName: z.string(),
  /** Whether the asked level itself has its override switch on. */
  overriding: z.boolean(),
  schedules: z.array(ScheduleRowSchema),
});
export type EffectiveView = z.infer<typeof EffectiveViewSchema>;

/** Two or more firings in one minute for the same devices, in the order they will run. */
export const ConflictViewSchema = z.object({
  at: Instant,
  deviceIds: z.array(ScheduleIdSchema),
  deviceNames: z.array(z.string()),
  /** In execution order: zone, folder, device, then schedule id; the last one wins. */
  firings: z.array(
    z.object({ scheduleId: z.string(), powerState: PowerStateSchema, levelName: z.string(), isDraft: z.boolean() }),
  ),
});
export type ConflictView = z.infer<typeof ConflictViewSchema>;

/** Warnings shown before a schedule is saved; the user may save anyway. */
export const ScheduleWarningsSchema = z.object({
  /**
   * The id the schedule will be saved under (pass it to schedule.add), so the execution order
   * shown, which falls back to schedule ids, is the order that will run.
   */
  draftId: ScheduleIdSchema,
  conflicts: z.array(ConflictViewSchema),
  /** How many clashing minutes there are in the next year (only the first ones are listed). */
  conflictCount: z.number().int().min(0),
  /** How many devices are affected by at least one of them. */
  conflictDevices: z.number().int().min(0),
  selfTarget: z.object({ message: z.string(), deviceNames: z.array(z.string()) }).nullable(),
});
export type ScheduleWarnings = z.infer<typeof ScheduleWarningsSchema>;

/** A history line with names resolved. */
export const HistoryRowSchema = ScheduleHistoryEntrySchema.extend({
  deviceName: z.string(),
  levelName: z.string(),
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;

/** Request channels of scheduled power management (product spec H, seed 4.2). */
export const schedulesChannels = {
  'schedule.list': channel(
    z.undefined(),
    z.object({ schedules: z.array(ScheduleRowSchema), overrides: ScheduleOverridesSchema }),
  ),
  'schedule.levels': channel(z.undefined(), ScheduleLevelsSchema),
  'schedule.add': channel(ScheduleDraftSchema.extend({ id: z.uuid().optional() }), PowerScheduleSchema),
  'schedule.update': channel(
    z.object({
      id: ScheduleIdSchema,
      powerState: PowerStateSchema.optional(),
      schedule: ScheduleSpecSchema.optional(),
      level: ScheduleLevelSchema.optional(),
    }),
    PowerScheduleSchema,
  ),
  'schedule.remove': channel(z.object({ id: ScheduleIdSchema }), z.object({ removed: ScheduleIdSchema })),
  'schedule.setEnabled': channel(z.object({ id: ScheduleIdSchema, enabled: z.boolean() }), PowerScheduleSchema),
  'schedule.setOverride': channel(
    z.object({ target: OverrideTargetSchema, override: z.boolean() }),
    ScheduleOverridesSchema,
  ),
  'schedule.preview': channel(
    z.object({
      /** Zone (every schedule) or one folder/device (its effective schedules). */
      level: ScheduleLevelSchema.default({ kind: 'zone' }),
      count: z.number().int().min(1).max(500).default(10),
      from: Instant.optional(),
    }),
    z.array(PreviewFiringSchema),
  ),
  'schedule.effective': channel(z.object({ target: OverrideTargetSchema }), EffectiveViewSchema),
  'schedule.history': channel(
    z.object({
      scheduleId: ScheduleIdSchema.optional(),
      deviceId: ScheduleIdSchema.optional(),
      outcome: ScheduleOutcomeSchema.optional(),
      /** Due at or after this instant. */
      from: Instant.optional(),
      /** Due at or before this instant. */
      until: Instant.optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    z.object({ entries: z.array(HistoryRowSchema), total: z.number().int().min(0) }),
  ),
  'schedule.check': channel(
    z.object({ draft: ScheduleDraftSchema, replacesId: ScheduleIdSchema.optional() }),
    ScheduleWarningsSchema,
  ),
} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main. */
export const schedulesEvents = {};
