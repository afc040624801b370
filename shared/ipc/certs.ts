import { z } from 'zod';
import { channel, type ChannelSpec } from './define';

// Every schema here describes public material only: certificates, hashes, CSRs, file paths.
// Private keys and passphrases never appear in a result (a PFX passphrase is an argument only).

export const HashAlgorithmSchema = z.enum(['md5', 'sha1', 'sha256', 'sha384']);

/** One digest spelled in every display form (shared/hash DescribedHash). */
export const DescribedHashSchema = z.object({
  algorithm: HashAlgorithmSchema,
  algorithmName: z.string(),
  byteLength: z.number().int().positive(),
  colon: z.string(),
  hexLower: z.string(),
  hexUpper: z.string(),
  mebx: z.string(),
});
export type DescribedHashValue = z.infer<typeof DescribedHashSchema>;

/** A certificate's MD5, SHA-1, SHA-256 and SHA-384 hashes. */
export const CertificateHashesSchema = z.object({
  md5: DescribedHashSchema,
  sha1: DescribedHashSchema,
  sha256: DescribedHashSchema,
  sha384: DescribedHashSchema,
});
export type CertificateHashesValue = z.infer<typeof CertificateHashesSchema>;

/** What Outband shows about a certificate it keeps. */
export const CertificateInfoSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  keyBits: z.number().int(),
  signatureAlgorithm: z.string(),
  selfSigned: z.boolean(),
  hashes: CertificateHashesSchema,
});
export type CertificateInfoValue = z.infer<typeof CertificateInfoSchema>;

/** How a certificate identifies itself to Intel AMT activation. */
export const AmtMarksSchema = z.object({
  extKeyUsage: z.array(z.string()).nullable(),
  serverAuth: z.boolean(),
  setupOid: z.boolean(),
  consoleOid: z.boolean(),
  setupOu: z.boolean(),
  dnsNames: z.array(z.string()),
});

/** The Intel AMT management certificate Outband holds. */
export const ManagementStatusSchema = z.object({
  certificate: CertificateInfoSchema,
  source: z.enum(['zone-ca', 'external']),
  fqdn: z.string().nullable(),
  marks: AmtMarksSchema,
  chain: z.array(CertificateInfoSchema),
  root: CertificateInfoSchema.nullable(),
});
export type ManagementStatusValue = z.infer<typeof ManagementStatusSchema>;

/** The root whose hash goes into AMT devices, or why there is none. */
export const RootHashesSchema = z.object({
  source: z.enum(['management-chain', 'zone-ca']),
  subject: z.string(),
  hashes: CertificateHashesSchema,
});
export type RootHashesValue = z.infer<typeof RootHashesSchema>;

export const CertWarningSchema = z.object({ code: z.string(), message: z.string() });
export type CertWarningValue = z.infer<typeof CertWarningSchema>;

/** Everything the certificates screen shows at once. */
export const CertsStatusSchema = z.object({
  zoneCa: CertificateInfoSchema.nullable(),
  management: ManagementStatusSchema.nullable(),
  pendingCsr: z.object({ subject: z.string(), pem: z.string() }).nullable(),
  root: RootHashesSchema.nullable(),
  /** Why there is no root hash (no zone CA, incomplete chain); null when there is one. */
  rootProblem: z.string().nullable(),
  /** Why the setup OID …1.2.3 goes in, and what the seed's …1.2.1 really is. */
  oidExplanation: z.string(),
  /** RSA key sizes main accepts, and the defaults it uses. */
  keySizes: z.array(z.number().int()),
  defaultZoneCaKeySize: z.number().int(),
});
export type CertsStatus = z.infer<typeof CertsStatusSchema>;

export const KeySizeSchema = z.union([z.literal(2048), z.literal(3072), z.literal(4096)]);

const SubjectText = z.string().trim().max(64);

/** Subject and key of a new zone root CA. */
export const CreateZoneCaArgs = z.object({
  commonName: SubjectText.min(1, 'The common name is required.'),
  organization: SubjectText.optional(),
  organizationalUnit: SubjectText.optional(),
  country: z
    .string()
    .trim()
    .regex(/^([A-Za-z]{2})?$/, 'The country is a two-letter code such as DE or US.')
    .optional(),
  keySize: KeySizeSchema,
  validityYears: z.number().int().min(1).max(50).optional(),
  replace: z.boolean().optional(),
});
export type CreateZoneCaArgs = z.input<typeof CreateZoneCaArgs>;

