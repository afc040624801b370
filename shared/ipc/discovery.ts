import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { IdSchema } from '../domain/common';
import { TlsModeSchema } from '../domain/device';
import { DiscoveredDeviceSchema, DiscoveredExpiryHoursSchema } from '../domain/discovered';
import { JobSnapshot } from './jobs';

/** Whether a Hello's device can be provisioned with one of the zone's certificates, and why. */
export const ProvisionMatchSchema = z.object({ canProvision: z.boolean(), reason: z.string() });

/** A discovered device as the Discovered screen shows it. */
export const DiscoveredRowSchema = DiscoveredDeviceSchema.extend({
  /** For devices that sent a Hello: can one of the zone's certificates provision it. */
  match: ProvisionMatchSchema.nullable(),
  /** The managed device at this address, if it was added already. */
  managedDeviceId: IdSchema.nullable(),
});
export type DiscoveredRow = z.infer<typeof DiscoveredRowSchema>;

/** The provisioning listener as the screen shows it. */
export const ListenerStatusSchema = z.object({
  running: z.boolean(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  received: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
  lastDropped: z.object({ source: z.string(), reason: z.string(), at: z.string() }).nullable(),
});
export type ListenerStatus = z.infer<typeof ListenerStatusSchema>;

const Addresses = z.array(z.string().min(1).max(255)).min(1).max(100_000);
const PortNumber = z.number().int().min(1).max(65535);

/** What a scan is given: targets as typed (ranges, CIDR blocks, hosts), and its settings. */
export const ScanRequestSchema = z.object({
  targets: z.string().min(1, 'Enter at least one address, range or host.').max(100_000),
  ports: z.array(PortNumber).min(1).max(16).optional(),
  rmcpPort: PortNumber.optional(),
  concurrency: z.number().int().min(1).max(1024).optional(),
  timeoutMs: z.number().int().min(100).max(60_000).optional(),
});
export type ScanRequest = z.infer<typeof ScanRequestSchema>;

/** Request channels of discovery: scans, the Hello listener, and the discovered list. */
export const discoveryChannels = {
  'discovery.list': channel(
    z.undefined(),
    z.object({
      devices: z.array(DiscoveredRowSchema),
      expiryHours: DiscoveredExpiryHoursSchema,
      listener: ListenerStatusSchema,
    }),
  ),
  'discovery.scan': channel(ScanRequestSchema, JobSnapshot),
  'discovery.forget': channel(z.object({ addresses: Addresses }), z.object({ forgotten: z.number().int() })),
  'discovery.add': channel(
    z.object({
      addresses: Addresses,
      folderId: IdSchema.nullable(),
      credentialId: IdSchema.optional(),
      /** Omitted: TLS where the device offers it, else plain HTTP. */
      tlsMode: TlsModeSchema.optional(),
    }),
    z.object({
      added: z.number().int().nonnegative(),
      /** The managed devices made, in the order of the addresses that could be added. */
      deviceIds: z.array(IdSchema),
      problems: z.array(z.object({ address: z.string(), code: z.string(), message: z.string() })),
    }),
  ),
  'discovery.listenerStart': channel(
    z.object({ host: z.string().min(1).max(64).optional(), port: PortNumber.optional() }),
    ListenerStatusSchema,
  ),
  'discovery.listenerStop': channel(z.undefined(), ListenerStatusSchema),
  'discovery.setExpiry': channel(
    z.object({ hours: DiscoveredExpiryHoursSchema }),
    z.object({ expiryHours: DiscoveredExpiryHoursSchema }),
  ),
} satisfies Record<string, ChannelSpec>;

/** Events of discovery: the list changed (scan finding, Hello, expiry), and each Hello as it arrives. */
export const discoveryEvents = {
  'discovery.changed': z.object({ count: z.number().int().nonnegative() }),
  'discovery.hello': z.object({
    source: z.string(),
    uuid: z.string(),
    retry: z.number().int(),
    match: ProvisionMatchSchema,
  }),
};
