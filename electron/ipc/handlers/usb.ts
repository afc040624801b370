import { stat } from 'node:fs/promises';
import { extname, isAbsolute } from 'node:path';
import type { Services } from '../../services';
import type { HandlersFor } from '../dispatch';
import type { DriveList, usbChannels, WriteSource, WriteTarget } from '../../../shared/ipc/usb';
import type { JobContext } from '../../jobs/job-runner';
import { OutbandError } from '../../../shared/errors';
import {
  checkConfirmation,
  checkSetupBin,
  deviceTargetForDrive,
  fatContainerTarget,
  findDrive,
  listDrives,
  mountedTargetForDrive,
  prepareStick,
  watchDrives,
  writeSetupBin,
  type DriveInfo,
  type DriveWatcher,
  type FatFlavour,
  type FormatConfirmation,
  type StickTarget,
  type WriteProgress,
  type WriteResult,
} from '../../usb';
import { ensureTargetExists } from '../../usb/targets';
import { encodeRequest, fromBase64 } from './setupbin';

/** Image-file targets exist for tests only: the e2e sets this variable in its own process. */
export function imageTargetsAllowed(): boolean {
  return process.env.OUTBAND_ALLOW_IMAGE_TARGETS === '1';
}

/**
 * An image target from the window must be an existing regular file named by an absolute path
 * ending in `.img`: never a device node, a relative path, or any other file Outband can reach.
 */
export async function checkImagePath(path: string): Promise<void> {
  if (!isAbsolute(path) || extname(path).toLowerCase() !== '.img') {
    throw new OutbandError('usb.bad-image-path', 'An image target must be an absolute path to a .img file.');
  }
  await ensureTargetExists(path);
  if (!(await stat(path)).isFile()) {
    throw new OutbandError('usb.bad-image-path', `${path} is not a regular file.`);
  }
}

/** The bytes to write: re-encoded from the wizard's settings, or an opened file checked as setup.bin. */
export function sourceBytes(source: WriteSource): Uint8Array {
  if (source.kind === 'config') return encodeRequest(source);
  const bytes = fromBase64(source.base64, 'setup.bin file');
  checkSetupBin(bytes);
  return bytes;
}

interface ResolvedTarget {
  target: StickTarget;
  label: string;
}

/** Finds the target a request names, refusing drives the writer must not touch. */
async function resolveTarget(
  target: WriteTarget,
  format: FatFlavour | undefined,
  confirmLarge: boolean,
  list: () => Promise<DriveInfo[]>,
): Promise<ResolvedTarget> {
  if ('imagePath' in target) {
    if (!imageTargetsAllowed()) {
      throw new OutbandError('usb.image-targets-disabled', 'Writing to an image file is only possible in test builds.');
    }
    await checkImagePath(target.imagePath);
    return { target: fatContainerTarget(target.imagePath, 'image'), label: target.imagePath };
  }
  const drive = findDrive(await list(), target.device);
  if (drive.refusal)
    throw new OutbandError('usb.refused', `Outband will not write to ${drive.device}: ${drive.refusal}.`);
  if (drive.needsConfirmation && !confirmLarge) {
    throw new OutbandError('usb.confirmation-required', `Confirm ${drive.device} first: ${drive.needsConfirmation}.`);
  }
  const label = `${drive.description} (${drive.device})`;
  return { target: format ? deviceTargetForDrive(drive, format) : mountedTargetForDrive(drive), label };
}

const PHASE_DONE: Readonly<Record<WriteProgress['phase'], string>> = {
  format: 'Formatted the stick',
  check: 'Checked the file system is FAT',
  write: 'Wrote setup.bin and flushed it',
  verify: 'Read setup.bin back and compared it',
  done: 'Done',
};

/** Reports each finished phase as a job item, so the Jobs panel shows the steps as they pass. */
function phaseReporter(ctx: JobContext): (p: WriteProgress) => void {
  let previous: WriteProgress['phase'] | null = null;
  return (p) => {
    if (ctx.signal.aborted) return;
    ctx.setTotal(p.total);
    if (previous) ctx.report({ key: `_usb-${previous}`, label: PHASE_DONE[previous], ok: true });
    previous = p.phase === 'done' ? null : p.phase;
  };
}

/** The sentence the job ends with: what was verified and where setup.bin sits. */
export function describeWrite(result: WriteResult): string {
  const fs = result.filesystem ? ` on ${result.filesystem}` : '';
  const first = result.firstFile
    ? 'setup.bin is the first file in the root directory'
    : 'setup.bin is NOT the first file in the root directory (old BIOSes need that: format the stick first)';
  return `Verified: ${result.bytes} bytes read back identical from ${result.target}${fs}; ${first}.`;
}

/** The handlers of the usb channels; the drive watcher starts with the first list and lives with them. */
export function createUsbHandlers(services: Services): HandlersFor<keyof typeof usbChannels> {
  let watcher: Promise<DriveWatcher> | null = null;
  let hotplug = false;
  const view = (drives: DriveInfo[]): DriveList => ({ drives, hotplug, imageTargets: imageTargetsAllowed() });

  const startWatching = (): void => {
    if (watcher) return;
    services.onClose.push(async () => (await watcher)?.stop());
    watcher = watchDrives({
      list: listDrives,
      onChange: (drives) => services.env.emit('usb.drivesChanged', view(drives)),
      onError: (err) => services.env.log(`usb: ${err instanceof Error ? err.message : String(err)}`),
    }).then((w) => {
      hotplug = w.hotplug;
      return w;
    });
  };

  return {
    'usb.list': async () => {
      startWatching();
      const drives = await listDrives();
      await watcher;
      return view(drives);
    },
    'usb.write': async ({ source, target, format, confirmFormat, confirmLarge }) => {
      const bytes = sourceBytes(source);
      const { target: stick, label } = await resolveTarget(target, format, confirmLarge === true, listDrives);
      const confirm: FormatConfirmation | undefined = confirmFormat;
      // Checked before the job starts, so a wrong or missing confirmation erases nothing and says so at once.
      if (format) await checkConfirmation(stick, confirm);
      return services.jobs.start({
        kind: 'usb.write',
        title: `${format ? `Format (${format.toUpperCase()}) and write` : 'Write'} setup.bin to ${label}`,
        total: format ? 5 : 4,
        run: async (ctx) => {
          const onProgress = phaseReporter(ctx);
          const options = { signal: ctx.signal, onProgress };
          const result = format
            ? await prepareStick(stick, bytes, confirm, { ...options, flavour: format })
            : await writeSetupBin(stick, bytes, options);
          ctx.report({ key: '_usb-result', label: 'setup.bin verified', ok: true, detail: describeWrite(result) });
        },
      });
    },
  };
}
