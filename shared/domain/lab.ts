import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';
import { PortSchema } from './device';

/** The folder the lab's devices are put in; its name says they are simulated. */
export const LAB_FOLDER_NAME = 'Lab (simulated)';
/** The vault credential the lab's devices use; its password is made up at the lab's first start. */
export const LAB_CREDENTIAL_NAME = 'Lab (simulated)';

/**
 * lab.json: whether the simulated lab runs, and what it made. The lab's TLS key is in the OS
 * keychain, never here; the certificate is public and kept so pins survive a restart.
 */
export const LabDocSchema = z.object({
  schemaVersion: z.literal(1),
  /** The user had the lab on: it starts again with the app while its folder exists. */
  enabled: z.boolean().default(false),
  folderId: IdSchema.optional(),
  credentialId: IdSchema.optional(),
  /** The managed device made for each lab profile, by profile key. */
  devices: z.record(z.string().max(64), IdSchema).default({}),
  /** The loopback port each lab profile listened on last, by profile key. */
  ports: z.record(z.string().max(64), PortSchema).default({}),
  /** The lab devices' shared self-signed certificate (PEM); its key is in the keychain. */
  certPem: z.string().max(16_384).optional(),
  lastStarted: TimestampSchema.optional(),
});
export type LabDoc = z.infer<typeof LabDocSchema>;

/** One lab device as the app shows it. */
export const LabDeviceStatusSchema = z.object({
  key: z.string(),
  summary: z.string(),
  tls: z.boolean(),
  amtVersion: z.string(),
  controlMode: z.enum(['admin', 'client']),
  /** The managed device made for it (null for a setup-mode device, which discovery finds). */
  deviceId: IdSchema.nullable(),
  /** host:port while the lab runs, else null. */
  endpoint: z.string().nullable(),
});
export type LabDeviceStatus = z.infer<typeof LabDeviceStatusSchema>;

/** The lab as the app shows it. */
export const LabStatusSchema = z.object({
  running: z.boolean(),
  enabled: z.boolean(),
  /** The loopback address the lab listens on while it runs. */
  host: z.string().nullable(),
  folderId: IdSchema.nullable(),
  credentialId: IdSchema.nullable(),
  devices: z.array(LabDeviceStatusSchema),
  /** Why the lab could not start the last time it tried, if it could not. */
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type LabStatus = z.infer<typeof LabStatusSchema>;
