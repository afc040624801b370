/**
 * Puts setup.bin on a stick: check the file system is FAT, write into the root, flush, read back
 * and compare (setup-bin.md §9). prepareStick formats first, so setup.bin is the first file.
 */
import { OutbandError } from '../../shared/errors';
import { decodeSetupBin } from '../../shared/setupbin';
import { isFatFilesystem } from './drives';
import type { FatFlavour, StickTarget, TargetIdentity } from './targets';
import { throwIfAborted } from './tools';

/** The 8.3 name firmware looks for in the root (it matches case-insensitively). */
export const SETUP_BIN_NAME = 'setup.bin';
/** Volume label of a prepared stick; firmware ignores labels, people recognise it. */
export const STICK_LABEL = 'AMT_USB';

/** One step of a write. */
export interface WriteProgress {
  phase: 'check' | 'format' | 'write' | 'verify' | 'done';
  done: number;
  total: number;
}

/** Options of a write. */
export interface WriteOptions {
  signal?: AbortSignal;
  onProgress?: (p: WriteProgress) => void;
  /** Write even when the file system type cannot be told (never when it is known not to be FAT). */
  allowUnknownFilesystem?: boolean;
}

/** What was written. */
export interface WriteResult {
  target: string;
  file: string;
  bytes: number;
  verified: true;
  filesystem: string | null;
  /** setup.bin is the first entry of the root directory (what legacy BIOSes need). */
  firstFile: boolean;
}

/** Names the drive to be erased; it must match the target exactly. */
export type FormatConfirmation = TargetIdentity;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Throws `usb.not-setupbin` unless the bytes are a setup.bin firmware would accept the layout of. */
export function checkSetupBin(bytes: Uint8Array): void {
  const decoded = decodeSetupBin(bytes);
  if (!decoded.header || decoded.header.version === null || decoded.expectedSize !== bytes.length) {
    throw new OutbandError(
      'usb.not-setupbin',
      `Refusing to write: this is not a valid setup.bin (${decoded.problems[0] ?? 'unknown layout'}).`,
    );
  }
}

async function checkFilesystem(target: StickTarget, options: WriteOptions): Promise<string | null> {
  const fs = await target.filesystem(options.signal);
  if (fs !== null && !isFatFilesystem(fs)) {
    throw new OutbandError(
      'usb.not-fat',
      `${target.path} has a ${fs} file system; firmware reads setup.bin only from FAT (format the stick as FAT32 or FAT16).`,
    );
  }
  if (fs === null && !options.allowUnknownFilesystem) {
    throw new OutbandError(
      'usb.filesystem-unknown',
      `Cannot tell the file system of ${target.path}; firmware reads only FAT. Format the stick first.`,
    );
  }
  return fs;
}

/** Writes setup.bin into the root of a FAT target, flushes it, reads it back and compares. */
export async function writeSetupBin(
  target: StickTarget,
  bytes: Uint8Array,
  options: WriteOptions = {},
): Promise<WriteResult> {
  return writeSteps(target, bytes, options, 0, 4);
}

async function writeSteps(
  target: StickTarget,
  bytes: Uint8Array,
  options: WriteOptions,
  start: number,
  total: number,
): Promise<WriteResult> {
  const { signal, onProgress } = options;
  const step = (phase: WriteProgress['phase'], done: number): void =>
    onProgress?.({ phase, done: start + done, total });
  checkSetupBin(bytes);
  throwIfAborted(signal);
  step('check', 0);
  const filesystem = await checkFilesystem(target, options);
  throwIfAborted(signal);
  step('write', 1);
  try {
    await target.writeFile(SETUP_BIN_NAME, bytes, signal);
    throwIfAborted(signal);
  } catch (err) {
    if (signal?.aborted) {
      // A half-written setup.bin would be refused by firmware anyway; leave no such file behind.
      await target.removeFile(SETUP_BIN_NAME).catch(() => undefined);
      throw new OutbandError('job.cancelled', 'The write was cancelled; no setup.bin was left on the stick.');
    }
    throw err;
  }
  step('verify', 2);
  const back = await target.readFile(SETUP_BIN_NAME, signal);
  if (!sameBytes(back, bytes)) {
    throw new OutbandError(
      'usb.verify-failed',
      `setup.bin on ${target.path} reads back different from what was written (${back.length} of ${bytes.length} bytes); the stick may be failing.`,
    );
  }
  const entries = await target.rootEntries(signal);
  const firstFile = entries.length > 0 && entries[0].toLowerCase() === SETUP_BIN_NAME;
  step('done', 3);
  return { target: target.path, file: SETUP_BIN_NAME, bytes: bytes.length, verified: true, filesystem, firstFile };
}

