import { z } from 'zod';
import { channel, type ChannelSpec } from './define';
import { JobSnapshot } from './jobs';
import { SetupBinRequest } from './setupbin';

/** A drive as the stick writer lists it, with why it is refused or what to confirm. */
export const DriveView = z.object({
  device: z.string(),
  description: z.string(),
  size: z.number().nullable(),
  mountpoints: z.array(z.object({ path: z.string(), label: z.string().nullable(), filesystem: z.string().nullable() })),
  removable: z.boolean(),
  system: z.boolean(),
  readOnly: z.boolean(),
  virtual: z.boolean(),
  usb: z.boolean().nullable(),
  refusal: z.string().nullable(),
  needsConfirmation: z.string().nullable(),
});
export type DriveView = z.infer<typeof DriveView>;

/** The drive list and how it is kept fresh. */
export const DriveList = z.object({
  drives: z.array(DriveView),
  /** USB attach/detach events arrive (false: a slow poll only). */
  hotplug: z.boolean(),
  /** Image-file targets are accepted (test builds only). */
  imageTargets: z.boolean(),
});
export type DriveList = z.infer<typeof DriveList>;

/** What goes on the stick: the wizard's settings (encoded in main) or an opened file's bytes. */
export const WriteSource = z.discriminatedUnion('kind', [
  SetupBinRequest.extend({ kind: z.literal('config') }),
  z.object({ kind: z.literal('file'), base64: z.string().min(1).max(80_000_000), name: z.string().max(256) }),
]);
export type WriteSource = z.infer<typeof WriteSource>;

/** Where it goes: a listed drive, or (only when allowed) a FAT image file. */
export const WriteTarget = z.union([
  z.object({ device: z.string().min(1).max(1024) }),
  z.object({ imagePath: z.string().min(1).max(4096) }),
]);
export type WriteTarget = z.infer<typeof WriteTarget>;

/** Names the drive to erase; must match exactly what main sees. */
export const FormatConfirmationInput = z.object({
  device: z.string(),
  size: z.number().nullable(),
  model: z.string(),
});

/** Request channels of the stick writer. */
export const usbChannels = {
  /** Lists drives; the first call starts watching for attach and detach. */
  'usb.list': channel(z.undefined(), DriveList),
  /** Starts the write as a job (cancel with job.cancel); its item result says what was verified. */
  'usb.write': channel(
    z.object({
      source: WriteSource,
      target: WriteTarget,
      format: z.enum(['fat32', 'fat16']).optional(),
      confirmFormat: FormatConfirmationInput.optional(),
      /** The person confirmed a drive over 64 GB. */
      confirmLarge: z.boolean().optional(),
    }),
    JobSnapshot,
  ),
} satisfies Record<string, ChannelSpec>;

/** Events of this domain pushed by main. */
export const usbEvents = {
  'usb.drivesChanged': DriveList,
};
