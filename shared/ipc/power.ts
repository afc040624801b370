import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { IdSchema } from '../domain/common';
import { DeviceSchema } from '../domain/device';
import { JobSnapshot } from './jobs';

const Ids = z.array(IdSchema).min(1).max(100_000);

/** A power state as reported: the DMTF code and its words. */
export const PowerStateValue = z.object({ code: z.number().int(), name: z.string(), label: z.string() });

/** What one device answered to a status read, or why it could not. */
export const PowerDeviceStatus = z.object({
  deviceId: IdSchema,
  name: z.string(),
  address: z.string(),
  ok: z.boolean(),
  state: PowerStateValue.optional(),
  /** Codes requestable from the current state (AvailableRequestedPowerStates). */
  available: z.array(z.number().int()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type PowerDeviceStatus = z.infer<typeof PowerDeviceStatus>;

/** A selected device that is (by address, host name or SMBIOS UUID) the workstation running Outband. */
export const SelfDevice = z.object({ deviceId: IdSchema, name: z.string(), address: z.string() });
export type SelfDevice = z.infer<typeof SelfDevice>;

/** A power action: a DMTF code or name (2, "off", "graceful-reset"), or "boot.bios" / "boot.pxe". */
export const PowerActionInput = z.union([z.number().int(), z.string().trim().min(1).max(64)]);

export const PowerCheckResult = z.object({
  devices: z.array(PowerDeviceStatus),
  /** Menu codes every device that answered allows now. */
  common: z.array(z.number().int()),
  /**
   * Menu codes at least one device that answered allows now or is already in (on, off): the
   * actions a bulk menu offers; devices already there end "already", the rest "skipped".
   */
  offered: z.array(z.number().int()).default([]),
  /** The selected devices that are this workstation (empty when none). */
  self: z.array(SelfDevice),
});
export type PowerCheckResult = z.infer<typeof PowerCheckResult>;

const ErrorValue = z.object({ code: z.string(), message: z.string() });
const ConsentTarget = { jobId: IdSchema, deviceId: IdSchema };

/** A device of a boot job that waits for the 6-digit code shown on its own screen. */
export const ConsentNeeded = z.object({
  ...ConsentTarget,
  name: z.string(),
  address: z.string(),
  /** Why the last code was refused, when the device asks again. */
  previous: ErrorValue.optional(),
});
export type ConsentNeeded = z.infer<typeof ConsentNeeded>;

/** What the device made of a code: accepted, or refused and whether it still takes another. */
export const ConsentCodeResult = z.object({
  accepted: z.boolean(),
  error: ErrorValue.optional(),
  canRetry: z.boolean().optional(),
});
export type ConsentCodeResult = z.infer<typeof ConsentCodeResult>;

/** Request channels of this domain. */
export const powerChannels = {
  'power.check': channel(z.object({ deviceIds: Ids }), PowerCheckResult),
  'power.request': channel(
    z.object({ deviceIds: Ids, state: PowerActionInput, confirmSelf: z.boolean().optional() }),
    JobSnapshot,
  ),
  'power.refresh': channel(z.object({ deviceIds: Ids }), JobSnapshot),
  'power.forgetPin': channel(z.object({ deviceId: IdSchema }), DeviceSchema),
  /**
   * Accepts that a device answers with a new identity (digest realm, UUID) after a
   * `device.identity-changed`: forgets the remembered ones so the next contact learns them again.
   */
  'power.acceptIdentity': channel(z.object({ deviceId: IdSchema }), DeviceSchema),
  /** The consent code a person read on a waiting device's screen. */
  'power.consentCode': channel(
    z.object({
      ...ConsentTarget,
      code: z
        .string()
        .trim()
        .regex(/^\d{6}$/, 'The consent code is 6 digits.'),
    }),
    ConsentCodeResult,
  ),
  /** Gives up on a waiting device: its consent request is withdrawn and it fails. */
  'power.consentCancel': channel(z.object(ConsentTarget), z.object({ cancelled: z.boolean() })),
} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main (progress goes through job.progress). */
export const powerEvents = {
  'power.consentNeeded': ConsentNeeded,
};
