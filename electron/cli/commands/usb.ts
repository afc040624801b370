/**
 * `outband usb list|write`: list drives with the writer's verdict, and put a setup.bin on a
 * stick (or a FAT image), optionally formatting it first after an explicit --yes.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { OutbandError } from '../../../shared/errors';
import { cliAction, out, printJson } from '../output';
import {
  checkFatSize,
  checkSetupBin,
  deviceTargetForDrive,
  fatContainerTarget,
  findDrive,
  listDrives,
  mountedTargetForDrive,
  prepareStick,
  writeSetupBin,
  type DriveInfo,
  type FatFlavour,
  type StickTarget,
  type WriteProgress,
  type WriteResult,
} from '../../usb';

interface WriteCommandOptions {
  drive?: string;
  image?: string;
  imageSize?: number;
  format?: FatFlavour;
  yes?: boolean;
  json?: boolean;
}

const gb = (n: number | null): string => (n === null ? '?' : `${(n / 1000 ** 3).toFixed(1)} GB`);

/** One line per drive for `usb list`. */
export function driveLine(d: DriveInfo): string {
  const mounts =
    d.mountpoints.map((m) => `${m.path}${m.filesystem ? ` (${m.filesystem})` : ''}`).join(', ') || 'not mounted';
  const verdict = d.refusal
    ? `refused: ${d.refusal}`
    : d.needsConfirmation
      ? `needs --yes: ${d.needsConfirmation}`
      : 'ok';
  return `${d.device}  ${gb(d.size)}  ${d.description}  [${mounts}]  ${verdict}`;
}

async function list(o: { json?: boolean }): Promise<void> {
  const drives = await listDrives();
  if (o.json) printJson(drives);
  else out(drives.length ? drives.map(driveLine).join('\n') : 'No drives found.');
}

/** Creates a sparse image file for --image when formatting a new one. */
async function ensureImage(path: string, sizeMiB: number, flavour: FatFlavour | undefined): Promise<void> {
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (exists) return;
  if (!flavour)
    throw new OutbandError('usb.target-missing', `${path} does not exist; add --format to create a new image.`);
  checkFatSize(sizeMiB * 1024 * 1024, flavour);
  await writeFile(path, new Uint8Array(0), { flag: 'wx' });
  await truncate(path, sizeMiB * 1024 * 1024);
}

function refuseFormatWithoutYes(o: WriteCommandOptions, what: string): void {
  if (o.format && !o.yes) {
    throw new OutbandError('usb.confirmation-required', `--format erases everything on ${what}; add --yes to confirm.`);
  }
}

/** Picks the target and whether to format it; checks the drive rules first. */
async function targetFor(o: WriteCommandOptions): Promise<{ target: StickTarget; label: string }> {
  if (o.image && o.drive) throw new OutbandError('cli.bad-option', 'Use --drive or --image, not both.');
  if (o.image) {
    refuseFormatWithoutYes(o, o.image);
    await ensureImage(o.image, o.imageSize ?? 64, o.format);
    return { target: fatContainerTarget(o.image, 'image'), label: o.image };
  }
  if (!o.drive)
    throw new OutbandError(
      'cli.bad-option',
      'Name the stick with --drive DEVICE (see `outband usb list`) or an image with --image PATH.',
    );
  const drive = findDrive(await listDrives(), o.drive);
  if (drive.refusal)
    throw new OutbandError(
      'usb.drive-refused',
      `Refusing to write to ${drive.device} (${drive.description}): ${drive.refusal}.`,
    );
  if (drive.needsConfirmation && !o.yes)
    throw new OutbandError(
      'usb.confirmation-required',
      `${drive.device} ${drive.needsConfirmation}; add --yes to go on.`,
    );
  refuseFormatWithoutYes(o, `${drive.device} (${drive.description}, ${gb(drive.size)})`);
  const target = o.format ? deviceTargetForDrive(drive, o.format) : mountedTargetForDrive(drive);
  return { target, label: `${drive.device} (${drive.description})` };
}

function progressPrinter(): ((p: WriteProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (p) => process.stderr.write(`[${p.done}/${p.total}] ${p.phase}\n`);
}

async function write(file: string, o: WriteCommandOptions): Promise<void> {
  const bytes = new Uint8Array(
    await readFile(file).catch(() => {
      throw new OutbandError('usb.file-unreadable', `Cannot read ${file}.`);
    }),
  );
  checkSetupBin(bytes); // before any image is created or any drive touched
  const { target, label } = await targetFor(o);
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let result: WriteResult;
  try {
    const options = { signal: controller.signal, onProgress: progressPrinter(), flavour: o.format };
    // The confirmation is the identity the person just agreed to with --yes.
    result = o.format
      ? await prepareStick(target, bytes, await target.identity(), options)
      : await writeSetupBin(target, bytes, options);
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (o.json) printJson(result);
  else {
    const first = result.firstFile
      ? 'it is the first file'
      : 'note: it is not the first file (older BIOSes need that; use --format)';
    out(
      `setup.bin written to ${label} and verified: ${result.bytes} bytes on ${result.filesystem ?? 'FAT'}; ${first}.`,
    );
  }
}

/** Registers `usb list` and `usb write` on the root program. */
export function registerUsbCommands(program: Command): void {
  const group = program.command('usb').description('USB provisioning sticks: list drives, write setup.bin');
  group
    .command('list')
    .description('list drives and whether setup.bin may be written to them')
    .option('--json', 'print JSON')
    .action(cliAction(list));
  group
    .command('write <file>')
    .description('write a setup.bin to the root of a FAT stick (or image), flush and verify it')
    .option('--drive <device>', 'device path from `outband usb list`')
    .option('--image <path>', 'a FAT disk image file instead of a drive (written with mtools)')
    .option('--image-size <MiB>', 'size of a new image created with --format (default 64)', (v: string) => {
      if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('Use a whole number of MiB.');
      return Number(v);
    })
    .addOption(
      new Option('--format <fat>', 'format first so setup.bin is the first file (erases the drive)').choices([
        'fat32',
        'fat16',
      ]),
    )
    .option('--yes', 'confirm formatting, or writing to a drive larger than 64 GB')
    .option('--json', 'print JSON')
    .action(cliAction(write));
}
