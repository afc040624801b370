/**
 * Drive listing for the stick writer: drivelist's view of the machine's disks, with the file
 * system of each mount and a verdict per drive on whether Outband may write to it.
 */
import { OutbandError } from '../../shared/errors';
import { filesystemsOfMounts } from './mounts';

/** A mounted volume of a drive. */
export interface DriveMount {
  path: string;
  label: string | null;
  /** File system type as the OS names it (`vfat`, `msdos`, `FAT32`, ...), null if unknown. */
  filesystem: string | null;
}

/** One drive as the writer sees it. */
export interface DriveInfo {
  device: string;
  description: string;
  size: number | null;
  mountpoints: DriveMount[];
  removable: boolean;
  system: boolean;
  readOnly: boolean;
  virtual: boolean;
  usb: boolean | null;
  /** Why Outband will not write to this drive; null when it may. */
  refusal: string | null;
  /** What the person must confirm first (a large drive); null when nothing. */
  needsConfirmation: string | null;
}

/** The drivelist fields the writer reads (drivelist's Drive type, loosened for tests). */
export interface RawDrive {
  device: string;
  raw?: string;
  description?: string | null;
  size?: number | null;
  mountpoints?: { path: string; label?: string | null }[];
  isRemovable?: boolean | null;
  isSystem?: boolean | null;
  isReadOnly?: boolean | null;
  isVirtual?: boolean | null;
  isUSB?: boolean | null;
  error?: unknown;
}

/** Drives above this size are rarely USB sticks: writing to them needs a confirmation. */
export const LARGE_DRIVE_BYTES = 64 * 1000 ** 3;

/** Decides whether a drive may be written to: a refusal reason, or a confirmation to ask for. */
export function assessDrive(d: RawDrive): Pick<DriveInfo, 'refusal' | 'needsConfirmation'> {
  let refusal: string | null = null;
  if (d.isSystem) refusal = 'it is a system drive (it holds the running operating system)';
  else if (d.isVirtual) refusal = 'it is a virtual device, not a USB stick';
  else if (!d.isRemovable && !d.isUSB) refusal = 'it is not a removable drive';
  else if (d.isReadOnly) refusal = 'it is read-only (write-protected); firmware must be able to write to setup.bin';
  const needsConfirmation =
    refusal === null && d.size != null && d.size > LARGE_DRIVE_BYTES
      ? `it is larger than 64 GB (${(d.size / 1000 ** 3).toFixed(1)} GB): make sure it is the USB stick you mean`
      : null;
  return { refusal, needsConfirmation };
}

/** Turns a drivelist entry into a DriveInfo, with file systems from `filesystems` (mount path → type). */
export function toDriveInfo(d: RawDrive, filesystems: ReadonlyMap<string, string> = new Map()): DriveInfo {
  return {
    device: d.device,
    description: d.description?.trim() || d.device,
    size: d.size ?? null,
    mountpoints: (d.mountpoints ?? []).map((m) => ({
      path: m.path,
      label: m.label ?? null,
      filesystem: filesystems.get(m.path) ?? null,
    })),
    removable: d.isRemovable === true,
    system: d.isSystem === true,
    readOnly: d.isReadOnly === true,
    virtual: d.isVirtual === true,
    usb: d.isUSB ?? null,
    ...assessDrive(d),
  };
}

/** Lists the machine's drives with a verdict for each (drivelist; mount table for file systems). */
export async function listDrives(): Promise<DriveInfo[]> {
  let raw: RawDrive[];
  try {
    const drivelist = await import('drivelist');
    raw = await drivelist.list();
  } catch (err) {
    throw new OutbandError(
      'usb.list-failed',
      `Cannot list drives: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const paths = raw.flatMap((d) => (d.mountpoints ?? []).map((m) => m.path));
  const filesystems = await filesystemsOfMounts(paths);
  return raw.map((d) => toDriveInfo(d, filesystems));
}

/** Finds a drive by its device path (or drivelist's raw path). */
export function findDrive(drives: readonly DriveInfo[], device: string): DriveInfo {
  const found = drives.find((d) => d.device === device);
  if (!found) {
    throw new OutbandError(
      'usb.drive-not-found',
      `No drive ${device}; \`outband usb list\` shows the drives this machine has.`,
    );
  }
  return found;
}

/** True for the file system names FAT volumes get on Linux, macOS and Windows. */
export function isFatFilesystem(type: string | null): boolean {
  return type !== null && /^(vfat|msdos|fat|fat12|fat16|fat32|umsdos)$/i.test(type.trim());
}
