import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevicesDocSchema, openStore } from '../../../electron/store';
import { buildChildScript, projectPath } from './child-build';

// The child opens the real store and adds one device per update, forever, acking each finished
// write on stdout. Every device's notes are derived from its number, so a torn write is visible.
const CHILD = `
import { openStore } from '${projectPath('electron/store/index.ts')}';
const dir = process.argv[2];
const notes = (n: number) => ('device ' + n + ' ').repeat(60).slice(0, 900);
const store = await openStore(dir, { wait: 10000 });
let n = (await store.get('devices')).devices.length;
process.stdout.write('ready ' + n + '\\n');
for (;;) {
  n++;
  const stamp = new Date().toISOString();
  await store.update('devices', (doc) => {
    doc.devices.push({ id: 'd' + n, name: 'pc-' + n, address: '10.1.' + (n >> 8) + '.' + (n & 255), tlsMode: 'tls',
      tags: ['t' + (n % 7)], notes: notes(n), folderId: null, created: stamp, updated: stamp });
  });
  process.stdout.write('ack ' + n + '\\n');
}
`;

const notes = (n: number) => `device ${n} `.repeat(60).slice(0, 900);

let dir: string;
let childDir: string;
let script: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-kill-'));
  ({ script, dir: childDir } = await buildChildScript(CHILD));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(childDir, { recursive: true, force: true });
});

/** Runs the writer, kills it with SIGKILL a random moment after its first write, returns the last ack seen. */
async function runAndKill(): Promise<number> {
  const child: ChildProcess = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let lastAck = -1;
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  await new Promise<void>((resolveStarted, reject) => {
    let buffered = '';
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, num] = line.split(' ');
        if (word === 'ack') {
          lastAck = Number(num);
          resolveStarted();
        }
        if (word === 'ready') lastAck = Number(num);
      }
    });
    child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, Math.random() * 40));
  child.kill('SIGKILL');
  await exited;
  return lastAck;
}

function checkDoc(text: string, label: string): number {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`${label} does not parse`);
  }
  const doc = DevicesDocSchema.parse(raw);
  doc.devices.forEach((d, i) => {
    expect(d.name).toBe(`pc-${i + 1}`);
    expect(d.notes).toBe(notes(i + 1));
  });
  return doc.devices.length;
}

describe('atomic writes under SIGKILL', () => {
  it('after 50 kills at random moments the document is always the old or the new version', async () => {
    let previous = 0;
    for (let round = 0; round < 50; round++) {
      const acked = await runAndKill();
      const count = checkDoc(await readFile(join(dir, 'devices.json'), 'utf8'), `devices.json (round ${round})`);
      // Never behind what the writer confirmed, never behind what an earlier round saw.
      expect(count).toBeGreaterThanOrEqual(acked);
      expect(count).toBeGreaterThanOrEqual(previous);
      const backup = checkDoc(
        await readFile(join(dir, 'devices.json.bak'), 'utf8'),
        `devices.json.bak (round ${round})`,
      );
      expect([count - 1, count]).toContain(backup);
      previous = count;
    }
    expect(previous).toBeGreaterThan(50);

    // The store opens cleanly afterwards: stale lock taken over, stray temp files cleared, no recovery needed.
    const store = await openStore(dir);
    expect((await store.get('devices')).devices).toHaveLength(previous);
    expect(store.warnings).toEqual([]);
    const leftovers = (await readdir(dir)).filter((n) => n.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    await store.close();
  }, 300_000);
});
