import { z } from 'zod';
import { formatCsv } from './csv';
import type { CredentialMeta } from './credential';
import type { Device } from './device';
import { FirmwareInfoSchema, TlsModeSchema } from './device';
import { folderPath, type Folder } from './folder';

/** One device in an export: references by name (ids mean nothing elsewhere), never a secret. */
export const ExportedDeviceSchema = z.object({
  name: z.string(),
  address: z.string(),
  tlsMode: TlsModeSchema,
  port: z.number().int().optional(),
  tlsFingerprint: z.string().optional(),
  /** Plain HTTP chosen for this device alone (see Device.allowPlainHttp). */
  plainHttp: z.boolean().optional(),
  credential: z.string().optional(),
  tags: z.array(z.string()).default([]),
  folder: z.string().default(''),
  notes: z.string().default(''),
  firmware: FirmwareInfoSchema.optional(),
});
export type ExportedDevice = z.infer<typeof ExportedDeviceSchema>;

/** The JSON export file: a tagged, versioned envelope so import can recognise it. */
export const DeviceExportFileSchema = z.object({
  format: z.literal('outband-devices'),
  version: z.literal(1),
  exported: z.string(),
  devices: z.array(ExportedDeviceSchema),
});
export type DeviceExportFile = z.infer<typeof DeviceExportFileSchema>;

/** The CSV columns, in order; import reads back the first nine and `plainHttp`. */
export const DEVICE_CSV_COLUMNS = [
  'name',
  'address',
  'tls',
  'port',
  'credential',
  'tags',
  'folder',
  'notes',
  'fingerprint',
  'uuid',
  'amtVersion',
  'controlMode',
  'provisioningState',
  'amtHostName',
  'mac',
  'powerState',
  'lastSeen',
  'plainHttp',
] as const;

/** Maps devices to their export form, resolving folder paths and credential names. */
export function toExportedDevices(
  devices: readonly Device[],
  folders: readonly Folder[],
  credentials: readonly Pick<CredentialMeta, 'id' | 'name'>[],
): ExportedDevice[] {
  const credentialNames = new Map(credentials.map((c) => [c.id, c.name]));
  return devices.map((d) => {
    const out: ExportedDevice = {
      name: d.name,
      address: d.address,
      tlsMode: d.tlsMode,
      tags: [...d.tags],
      folder: folderPath(folders, d.folderId),
      notes: d.notes,
    };
    if (d.port !== undefined) out.port = d.port;
    if (d.tlsFingerprint) out.tlsFingerprint = d.tlsFingerprint;
    if (d.allowPlainHttp === true) out.plainHttp = true;
    const credential = d.credentialId ? credentialNames.get(d.credentialId) : undefined;
    if (credential) out.credential = credential;
    if (d.firmware) out.firmware = { ...d.firmware };
    return out;
  });
}

/** The devices as an Outband JSON export (pretty-printed, newline-terminated). */
export function formatDevicesJson(devices: readonly ExportedDevice[], exported: string): string {
  const file: DeviceExportFile = { format: 'outband-devices', version: 1, exported, devices: [...devices] };
  return JSON.stringify(file, null, 2) + '\n';
}

/** The devices as CSV with a header row that parseDeviceImport reads back. */
export function formatDevicesCsv(devices: readonly ExportedDevice[]): string {
  const rows = devices.map((d) => {
    const fw = d.firmware ?? {};
    return [
      d.name,
      d.address,
      d.tlsMode,
      d.port?.toString() ?? '',
      d.credential ?? '',
      d.tags.join(';'),
      d.folder,
      d.notes,
      d.tlsFingerprint ?? '',
      fw.uuid ?? '',
      fw.amtVersion ?? '',
      fw.controlMode ?? '',
      fw.provisioningState ?? '',
      fw.hostName ?? '',
      fw.mac ?? '',
      fw.powerState?.toString() ?? '',
      fw.lastSeen ?? '',
      d.plainHttp === true ? 'yes' : '',
    ];
  });
  return formatCsv([[...DEVICE_CSV_COLUMNS], ...rows]);
}
