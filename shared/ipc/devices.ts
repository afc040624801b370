import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { IdSchema, NameSchema } from '../domain/common';
import { DeviceInputSchema, DevicePatchSchema, DeviceSchema, TlsModeSchema } from '../domain/device';
import { FolderSchema } from '../domain/folder';
import { ZoneSettingsSchema } from '../domain/zone';

/** One row of an import as read from the text, with its own errors (empty when it can be added). */
export const ImportRowSchema = z.object({
  line: z.number().int(),
  name: z.string(),
  address: z.string(),
  tlsMode: TlsModeSchema.optional(),
  port: z.number().int().optional(),
  credentialName: z.string().optional(),
  tags: z.array(z.string()),
  folderPath: z.string().optional(),
  notes: z.string().optional(),
  tlsFingerprint: z.string().optional(),
  allowPlainHttp: z.boolean().optional(),
  errors: z.array(z.string()),
});
export type ImportRow = z.infer<typeof ImportRowSchema>;

/** What an import would do (preview) or did (apply): every row, whole-input errors, and how many were added. */
export const ImportReportSchema = z.object({
  format: z.enum(['csv', 'list', 'json']),
  columns: z.array(z.string()),
  ignoredColumns: z.array(z.string()),
  rows: z.array(ImportRowSchema),
  errors: z.array(z.string()),
  added: z.number().int().nonnegative(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** A credential as the device picker shows it: never a password. */
export const CredentialChoiceSchema = z.object({ id: IdSchema, name: z.string(), loginName: z.string() });
export type CredentialChoice = z.infer<typeof CredentialChoiceSchema>;

const Ids = z.array(IdSchema).min(1).max(100_000);
/** Import text is capped so a mistaken huge paste fails clearly instead of stalling main. */
const ImportText = z.object({ text: z.string().max(20_000_000) });

/** Request channels of the zone, its folders and its devices. */
export const devicesChannels = {
  'zone.get': channel(z.undefined(), ZoneSettingsSchema),
  'zone.update': channel(
    z.object({ name: NameSchema.optional(), allowPlainHttp: z.boolean().optional() }),
    ZoneSettingsSchema,
  ),
  'folder.list': channel(z.undefined(), z.array(FolderSchema)),
  'folder.add': channel(z.object({ name: z.string(), parentId: IdSchema.nullable() }), FolderSchema),
  'folder.rename': channel(z.object({ id: IdSchema, name: z.string() }), FolderSchema),
  'folder.move': channel(z.object({ id: IdSchema, parentId: IdSchema.nullable() }), FolderSchema),
  'folder.remove': channel(
    z.object({ id: IdSchema, moveContentsUp: z.boolean().optional() }),
    z.object({ removed: z.literal(true) }),
  ),
  'device.list': channel(z.undefined(), z.array(DeviceSchema)),
  'device.add': channel(DeviceInputSchema, DeviceSchema),
  'device.update': channel(z.object({ id: IdSchema, patch: DevicePatchSchema }), DeviceSchema),
  'device.remove': channel(z.object({ ids: Ids }), z.object({ removed: z.number().int().nonnegative() })),
  'device.move': channel(
    z.object({ ids: Ids, folderId: IdSchema.nullable() }),
    z.object({ moved: z.number().int().nonnegative() }),
  ),
  'device.importPreview': channel(ImportText, ImportReportSchema),
  'device.import': channel(ImportText, ImportReportSchema),
  'device.export': channel(
    z.object({ format: z.enum(['csv', 'json']), ids: z.array(IdSchema).optional() }),
    z.object({ path: z.string().nullable(), count: z.number().int().nonnegative() }),
  ),
  'device.credentialChoices': channel(z.undefined(), z.array(CredentialChoiceSchema)),
} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main: none; the screen re-fetches after each change. */
export const devicesEvents = {};
