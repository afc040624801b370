import { open, rename, unlink, copyFile, link, mkdir, readdir, chmod } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Options for writeFileAtomic. */
export interface AtomicWriteOptions {
  /** Keep the previous content as `<file>.bak` before replacing it (the backup is replaced atomically too). */
  backup?: boolean;
  /** File mode for a new file (default 0o600: our data is nobody else's business). */
  mode?: number;
  /** The folder's mode, set when it is made and corrected when it exists (the data folder's are 0o700). */
  dirMode?: number;
}

function tempName(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Makes `<file>.bak` hold the current content of `file` without a moment where the backup is
 * half-written: a hard link (or, where links are not supported, a copy) under a temporary name,
 * renamed over the old backup. A missing `file` leaves the old backup alone.
 */
async function backupCurrent(file: string): Promise<void> {
  const tmp = tempName(file);
  try {
    await link(file, tmp);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    await copyFile(file, tmp);
  }
  try {
    await rename(tmp, `${file}.bak`);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

async function fsyncPath(path: string, flags: string): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` so that a reader, or a crash at any point, sees the old or the new content,
 * never a mix: write a temporary file beside it, fsync it, rename it over, fsync the folder.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, ...(options.dirMode === undefined ? {} : { mode: options.dirMode }) });
  // A folder made by an older Outband with the default mode is tightened too.
  if (options.dirMode !== undefined) await chmod(dir, options.dirMode).catch(() => undefined);
  const tmp = tempName(file);
  const handle = await open(tmp, 'wx', options.mode ?? 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    if (options.backup) await backupCurrent(file);
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  // Windows cannot open a directory for fsync; the rename is already durable enough there.
  if (process.platform !== 'win32') await fsyncPath(dir, 'r');
}

const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** True while a process with this pid exists (EPERM means it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes temporary files that writeFileAtomic left in `dir` when its process was killed
 * mid-write; files of living processes are left alone since they may be in the middle of a write.
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match || isProcessAlive(Number(match[1]))) continue;
    await unlink(join(dir, name)).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}
