import { open, rename, unlink, copyFile, mkdir } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Options for writeFileAtomic. */
export interface AtomicWriteOptions {
  /** Keep the previous content as `<file>.bak` before replacing it. */
  backup?: boolean;
  /** File mode for a new file (default 0o600: our data is nobody else's business). */
  mode?: number;
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
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
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
    if (options.backup) {
      await copyFile(file, `${file}.bak`).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  // Windows cannot open a directory for fsync; the rename is already durable enough there.
  if (process.platform !== 'win32') await fsyncPath(dir, 'r');
}
