import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { IdSchema } from '../domain/common';
import { LabStatusSchema } from '../domain/lab';

/** Request channels of the simulated lab. */
export const labChannels = {
  'lab.status': channel(z.undefined(), LabStatusSchema),
  'lab.start': channel(z.undefined(), LabStatusSchema),
  /** Stops the simulated devices; with `remove`, also deletes the lab's devices, folder and credential. */
  'lab.stop': channel(z.object({ remove: z.boolean() }), LabStatusSchema),
  /**
   * What a running lab device's screen shows now: the user-consent code a real device would
   * display to the person in front of it (null when none is shown).
   */
  'lab.screen': channel(
    z.object({ deviceId: IdSchema }),
    z.object({ name: z.string(), consentCode: z.string().nullable() }),
  ),
} satisfies Record<string, ChannelSpec>;

/** Events of the lab: its status after every start and stop, so every screen shows the same. */
export const labEvents = {
  'lab.changed': LabStatusSchema,
};
