// Where simulated devices serve Serial-over-LAN: `outband sim --redirection-port-base Q` (device i
// on Q + i), firmware's WS-Man port + 2 for one device, and the lab (TLS devices over TLS).
import { createServer } from 'node:net';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerSimCommands } from '../../../electron/cli/commands/sim';
import { openSol, type SolSession } from '../../../electron/redirection';
import { DEFAULT_PASSWORD, LAB_PROFILES, startLab, type Lab } from '../../../electron/simulator';

const sessions: SolSession[] = [];
let lab: Lab | null = null;

afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await lab?.close();
  lab = null;
});

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A base port with `count` free ports after it (checked just before use). */
async function freeRange(count: number): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
}

/** Runs `outband sim <args> --json` in-process until `stop`; resolves with its device list. */
async function sim(args: string[]): Promise<{
  devices: Array<{ host: string; port: number; redirectionPort: number | null }>;
  stop: () => Promise<void>;
  text: () => string;
}> {
  let release: () => void = () => undefined;
  const stopped = new Promise<void>((r) => {
    release = r;
  });
  const program = new Command().exitOverride();
  registerSimCommands(program, { stop: stopped });
  let out = '';
  let first: () => void = () => undefined;
  const printed = new Promise<void>((r) => {
    first = r;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    first();
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    first();
    return true;
  });
  const run = program.parseAsync(['sim', ...args], { from: 'user' });
  await printed;
  const json = args.includes('--json') ? (JSON.parse(out) as { devices: never[] }) : { devices: [] };
  return {
    devices: json.devices,
    text: () => out,
    stop: async () => {
      release();
      await run;
    },
  };
}

async function bootsToLogin(port: number, tls?: { pin: string }): Promise<void> {
  const session = await openSol({ host: '127.0.0.1', port, tls, username: 'admin', password: DEFAULT_PASSWORD });
  sessions.push(session);
  await new Promise<void>((resolve) => {
    let text = '';
    session.onData((d) => {
      text += Buffer.from(d).toString('latin1');
      if (text.includes('login: ')) resolve();
    });
  });
}

describe('simulated devices serve SOL where a console looks for it', () => {
  it('outband sim --redirection-port-base Q: device i on Q + i', async () => {
    const q = await freeRange(3);
    const run = await sim(['--devices', '3', '--port-base', '0', '--redirection-port-base', String(q), '--json']);
    try {
      expect(run.devices.map((d) => d.redirectionPort)).toEqual([q, q + 1, q + 2]);
      await bootsToLogin(q + 2);
    } finally {
      await Promise.all(sessions.splice(0).map((s) => s.close()));
      await run.stop();
    }
  });

  it('one device: two ports above WS-Man, as firmware has 16992 / 16994; a fleet on ports needs the option', async () => {
    const p = await freeRange(3);
    const one = await sim(['--port-base', String(p)]);
    try {
      expect(one.text()).toContain(`Serial-over-LAN (redirection, plain): port ${p + 2}`);
      await bootsToLogin(p + 2);
    } finally {
      await Promise.all(sessions.splice(0).map((s) => s.close()));
      await one.stop();
    }
    const many = await sim(['--devices', '2', '--port-base', String(p)]);
    try {
      expect(many.text()).toContain('add --redirection-port-base Q');
      expect(await portFree(p + 2)).toBe(true);
    } finally {
      await many.stop();
    }
  });

  it('the lab: every device serves SOL, TLS ones over TLS with the lab certificate', async () => {
    const profiles = LAB_PROFILES.filter((p) =>
      ['lab-acm-tls-16', 'lab-acm-http-15', 'lab-ccm-tls-12'].includes(p.key),
    );
    lab = await startLab({ profiles });
    const [tls, plain, ccm] = lab.devices;
    expect(tls.redirectionPort).toBe(tls.port + 2);
    await bootsToLogin(tls.redirectionPort, { pin: tls.fingerprint! });
    await bootsToLogin(plain.redirectionPort);
    // Client control mode: no console before the user consents.
    await expect(
      openSol({
        host: '127.0.0.1',
        port: ccm.redirectionPort,
        tls: { pin: ccm.fingerprint! },
        username: 'admin',
        password: DEFAULT_PASSWORD,
      }),
    ).rejects.toMatchObject({ code: 'redirection.sol-unavailable' });
  });
});
