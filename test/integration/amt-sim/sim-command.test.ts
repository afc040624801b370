// `outband sim`: starts a fleet, prints one line per device and how to connect, stops on request.
import { Command } from 'commander';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerSimCommands, type SimModule } from '../../../electron/cli/commands/sim';
import * as simulator from '../../amt-sim/index';
import { AMT, call, getBody, valueOf } from './wsman-test-client';

// The command sees the simulator only through SimModule; this keeps the two in step.
const typed: SimModule = simulator;

function capture(): { text: () => string; errors: () => string; firstOutput: Promise<void> } {
  let out = '';
  let err = '';
  let resolveFirst: () => void = () => undefined;
  const firstOutput = new Promise<void>((r) => {
    resolveFirst = r;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    resolveFirst();
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    resolveFirst();
    return true;
  });
  return { text: () => out, errors: () => err, firstOutput };
}

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  delete process.env.SIM_TEST_PASSWORD;
});

describe('outband sim', () => {
  it('runs TLS devices, prints host:port, uuid and fingerprint per device, and stops', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: stopped, loadSimulator: async () => typed });
    process.env.SIM_TEST_PASSWORD = 'Sim-Passw0rd!';
    const out = capture();
    const run = program.parseAsync(
      ['sim', '--devices', '2', '--port-base', '0', '--tls', '--password-env', 'SIM_TEST_PASSWORD', '--latency', '5'],
      { from: 'user' },
    );
    await out.firstOutput;
    const lines = out.text().split('\n');
    const devices = lines.filter((l) => /^127\.0\.0\.1:\d+ {2}[0-9a-f-]{36} {2}sha256 [0-9a-f]{64}$/.test(l));
    expect(devices).toHaveLength(2);
    expect(out.text()).toContain('password from $SIM_TEST_PASSWORD');
    expect(out.text()).not.toContain('Sim-Passw0rd!');
    expect(out.text()).toMatch(/--pinnedpubkey 'sha256\/\/[A-Za-z0-9+/=]{44}'/);

    const [, portText, fingerprint] = /^127\.0\.0\.1:(\d+) .* sha256 ([0-9a-f]{64})$/.exec(devices[0] ?? '') ?? [];
    const reply = await call(
      { host: '127.0.0.1', port: Number(portText), user: 'admin', password: 'Sim-Passw0rd!', fingerprint },
      getBody(`${AMT}AMT_GeneralSettings`, '1'),
      { tls: true },
    );
    expect(reply.status).toBe(200);
    expect(valueOf(reply.body, 'HostName')).toBe('amt-sim-0001');
    stop();
    await run;
    expect(process.exitCode).toBeUndefined();
  });

  it('prints JSON with the default password source', async () => {
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: Promise.resolve(), loadSimulator: async () => typed });
    const out = capture();
    await program.parseAsync(['sim', '--devices', '3', '--port-base', '0', '--json'], { from: 'user' });
    const parsed = JSON.parse(out.text()) as { passwordSource: string; devices: Array<{ tls: boolean; url: string }> };
    expect(parsed.passwordSource).toBe('default');
    expect(parsed.devices).toHaveLength(3);
    expect(parsed.devices[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wsman$/);
  });

  it('refuses a non-loopback host and a missing password variable', async () => {
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: Promise.resolve(), loadSimulator: async () => typed });
    const out = capture();
    await program.parseAsync(['sim', '--host', '0.0.0.0'], { from: 'user' });
    expect(out.errors()).toContain('(sim.bad-option)');
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    await program.parseAsync(['sim', '--password-env', 'SIM_TEST_PASSWORD', '--port-base', '0'], { from: 'user' });
    expect(out.errors()).toContain('(sim.password-missing)');
  });

  it('is bundled into the CLI build together with the simulator', async () => {
    const result = await build({
      entryPoints: ['electron/cli/commands/sim.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).toContain('async function startFleet(');
    expect(code).toContain('Intel(R) Active Management Technology');
  });
});
