import { link, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { OutbandError } from '../../shared/errors';
import { isProcessAlive } from './atomic-file';

/** The lock file's name inside the data folder. */
export const LOCK_FILE = 'outband.lock';

/** What the lock file says about its holder. */
export interface LockInfo {
  pid: number;
  hostname: string;
  started: string;
  /** Tells this holder's lock from a later one by the same pid. */
  nonce: string;
}

/** A held lock on a data folder. */
export interface DataDirLock {
  readonly path: string;
  readonly info: LockInfo;
  /** Gives the lock up (only if the file is still ours). */
  release(): Promise<void>;
  /** The same, synchronously, for process exit handlers. */
  releaseSync(): void;
}

export interface AcquireLockOptions {
  /** How long to wait for another process to let go, in ms (0: fail at once). */
  wait?: number;
  /** Retry interval while waiting, in ms. */
  pollMs?: number;
}

type Attempt = { held: true } | { held: false; pid?: number };

/** A lock file written by the fallback path may be empty for a moment; after this it is junk. */
const UNREADABLE_LOCK_GRACE_MS = 5000;

function parseLock(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.nonce === 'string' && typeof v.hostname === 'string')
      return v as LockInfo;
  } catch {
    // fall through: unreadable
  }
  return undefined;
}

async function readLock(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
}

/** Creates the lock file complete or not at all: write a private file, then hard-link it into place. */
async function createLock(path: string, body: string): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}`;
  await writeFile(tmp, body, { flag: 'wx', mode: 0o600 });
  try {
    await link(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // Some file systems (FAT, some network shares) have no hard links: exclusive create instead.
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(body);
      await handle.close();
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Moves a dead holder's lock out of the way, making sure it is that lock and not a fresh one. */
async function breakStaleLock(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return; // someone else moved it first
  }
  const moved = await readLock(aside);
  if (moved !== staleText && moved !== undefined) {
    // Another process broke the stale lock and took the folder between our read and our rename.
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function tryAcquire(path: string, info: LockInfo): Promise<Attempt> {
  if (await createLock(path, JSON.stringify(info))) return { held: true };
  const text = await readLock(path);
  if (text === undefined) return tryAcquire(path, info);
  const holder = parseLock(text);
  if (!holder) {
    const age = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (age < UNREADABLE_LOCK_GRACE_MS) return { held: false };
  } else if (holder.hostname !== info.hostname || isProcessAlive(holder.pid)) {
    return { held: false, pid: holder.pid };
  }
  await breakStaleLock(path, text);
  return createLock(path, JSON.stringify(info)).then((held) => (held ? { held: true } : { held: false }));
}

function heldLock(path: string, info: LockInfo): DataDirLock {
  const ours = (text: string | undefined) => text !== undefined && parseLock(text)?.nonce === info.nonce;
  return {
    path,
    info,
    async release() {
      if (ours(await readLock(path).catch(() => undefined))) await unlink(path).catch(() => undefined);
    },
    releaseSync() {
      try {
        if (ours(readFileSync(path, 'utf8'))) unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}

/**
 * Takes the data folder's lock so only one Outband process writes it. A lock whose process is
 * dead (same host) is stale and taken over; a live one waits up to `wait` ms, then fails with
 * `store.locked`.
 */
export async function acquireLock(dir: string, options: AcquireLockOptions = {}): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    started: new Date().toISOString(),
    nonce: randomBytes(12).toString('hex'),
  };
  const deadline = Date.now() + (options.wait ?? 0);
  for (;;) {
    const attempt = await tryAcquire(path, info);
    if (attempt.held) return heldLock(path, info);
    if (Date.now() >= deadline) {
      const who = attempt.pid !== undefined ? ` (pid ${attempt.pid})` : '';
      throw new OutbandError(
        'store.locked',
        `Outband is already running${who} and using the data folder ${dir}. Close it, or use another --data-dir.`,
        { pid: attempt.pid, dir },
      );
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}
