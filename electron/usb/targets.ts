/**
 * Where setup.bin goes. A target is a FAT volume reached one of three ways: a mounted volume
 * (the usual stick), a FAT image file, or an unmounted block device. The last two are written
 * with mtools, so no mount (and no vfat kernel module) is needed.
 */
import { lstat, open, readFile, readdir, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutbandError } from '../../shared/errors';
import { fatTypeOfBootSector } from './fat';
import { filesystemOfPath } from './mounts';
import { runTool, throwIfAborted } from './tools';

/** What a confirmation must name before a target is formatted. */
export interface TargetIdentity {
  device: string;
  size: number | null;
  model: string;
}

/** FAT flavours `prepareStick` can create. */
export type FatFlavour = 'fat32' | 'fat16';

/** A FAT volume the writer can put setup.bin on. */
export interface StickTarget {
  readonly kind: 'volume' | 'image' | 'device';
  /** Path shown to the person: mount point, image file or device node. */
  readonly path: string;
  identity(): Promise<TargetIdentity>;
  /** File system type (`vfat`, `FAT32`, ...), null when it cannot be told. */
  filesystem(signal?: AbortSignal): Promise<string | null>;
  /** Writes the file into the root and flushes it to the medium. */
  writeFile(name: string, data: Uint8Array, signal?: AbortSignal): Promise<void>;
  readFile(name: string, signal?: AbortSignal): Promise<Uint8Array>;
  removeFile(name: string): Promise<void>;
  /** Names in the root directory, in directory order. */
  rootEntries(signal?: AbortSignal): Promise<string[]>;
  /** Creates a fresh FAT file system; only image and device targets can. */
  format?(flavour: FatFlavour, label: string, signal?: AbortSignal): Promise<void>;
}

async function fsyncFile(path: string, flags = 'r+'): Promise<void> {
  const h = await open(path, flags);
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}

/** A mounted FAT volume, written through the OS file system. */
export function volumeTarget(mountPath: string, model = 'mounted volume'): StickTarget {
  const file = (name: string): string => join(mountPath, name);
  return {
    kind: 'volume',
    path: mountPath,
    identity: async () => ({ device: mountPath, size: null, model }),
    filesystem: () => filesystemOfPath(mountPath),
    async writeFile(name, data, signal) {
      throwIfAborted(signal);
      // 'w' truncates in place, so an existing setup.bin keeps its directory slot (first file).
      const h = await open(file(name), 'w');
      try {
        await h.writeFile(data, { signal });
        await h.sync();
      } finally {
        await h.close();
      }
      if (process.platform !== 'win32') await fsyncFile(mountPath, 'r').catch(() => undefined);
    },
    readFile: async (name, signal) => new Uint8Array(await readFile(file(name), { signal })),
    removeFile: (name) => unlink(file(name)),
    rootEntries: () => readdir(mountPath),
  };
}

/** Folders earlier versions staged setup.bin in (`<tmp>/outband-stick-XXXXXX/`). */
const STAGING_DIR = /^outband-stick-[A-Za-z0-9]{6}$/;
/** Older than any write could take: a staging folder this old was left by a killed process. */
const STAGING_ABANDONED_MS = 10 * 60_000;

/**
 * Deletes setup.bin staging folders that earlier versions left in the OS temp folder when they
 * were killed mid-write (a plain setup.bin with MEBx passwords); only ours, only abandoned ones.
 * Best effort: a folder that cannot be removed is left for the next write.
 */
export async function removeStagingLeftovers(dir: string = tmpdir(), now: number = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.filter((n) => STAGING_DIR.test(n))) {
    const path = join(dir, name);
    const info = await lstat(path).catch(() => null);
    if (!info?.isDirectory() || now - info.mtimeMs < STAGING_ABANDONED_MS) continue;
    if (typeof process.getuid === 'function' && info.uid !== process.getuid()) continue;
    await rm(path, { recursive: true, force: true }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

/** How a container target names itself and what it does before formatting. */
export interface ContainerOptions {
  model?: string;
  /** Size for the confirmation; an image's is its file size. */
  size?: number | null;
  /** Runs before mkfs (a device target unmounts its volumes here). */
  beforeFormat?: (signal?: AbortSignal) => Promise<void>;
}

/** A FAT file system in a file or on an unmounted block device, reached with mtools. */
export function fatContainerTarget(
  path: string,
  kind: 'image' | 'device',
  options: ContainerOptions = {},
): StickTarget {
  const inImage = (name: string): string => `::${name}`;
  const model = options.model ?? (kind === 'image' ? 'disk image' : 'block device');
  return {
    kind,
    path,
    identity: async () => ({
      device: path,
      size: kind === 'image' ? (await stat(path)).size : (options.size ?? null),
      model,
    }),
    async filesystem() {
      const h = await open(path, 'r');
      try {
        const sector = new Uint8Array(512);
        await h.read(sector, 0, 512, 0);
        return fatTypeOfBootSector(sector);
      } finally {
        await h.close();
      }
    },
    async writeFile(name, data, signal) {
      // setup.bin holds MEBx passwords: it goes to mcopy through a pipe (source "-"), never
      // through a file a killed process could leave behind.
      await removeStagingLeftovers();
      await runTool('mcopy', ['-o', '-i', path, '-', inImage(name)], { signal, input: data });
      await fsyncFile(path);
    },
    readFile: async (name, signal) =>
      new Uint8Array((await runTool('mcopy', ['-n', '-i', path, inImage(name), '-'], { signal })).stdout),
    removeFile: async (name) => void (await runTool('mdel', ['-i', path, inImage(name)])),
    async rootEntries(signal) {
      const out = (await runTool('mdir', ['-b', '-a', '-i', path, '::'], { signal })).stdout.toString();
      return out
        .split('\n')
        .map((l) => l.trim().replace(/^::\//, ''))
        .filter(Boolean);
    },
    async format(flavour, label, signal) {
      throwIfAborted(signal);
      await options.beforeFormat?.(signal);
      const args = ['-F', flavour === 'fat32' ? '32' : '16', '-n', label];
      // A whole device has no partition table here: -I lets mkfs.fat make a superfloppy.
      if (kind === 'device') args.push('-I');
      await runTool('mkfs.fat', [...args, path], { signal });
      await fsyncFile(path);
    },
  };
}

/** Refuses to treat a missing path as a target, with a message naming it. */
export async function ensureTargetExists(path: string): Promise<void> {
  try {
    await stat(path);
  } catch {
    throw new OutbandError('usb.target-missing', `${path} does not exist.`);
  }
}