export const CreateManagementArgs = z.object({
  fqdn: z.string().trim().min(1, 'The provisioning server FQDN is required.').max(253),
  consoleOid: z.boolean(),
  keySize: KeySizeSchema.optional(),
  validityDays: z.number().int().min(1).max(3650).optional(),
  replace: z.boolean().optional(),
});
export type CreateManagementArgs = z.input<typeof CreateManagementArgs>;

export const CsrArgs = z.object({
  isCA: z.boolean(),
  type: z.enum(['rsa-2048', 'rsa-3072', 'rsa-4096']),
  country: z.string().trim().min(1),
  state: z.string().trim().min(1),
  organization: z.string().trim().min(1),
  organizationalUnit: z.string().trim().optional(),
  commonName: z.string().trim().min(1),
  consoleOid: z.boolean().optional(),
});
export type CsrArgs = z.input<typeof CsrArgs>;

export const CsrResultSchema = z.object({
  pem: z.string(),
  subject: z.string(),
  keyBits: z.number().int(),
  warnings: z.array(CertWarningSchema),
});

// A certificate file is a few kilobytes; a bundle with its chain stays far below this.
const MAX_FILE_BASE64 = 1_400_000;
const MAX_PEM = 1_000_000;

/** A certificate as pasted PEM text or as a picked file's bytes (base64). */
export const CertificateInput = z.union([
  z.object({ pem: z.string().min(1).max(MAX_PEM) }),
  z.object({
    base64: z
      .string()
      .min(1)
      .max(MAX_FILE_BASE64)
      .regex(/^[A-Za-z0-9+/=\s]*$/, 'Not base64.'),
  }),
]);
export type CertificateInput = z.input<typeof CertificateInput>;

export const ExportManagementArgs = z.discriminatedUnion('format', [
  z.object({ format: z.literal('pem') }),
  z.object({ format: z.literal('der') }),
  z.object({ format: z.literal('pfx'), passphrase: z.string().min(4).max(1024) }),
]);
export type ExportManagementArgs = z.input<typeof ExportManagementArgs>;

/** Where a file was saved, or null when the user cancelled the save dialog. */
export const SavedSchema = z.object({ path: z.string().nullable() });

/** Subject, issuer, validity and hashes of any certificate file. */
export const CertificateSummarySchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  selfSigned: z.boolean(),
  hashes: CertificateHashesSchema,
});
export type CertificateSummaryValue = z.infer<typeof CertificateSummarySchema>;

/** A device that may still trust the current zone root (seed 3.2.7 step 0). */
export const ZoneChangeDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  /** `provisioned` (post), `in-provisioning` (in), or `unknown` (firmware never read). */
  state: z.enum(['provisioned', 'in-provisioning', 'unknown']),
  controlMode: z.string().nullable(),
  lastSeen: z.string().nullable(),
});
export type ZoneChangeDevice = z.infer<typeof ZoneChangeDeviceSchema>;

export const ZoneChangeCheckSchema = z.object({
  /** False when Outband has no device list to consult. */
  devicesAvailable: z.boolean(),
  /** Devices that are provisioned, or whose state was never read. */
  devices: z.array(ZoneChangeDeviceSchema),
  /** How many devices Outband knows in all. */
  total: z.number().int().nonnegative(),
});
export type ZoneChangeCheck = z.infer<typeof ZoneChangeCheckSchema>;

const Confirm = z.object({ confirm: z.literal(true) });

/** Request channels of the certificates domain. */
export const certsChannels = {
  'certs.status': channel(z.undefined(), CertsStatusSchema),
  'certs.createZoneCa': channel(CreateZoneCaArgs, CertificateInfoSchema),
  'certs.deleteZoneCa': channel(Confirm, z.object({ deleted: z.boolean() })),
  'certs.exportZoneCa': channel(z.object({ format: z.enum(['pem', 'der']) }), SavedSchema),
  'certs.createManagement': channel(CreateManagementArgs, ManagementStatusSchema),
  'certs.deleteManagement': channel(Confirm, z.object({ deleted: z.boolean() })),
  'certs.exportManagement': channel(ExportManagementArgs, SavedSchema),
  'certs.createCsr': channel(CsrArgs, CsrResultSchema),
  'certs.saveCsr': channel(z.undefined(), SavedSchema),
  'certs.discardCsr': channel(Confirm, z.object({ discarded: z.boolean() })),
  'certs.importManagement': channel(
    CertificateInput,
    z.object({ management: ManagementStatusSchema, warnings: z.array(CertWarningSchema) }),
  ),
  'certs.hashFile': channel(CertificateInput, CertificateSummarySchema),
  'certs.zoneChangeCheck': channel(z.undefined(), ZoneChangeCheckSchema),
} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main (none: every certificate operation answers its request). */
export const certsEvents = {};
