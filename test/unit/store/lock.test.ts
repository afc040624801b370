import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCK_FILE, acquireLock, openStore } from '../../../electron/store';
import { failureOf } from './failure-of';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('data folder lock', () => {
  it('writes the holder pid and removes the lock on close', async () => {
    const store = await openStore(dir);
    const info = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    expect(info.pid).toBe(process.pid);
    await store.close();
    await expect(readFile(join(dir, LOCK_FILE))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a second opener gets store.locked naming the holder pid', async () => {
    const first = await openStore(dir);
    const err = await failureOf(openStore(dir));
    expect(err.code).toBe('store.locked');
    expect(err.message).toContain(`already running (pid ${process.pid})`);
    await first.close();
  });

  it('waits for the holder when asked to', async () => {
    const first = await openStore(dir);
    setTimeout(() => void first.close(), 150);
    const second = await openStore(dir, { wait: 10_000 });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    await second.close();
  });

  it('takes over a lock left by a dead process', async () => {
    const pid = deadPid();
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid, hostname: hostname(), started: '', nonce: 'old' }));
    const lock = await acquireLock(dir);
    expect(lock.info.pid).toBe(process.pid);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).nonce).toBe(lock.info.nonce);
    await lock.release();
  });

  it('does not break a lock held from another host', async () => {
    const pid = deadPid();
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid, hostname: 'elsewhere', started: '', nonce: 'x' }));
    await expect(acquireLock(dir)).rejects.toMatchObject({ code: 'store.locked' });
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const lock = await acquireLock(dir);
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid: 1, hostname: hostname(), started: '', nonce: 'other' }),
    );
    await lock.release();
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')).nonce).toBe('other');
  });
});