/** Options of prepareStick. */
export interface PrepareOptions extends WriteOptions {
  /** Default fat32; fat16 for 2007-era BIOSes. */
  flavour?: FatFlavour;
}

const MiB = 1024 * 1024;
/** Size bounds mkfs.fat can fill with a healthy file system of each flavour. */
export const FAT_SIZE_LIMITS: Readonly<Record<FatFlavour, { min: number; max: number }>> = {
  fat32: { min: 40 * MiB, max: Number.MAX_SAFE_INTEGER },
  fat16: { min: 16 * MiB, max: 2047 * MiB },
};

/** Throws when a drive of `size` bytes cannot hold the chosen FAT flavour. */
export function checkFatSize(size: number | null, flavour: FatFlavour): void {
  if (size === null) return;
  const { min, max } = FAT_SIZE_LIMITS[flavour];
  if (size < min) {
    throw new OutbandError(
      'usb.too-small',
      `${flavour.toUpperCase()} needs at least ${min / MiB} MiB; this target has ${Math.floor(size / MiB)} MiB${flavour === 'fat32' ? ' (use fat16)' : ''}.`,
    );
  }
  if (size > max) {
    throw new OutbandError(
      'usb.too-large',
      `FAT16 holds at most 2 GiB; this target has ${(size / 1024 ** 3).toFixed(1)} GiB (use fat32).`,
    );
  }
}

/** Throws unless the confirmation names exactly the target's device, size and model. */
export async function checkConfirmation(target: StickTarget, confirm: FormatConfirmation | undefined): Promise<void> {
  const id = await target.identity();
  if (!confirm) {
    throw new OutbandError(
      'usb.confirmation-required',
      `Formatting erases everything on ${id.device} (${id.model}); an explicit confirmation is required.`,
    );
  }
  const differs = [
    confirm.device !== id.device ? 'device' : null,
    confirm.size !== id.size ? 'size' : null,
    confirm.model !== id.model ? 'model' : null,
  ].filter((x): x is string => x !== null);
  if (differs.length > 0) {
    // Names which parts differ, never the target's actual values: the confirmation must come
    // from what the person saw in the drive list, not from what an error message revealed.
    throw new OutbandError(
      'usb.confirmation-mismatch',
      `The confirmation does not match the target (${differs.join(', ')} differ${differs.length === 1 ? 's' : ''}); list the drives again and confirm what is there; nothing was erased.`,
    );
  }
}

/**
 * Formats the target FAT32/FAT16 with label AMT_USB, then writes setup.bin as its first file.
 * Only with a confirmation naming the device path, size and model of this very target.
 */
export async function prepareStick(
  target: StickTarget,
  bytes: Uint8Array,
  confirm: FormatConfirmation | undefined,
  options: PrepareOptions = {},
): Promise<WriteResult> {
  checkSetupBin(bytes);
  await checkConfirmation(target, confirm);
  const flavour = options.flavour ?? 'fat32';
  checkFatSize((await target.identity()).size, flavour);
  if (!target.format) {
    throw new OutbandError(
      'usb.cannot-format',
      `${target.path} is a mounted volume; format the whole drive (or an image) instead.`,
    );
  }
  throwIfAborted(options.signal);
  options.onProgress?.({ phase: 'format', done: 0, total: 5 });
  await target.format(flavour, STICK_LABEL, options.signal);
  const result = await writeSteps(target, bytes, { ...options, allowUnknownFilesystem: false }, 1, 5);
  if (!result.firstFile) {
    throw new OutbandError(
      'usb.not-first-file',
      `setup.bin is not the first file on the freshly formatted ${target.path}.`,
    );
  }
  return result;
}
