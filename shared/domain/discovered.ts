import { z } from 'zod';
import { TimestampSchema } from './common';
import { AddressSchema, ProvisioningStateSchema } from './device';

/** How a device was found: a network scan answered, or it sent a Hello to the listener. */
export const DiscoveryViaSchema = z.enum(['scan', 'hello']);
export type DiscoveryVia = z.infer<typeof DiscoveryViaSchema>;

/** A trusted-root hash a device listed in its Hello. */
export const HelloHashSchema = z.object({
  alg: z.enum(['sha1', 'sha256', 'sha384']),
  /** Lower-case hex. */
  hex: z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{96})$/),
});
export type HelloHash = z.infer<typeof HelloHashSchema>;

/** What the last Hello of a device in setup mode said (provisioning.md §4). */
export const HelloInfoSchema = z.object({
  version: z.number().int(),
  retry: z.number().int().nonnegative(),
  adminCredentialsSet: z.boolean(),
  hashes: z.array(HelloHashSchema).max(255),
  at: TimestampSchema,
});
export type HelloInfo = z.infer<typeof HelloInfoSchema>;

/** A device seen by discovery and not (yet) managed; kept apart from managed devices and expires. */
export const DiscoveredDeviceSchema = z.object({
  address: AddressSchema,
  /** The host name it was scanned by, when the target was a name. */
  name: z.string().max(253).optional(),
  uuid: z.string().max(64).optional(),
  amtVersion: z.string().max(32).optional(),
  provisioningState: ProvisioningStateSchema.optional(),
  /** TLS offered (16993 open, or the presence pong says so). */
  tls: z.boolean().optional(),
  /** AMT ports that answered the probe. */
  ports: z.array(z.number().int().min(1).max(65535)).max(16).default([]),
  via: z.array(DiscoveryViaSchema).min(1),
  hello: HelloInfoSchema.optional(),
  firstSeen: TimestampSchema,
  lastSeen: TimestampSchema,
});
export type DiscoveredDevice = z.infer<typeof DiscoveredDeviceSchema>;

/** How long discovered devices are kept after they were last seen (seed: 12 hours, or one day). */
export const DEFAULT_DISCOVERED_EXPIRY_HOURS = 12;
export const DiscoveredExpiryHoursSchema = z
  .number()
  .int()
  .min(1)
  .max(24 * 30);

/** Whether a Hello's device can be provisioned with one of the zone's certificates. */
export interface ProvisionMatch {
  canProvision: boolean;
  /** Readable: which certificate matched, or what to add to the device. */
  reason: string;
}
