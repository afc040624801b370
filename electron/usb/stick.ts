/**
 * Targets for real drives: a mounted volume for a plain write, the whole device for formatting.
 * Formatting is implemented with dosfstools on Linux; macOS and Windows get the documented
 * command to run by hand, because their tools need an administrator's own confirmation.
 */
import { OutbandError } from '../../shared/errors';
import type { DriveInfo } from './drives';
import { fatContainerTarget, volumeTarget, type FatFlavour, type StickTarget } from './targets';
import { runTool } from './tools';
import { STICK_LABEL } from './writer';

/** The command that formats a drive on each platform (shown to people on macOS and Windows). */
export function platformFormatCommand(
  device: string,
  flavour: FatFlavour,
  platform: NodeJS.Platform = process.platform,
): string {
  const fat = flavour === 'fat32' ? '32' : '16';
  if (platform === 'darwin') return `diskutil eraseDisk FAT${fat} ${STICK_LABEL} MBRFormat ${device}`;
  if (platform === 'win32') return `format ${device} /FS:FAT${flavour === 'fat32' ? '32' : ''} /V:${STICK_LABEL} /Q`;
  return `mkfs.fat -F ${fat} -I -n ${STICK_LABEL} ${device}`;
}

/** The target for writing setup.bin onto a drive's first mounted volume. */
export function mountedTargetForDrive(drive: DriveInfo): StickTarget {
  const mount = drive.mountpoints[0];
  if (!mount) {
    throw new OutbandError(
      'usb.not-mounted',
      `${drive.device} has no mounted volume: mount it, or format it with --format.`,
    );
  }
  return volumeTarget(mount.path, drive.description);
}

/** The whole-device target used to format a drive (Linux only; others print the command). */
export function deviceTargetForDrive(drive: DriveInfo, flavour: FatFlavour = 'fat32'): StickTarget {
  if (process.platform !== 'linux') {
    throw new OutbandError(
      'usb.format-unsupported',
      `Formatting from Outband works on Linux only. Run \`${platformFormatCommand(drive.device, flavour)}\`, then write without --format.`,
    );
  }
  return fatContainerTarget(drive.device, 'device', {
    model: drive.description,
    size: drive.size,
    beforeFormat: async (signal) => {
      for (const m of drive.mountpoints) await runTool('umount', [m.path], { signal });
    },
  });
}
