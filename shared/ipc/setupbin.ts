import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import type { SetupBinConfig, SetupBinOptions } from '../setupbin';

// Lengths here only keep requests bounded; the real checks are validateSetupBinConfig's.
const Text = z.string().max(512);
const Byte = z.number().int().min(0).max(255);

/** A certificate hash to add (2,8), as the wizard sends it. */
export const CertHashInput = z.object({
  name: z.string().max(64),
  algorithm: z.enum(['sha1', 'sha256', 'sha384']),
  hash: z
    .string()
    .regex(/^[0-9a-f]*$/, 'A hash is lower-case hex.')
    .max(96),
});

/** The settings of one record, as the MEBx-equivalent wizard builds them (SetupBinConfig). */
export const SetupBinConfigInput = z.object({
  currentMebxPassword: z.string().max(256),
  newMebxPassword: z.string().max(256).optional(),
  enableAmt: z.boolean().optional(),
  localFwUpdate: z.enum(['disabled', 'enabled', 'password-protected']).optional(),
  powerPackage: Text.optional(),
  pkiDnsSuffix: Text.optional(),
  fqdn: Text.optional(),
  remoteConfiguration: z.boolean().optional(),
  preinstalledCertHashes: z.boolean().optional(),
  userDefinedCertHashes: z.enum(['disabled', 'enabled', 'delete']).optional(),
  certificateHashes: z.array(CertHashInput).max(16).optional(),
  solIder: Byte.optional(),
  hostname: Text.optional(),
  domain: Text.optional(),
  dhcp: z.boolean().optional(),
  idleTimeout: z.number().int().min(0).max(0xffffffff).optional(),
  provisioningServer: Text.optional(),
  provisioningServerPort: z.number().int().min(0).max(0xffff).optional(),
  staticIpv4: z
    .object({
      address: Text,
      mask: Text,
      gateway: Text,
      primaryDns: Text,
      secondaryDns: Text.optional(),
    })
    .optional(),
  sharedFqdn: z.boolean().optional(),
  kvm: z.boolean().optional(),
  userConsent: z.enum(['none', 'kvm', 'all']).optional(),
  remoteItConsent: z.boolean().optional(),
  provisioning: z.enum(['start', 'halt']).optional(),
  manualSetup: z.boolean().optional(),
}) satisfies z.ZodType<SetupBinConfig>;

/** How the file is built (SetupBinOptions). */
export const SetupBinOptionsInput = z.object({
  version: z.enum(['1', '2', '2.1', '3', '4']).optional(),
  records: z.number().int().min(1).max(100_000).optional(),
  reusable: z.boolean().optional(),
  scramble: z.boolean().optional(),
  target: z.enum(['modern', 'legacy']).optional(),
}) satisfies z.ZodType<SetupBinOptions>;

/** What the wizard sends to have a file encoded. */
export const SetupBinRequest = z.object({ config: SetupBinConfigInput, options: SetupBinOptionsInput });
export type SetupBinRequest = z.infer<typeof SetupBinRequest>;

/** A certificate's hashes (lower-case hex) for the hash page. */
export const CertificateHashesView = z.object({
  subject: z.string(),
  sha1: z.string(),
  sha256: z.string(),
  sha384: z.string(),
});
export type CertificateHashesView = z.infer<typeof CertificateHashesView>;

/** The zone root, or why there is none. */
export const ZoneRootView = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    source: z.enum(['management-chain', 'zone-ca']),
    certificate: CertificateHashesView,
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
export type ZoneRootView = z.infer<typeof ZoneRootView>;

/** Request channels of setup.bin creation; no reply carries a password. */
export const setupbinChannels = {
  /** Encodes (validating again) and saves through the save dialog; path null when cancelled. */
  'setupbin.save': channel(
    SetupBinRequest,
    z.object({ path: z.string().nullable(), bytes: z.number().int().nonnegative() }),
  ),
  /** Hashes a certificate file (DER or PEM) sent as base64. */
  'setupbin.hashCertificate': channel(z.object({ base64: z.string().min(1).max(1_000_000) }), CertificateHashesView),
  /** The zone root certificate's hashes, when a zone CA (or management chain) exists. */
  'setupbin.zoneRoot': channel(z.undefined(), ZoneRootView),
} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main. */
export const setupbinEvents = {};
