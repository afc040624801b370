import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store';
import { buildChildScript, projectPath } from './child-build';
import { failureOf } from '../../unit/store/failure-of';

// mode "hold": open the store, say "held", keep it until stdin closes.
// mode "append": N times open (waiting), append a job record, close.
const CHILD = `
import { openStore } from '${projectPath('electron/store/index.ts')}';
const [dir, mode, tag, countText] = process.argv.slice(2);
if (mode === 'hold') {
  const store = await openStore(dir);
  process.stdout.write('held\\n');
  process.stdin.resume();
  process.stdin.on('end', async () => { await store.close(); process.exit(0); });
} else {
  for (let i = 0; i < Number(countText); i++) {
    const store = await openStore(dir, { wait: 30000, pollMs: 5 });
    const doc = await store.get('jobs');
    await store.update('jobs', (d) => {
      d.jobs = doc.jobs;
      d.jobs.push({ id: tag + '-' + i, kind: 'test', started: new Date().toISOString(), status: 'succeeded', results: [] });
    });
    await store.close();
  }
}
`;

let dir: string;
let childDir: string;
let script: string;

beforeAll(async () => {
  ({ script, dir: childDir } = await buildChildScript(CHILD));
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-contend-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterAll(async () => {
  await rm(childDir, { recursive: true, force: true });
});

function startHolder() {
  const child = spawn(process.execPath, [script, dir, 'hold'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, held, exited };
}

function runAppender(tag: string, count: number): Promise<number | null> {
  const child = spawn(process.execPath, [script, dir, 'append', tag, String(count)], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('two Outband processes on one data folder', () => {
  it('the second gets store.locked with the first one pid, then succeeds once it exits', async () => {
    const holder = startHolder();
    await holder.held;
    const err = await failureOf(openStore(dir));
    expect(err.code).toBe('store.locked');
    expect(err.message).toContain(`already running (pid ${holder.child.pid})`);

    const waiting = openStore(dir, { wait: 20_000 });
    holder.child.stdin.end();
    const store = await waiting;
    await store.close();
    await holder.exited;
  });

  it('a lock left by a killed process is taken over at once', async () => {
    const holder = startHolder();
    await holder.held;
    holder.child.kill('SIGKILL');
    await holder.exited;
    const store = await openStore(dir);
    expect(store.readOnly).toBe(false);
    await store.close();
  });

  it('two processes taking turns through the lock lose no update', async () => {
    await openStore(dir).then((s) => s.close());
    const codes = await Promise.all([runAppender('a', 15), runAppender('b', 15)]);
    expect(codes).toEqual([0, 0]);
    const store = await openStore(dir);
    const ids = (await store.get('jobs')).jobs.map((j) => j.id);
    await store.close();
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(ids.filter((id) => id.startsWith('a-'))).toEqual(Array.from({ length: 15 }, (_, i) => `a-${i}`));
  });
});
