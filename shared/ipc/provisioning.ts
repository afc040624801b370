import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { IdSchema, NameSchema } from '../domain/common';
import { JobSnapshot } from './jobs';

const Ids = z.array(IdSchema).min(1).max(10_000);
const Port = z.number().int().min(1).max(65535);
const HostLabel = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, 'A host name is letters, digits and hyphens (up to 63).');
const DomainName = z
  .string()
  .trim()
  .max(192)
  .regex(/^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/, 'A domain name is labels separated by dots.');

/**
 * An external provisioning certificate and its key, as files the person chose in main's open
 * dialog (provision.pickFile): main reads them; their content never reaches the renderer.
 */
export const ExternalCertificateSchema = z.object({
  certificateToken: z.string().uuid(),
  keyToken: z.string().uuid(),
});

/** Provision discovered devices in setup mode. */
export const ProvisionRequestSchema = z.object({
  addresses: z.array(z.string().min(1).max(255)).min(1).max(1000),
  credentialId: IdSchema,
  external: ExternalCertificateSchema.optional(),
  /** Only for one device: its AMT host name. */
  hostName: HostLabel.optional(),
  domainName: DomainName.optional(),
  folderId: IdSchema.nullable(),
  /** The connect-back port when it is not 16993 (a NAT, a simulator). */
  port: Port.optional(),
});
export type ProvisionRequest = z.infer<typeof ProvisionRequestSchema>;

/** One step of one device, as it happens. */
export const ProvisionStepEvent = z.object({
  jobId: z.string(),
  /** The device's address (provision) or id (adopt, unprovision). */
  key: z.string(),
  step: z.string(),
  label: z.string(),
  state: z.enum(['running', 'done', 'failed', 'skipped']),
  detail: z.string().optional(),
});
export type ProvisionStepEvent = z.infer<typeof ProvisionStepEvent>;

/** Request channels of provisioning, adoption and unprovisioning; each starts a job. */
export const provisioningChannels = {
  'provision.start': channel(ProvisionRequestSchema, JobSnapshot),
  /** Opens main's file dialog for the external certificate or key; answers a token and the file's name. */
  'provision.pickFile': channel(
    z.object({ purpose: z.enum(['certificate', 'key']) }),
    z.object({ token: z.string(), name: z.string() }).nullable(),
  ),
  'provision.adopt': channel(
    z.object({
      deviceIds: Ids,
      tls: z.boolean(),
      tlsPort: Port.optional(),
      /** Name of a new vault credential to rotate the admin password into (one device only). */
      rotateTo: NameSchema.optional(),
    }),
    JobSnapshot,
  ),
  'provision.unprovision': channel(z.object({ deviceIds: Ids, deleteOnFailure: z.boolean() }), JobSnapshot),
} satisfies Record<string, ChannelSpec>;

/** Events: each step of each device. */
export const provisioningEvents = {
  'provision.step': ProvisionStepEvent,
};
