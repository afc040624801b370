import { z } from 'zod';
import { validateAddress } from './address';
import { IdSchema, NameSchema, TimestampSchema } from './common';
import { isCanonicalFingerprint, normalizeFingerprint } from './fingerprint';

/** 'tls' speaks HTTPS on 16993; 'plain' speaks HTTP on 16992 where the user allows it. */
export const TlsModeSchema = z.enum(['tls', 'plain']);
export type TlsMode = z.infer<typeof TlsModeSchema>;

/** An address as stored: already validated and cleaned by validateAddress. */
export const AddressSchema = z.string().superRefine((value, ctx) => {
  const check = validateAddress(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.error });
  else if (check.address !== value)
    ctx.addIssue({ code: 'custom', message: `Store "${check.address}", not "${value}".` });
});

/** An address typed by a person: validated, then cleaned (trimmed, brackets removed, lower case). */
export const AddressInputSchema = z.string().transform((value, ctx) => {
  const check = validateAddress(value);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: check.error });
    return z.NEVER;
  }
  return check.address;
});

/** A pinned certificate fingerprint in canonical form. */
export const FingerprintSchema = z
  .string()
  .refine(isCanonicalFingerprint, 'Expected a SHA-256 fingerprint like AB:CD:…');

/** A fingerprint typed by a person, in any common spelling; turned into canonical form. */
export const FingerprintInputSchema = z.string().transform((value, ctx) => {
  const fp = normalizeFingerprint(value);
  if (!fp) {
    ctx.addIssue({ code: 'custom', message: 'A SHA-256 fingerprint is 64 hex digits (colons optional).' });
    return z.NEVER;
  }
  return fp;
});

export const PortSchema = z.number().int().min(1).max(65535);
export const TagSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((s) => !/[;,\r\n]/.test(s), 'A tag cannot contain ; , or a line break.');

/** AMT control mode as the firmware reports it. */
export const ControlModeSchema = z.enum(['none', 'client', 'admin']);
export type ControlMode = z.infer<typeof ControlModeSchema>;

/** AMT_SetupAndConfigurationService.ProvisioningState: 0 pre, 1 in, 2 post. */
export const ProvisioningStateSchema = z.enum(['pre', 'in', 'post']);
export type ProvisioningState = z.infer<typeof ProvisioningStateSchema>;

/** What was last read from the device's firmware; every field is what the device said, when it said it. */
export const FirmwareInfoSchema = z.object({
  uuid: z.string().max(64).optional(),
  amtVersion: z.string().max(32).optional(),
  controlMode: ControlModeSchema.optional(),
  provisioningState: ProvisioningStateSchema.optional(),
  hostName: z.string().max(255).optional(),
  mac: z.string().max(32).optional(),
  /**
   * The digest realm ("Digest:…") seen on the first contact: part of the device's identity. A
   * device that later answers with another realm fails with `device.identity-changed` until the
   * user accepts the new identity (which forgets this and the UUID, to be learnt again).
   */
  realm: z.string().max(128).optional(),
  /** The DMTF PowerState number (2 on, 8 off, 4 sleep, ...); shared power tables give it words. */
  powerState: z.number().int().optional(),
  lastSeen: TimestampSchema.optional(),
});
export type FirmwareInfo = z.infer<typeof FirmwareInfoSchema>;

/** "Intel AMT SMB Mode Settings" (seed 3.1.3): the address to reach and the vault credential to use. */
export const SmbSettingsSchema = z.object({
  address: AddressSchema,
  credentialId: IdSchema,
});
export type SmbSettings = z.infer<typeof SmbSettingsSchema>;

/** A managed AMT device. Secrets are never here: only a credential id pointing into the vault. */
export const DeviceSchema = z.object({
  id: IdSchema,
  name: NameSchema,
  address: AddressSchema,
  tlsMode: TlsModeSchema,
  /** Overrides 16993/16992 (a NAT, a simulator fleet on one address). */
  port: PortSchema.optional(),
  tlsFingerprint: FingerprintSchema.optional(),
  /** Allow the old TLS cipher suites of AMT 11/12 for this device only; off unless asked. */
  legacyTls: z.boolean().optional(),
  /**
   * Plain HTTP chosen for this device alone, in a zone that keeps to TLS: the per-device half of
   * "plain HTTP is an explicit choice" (the zone's allowPlainHttp is the per-zone half).
   */
  allowPlainHttp: z.literal(true).optional(),
  credentialId: IdSchema.optional(),
  tags: z.array(TagSchema).default([]),
  notes: z.string().max(4000).default(''),
  folderId: IdSchema.nullable().default(null),
  smb: SmbSettingsSchema.optional(),
  firmware: FirmwareInfoSchema.optional(),
  /** A device of the simulated lab (loopback only): shown as simulated wherever it appears. */
  simulated: z.literal(true).optional(),
  created: TimestampSchema,
  updated: TimestampSchema,
});
export type Device = z.infer<typeof DeviceSchema>;

/** What a person supplies to add a device; ids and timestamps are made by the service. */
export const DeviceInputSchema = z.object({
  name: NameSchema,
  address: AddressInputSchema,
  tlsMode: TlsModeSchema.optional(),
  port: PortSchema.optional(),
  tlsFingerprint: FingerprintInputSchema.optional(),
  legacyTls: z.boolean().optional(),
  /** Chooses plain HTTP for this device alone where the zone keeps to TLS (see DeviceSchema). */
  allowPlainHttp: z.boolean().optional(),
  credentialId: IdSchema.optional(),
  tags: z.array(TagSchema).optional(),
  notes: z.string().max(4000).optional(),
  folderId: IdSchema.nullable().optional(),
  smb: z.object({ address: AddressInputSchema, credentialId: IdSchema }).optional(),
});
export type DeviceInput = z.input<typeof DeviceInputSchema>;

/**
 * A pin can only be forgotten through an edit (null): the next contact then pins the certificate
 * it sees, and a later change is a mismatch. Typing a new pin over a stored one would skip that
 * check, so any string is refused. Typed `string | null` only so the edit form, which spreads its
 * DeviceInput (where a fingerprint may be given at add time), still fits; a string never passes.
 */
const ForgetPinSchema = z.null({
  error: 'A pinned fingerprint can only be forgotten (null); the next contact pins the certificate it sees.',
});

/** A change to an existing device; `null` clears an optional field. */
export const DevicePatchSchema = z.object({
  name: NameSchema.optional(),
  address: AddressInputSchema.optional(),
  tlsMode: TlsModeSchema.optional(),
  port: PortSchema.nullable().optional(),
  tlsFingerprint: ForgetPinSchema.optional(),
  legacyTls: z.boolean().optional(),
  allowPlainHttp: z.boolean().optional(),
  credentialId: IdSchema.nullable().optional(),
  tags: z.array(TagSchema).optional(),
  notes: z.string().max(4000).optional(),
  folderId: IdSchema.nullable().optional(),
  smb: z.object({ address: AddressInputSchema, credentialId: IdSchema }).nullable().optional(),
});
export type DevicePatch = z.input<typeof DevicePatchSchema>;

/** Whether a device talks plain HTTP (16992): digest replies and all data cross the network unencrypted. */
export function usesPlainHttp(device: Pick<Device, 'tlsMode'>): boolean {
  return device.tlsMode === 'plain';
}

/** The warning every device list (screen and `--json`) shows for a device on plain HTTP. */
export const PLAIN_HTTP_WARNING =
  'Plain HTTP: the digest exchange and everything read or sent cross the network unencrypted; switch to TLS when the device allows it.';
