// `outband sol` as a user runs it (the built CLI) against a simulated device: with stdin from a
// pipe, and at a terminal (a pseudo-terminal from `script`) where it switches to raw mode, sends
// Ctrl+C to the host, quits on Ctrl+] q and gives the terminal back as it found it.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EscapeReader } from '../../../electron/cli/commands/sol';
import { DEFAULT_PASSWORD, SimDevice, generateTlsIdentity, type SimDeviceOptions } from '../../../electron/simulator';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'dist/cli/outband.js');
const SCRIPT = '/usr/bin/script';

interface Run {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  until: (text: string | RegExp, which?: 'out' | 'err') => Promise<void>;
  exit: Promise<number | null>;
}

const running: ChildProcessWithoutNullStreams[] = [];
const started: SimDevice[] = [];
let dataDir: string;

function watch(child: ChildProcessWithoutNullStreams): Run {
  running.push(child);
  const text = { out: '', err: '' };
  const waiters: Array<() => void> = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  child.stdout.on('data', (d: Buffer) => {
    text.out += d.toString('latin1');
    wake();
  });
  child.stderr.on('data', (d: Buffer) => {
    text.err += d.toString('latin1');
    wake();
  });
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  void exit.then(wake);
  const until = (pattern: string | RegExp, which: 'out' | 'err' = 'out') =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        const t = text[which];
        if (typeof pattern === 'string' ? t.includes(pattern) : pattern.test(t)) return resolve();
        if (child.exitCode !== null) {
          return reject(
            new Error(`outband exited (${child.exitCode}) before ${String(pattern)}:\n${text.err}\n${text.out}`),
          );
        }
        waiters.push(check);
      };
      check();
    });
  return { child, out: () => text.out, err: () => text.err, until, exit };
}

const env = () => ({ ...process.env, SIM_PW: DEFAULT_PASSWORD, OUTBAND_DATA_DIR: dataDir });

/** `outband sol <args>` with stdin, stdout and stderr as pipes. */
function outbandSol(args: string[]): Run {
  return watch(spawn(process.execPath, [cli, 'sol', ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: env() }));
}

async function device(opts: SimDeviceOptions = {}): Promise<SimDevice> {
  const sim = new SimDevice({ port: 0, redirectionPort: 0, hostname: 'cli-host', solBootPace: 0, ...opts });
  started.push(sim);
  await sim.start();
  return sim;
}

beforeAll(async () => {
  // The test drives the real entry point, so it builds it first (esbuild, a few seconds).
  await promisify(execFile)(process.execPath, [join(root, 'scripts/build.mjs'), '--no-renderer'], { cwd: root });
  dataDir = mkdtempSync(join(tmpdir(), 'outband-sol-'));
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

afterEach(async () => {
  for (const c of running.splice(0)) if (c.exitCode === null) c.kill();
  await Promise.all(started.splice(0).map((d) => d.close()));
});

describe('outband sol', () => {
  it('forwards piped input (LF as CR), prints the console, and quits on Ctrl+] q with a clean close', async () => {
    const sim = await device();
    const run = outbandSol([`127.0.0.1:${sim.redirectionPort}`, '--password-env', 'SIM_PW']);
    await run.until('cli-host login: ');
    expect(run.err()).toMatch(/Connected to .*Serial-over-LAN, digest login/);
    run.child.stdin.write('root\n');
    await run.until('login: root\r\nPassword: ');
    run.child.stdin.write('\x1dq');
    expect(await run.exit).toBe(0);
    expect(run.err()).toContain('Disconnected from');
    expect(sim.redirection.stats.typed).toBe('root\r');
    expect(sim.redirection.active).toBeNull();
  });

  it('refuses plain-only login without TLS unless --allow-plain-login, which it documents', async () => {
    const sim = await device({ solPlainAuth: 'only' });
    const refused = outbandSol([`127.0.0.1:${sim.redirectionPort}`, '--password-env', 'SIM_PW']);
    expect(await refused.exit).toBe(1);
    expect(refused.err()).toMatch(/unencrypted.*--allow-plain-login.*\(redirection\.plain-only\)/s);
    expect(sim.redirection.stats.lastAuth).toBeNull();

    const run = outbandSol([`127.0.0.1:${sim.redirectionPort}`, '--password-env', 'SIM_PW', '--allow-plain-login']);
    await run.until('login: ');
    expect(run.err()).toMatch(/warning: .*legacy plain login/);
    expect(run.err()).toMatch(/plain login\)/);
    run.child.stdin.end();
    expect(await run.exit).toBe(0);

    const help = outbandSol(['--help']);
    await help.exit;
    expect(help.out()).toMatch(/--allow-plain-login +without TLS/);
    expect(help.out()).toMatch(/Console tab in the Outband app/);
  });

  it('closes the session at the end of piped input', async () => {
    const sim = await device();
    const run = outbandSol([`127.0.0.1:${sim.redirectionPort}`, '--password-env', 'SIM_PW']);
    await run.until('login: ');
    run.child.stdin.end();
    expect(await run.exit).toBe(0);
    expect(sim.redirection.active).toBeNull();
  });

  it('connects over TLS with --pin, and fails with a typed error for a wrong password', async () => {
    const tls = generateTlsIdentity();
    const sim = await device({ port: undefined, redirectionPort: undefined, tls, tlsPort: 0, redirectionTlsPort: 0 });
    const target = `127.0.0.1:${sim.redirectionTlsPort}`;
    const ok = outbandSol([target, '--tls', '--pin', tls.fingerprint, '--password-env', 'SIM_PW']);
    await ok.until('login: ');
    expect(ok.err()).toContain('over TLS');
    ok.child.stdin.end();
    expect(await ok.exit).toBe(0);

    const bad = watch(
      spawn(process.execPath, [cli, 'sol', target, '--tls', '--pin', tls.fingerprint, '--password-env', 'BAD'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...env(), BAD: 'Wr0ng!pass' },
      }),
    );
    expect(await bad.exit).toBe(1);
    expect(bad.err()).toMatch(/outband: .*user name or password.*\(redirection\.auth-failed\)/);
  });

  it('reaches a managed device by name, on its WS-Man port + 2', async () => {
    const sim = await device({ redirectionPort: undefined, redirectionBesideWsman: true, hostname: 'managed-host' });
    expect(sim.redirectionPort).toBe(sim.port! + 2);
    await promisify(execFile)(process.execPath, [cli, 'device', 'add', 'box-1', `127.0.0.1:${sim.port}`, '--plain'], {
      env: env(),
    });
    // The device has no vault credential, so the password comes from --password-env.
    const run = outbandSol(['box-1', '--password-env', 'SIM_PW']);
    await run.until('managed-host login: ');
    expect(run.err()).toContain(`Connected to box-1 (127.0.0.1:${sim.port! + 2}`);
    run.child.stdin.end();
    expect(await run.exit).toBe(0);
  });

  it('says how to turn SOL on when the device refuses it', async () => {
    const sim = await device();
    sim.state.redirectionState = 32768;
    const run = outbandSol([`127.0.0.1:${sim.redirectionPort}`, '--password-env', 'SIM_PW']);
    expect(await run.exit).toBe(1);
    // The CLI's own advice: the app's Console tab or the MEBx, never an action the CLI does not have.
    expect(run.err()).toMatch(/Console tab in the Outband app.*MEBx.*\(redirection\.sol-unavailable\)/s);
  });

  it.skipIf(!existsSync(SCRIPT))(
    'at a terminal: raw mode (Ctrl+C goes to the host), Ctrl+] q quits, the terminal is restored',
    async () => {
      const sim = await device();
      // `script` gives the command a pseudo-terminal; `stty` after it shows the mode it was left in.
      const command = `stty icanon echo; "${process.execPath}" "${cli}" sol 127.0.0.1:${sim.redirectionPort} --password-env SIM_PW; echo "exit=$?"; stty -a`;
      const run = watch(
        spawn(SCRIPT, ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: env() }),
      );
      await run.until('cli-host login: ');
      run.child.stdin.write('ab\x03');
      // The terminal itself turns the host's \n into \r\n (libuv's raw mode keeps onlcr).
      await run.until(/login: ab\^C\r+\ncli-host login: /);
      run.child.stdin.write('\x1d?');
      await run.until('Ctrl+] then q quits');
      run.child.stdin.write('\x1dq');
      await run.until(/exit=0[\s\S]*icanon/);
      expect(run.out()).not.toMatch(/exit=0[\s\S]*-icanon/);
      expect(run.out()).toMatch(/exit=0[\s\S]*[^-]echo /);
      expect(sim.redirection.stats.typed).toBe('ab\x03');
      expect(sim.redirection.active).toBeNull();
    },
  );
});

describe('the escape reader of outband sol', () => {
  it('quits on Ctrl+] q, passes Ctrl+] Ctrl+] as one Ctrl+], and keeps the escape across reads', () => {
    const r = new EscapeReader();
    expect(r.feed(Uint8Array.of(0x61, 0x1d))).toEqual({ send: Uint8Array.of(0x61), quit: false, help: false });
    expect(r.feed(Uint8Array.of(0x1d, 0x62))).toEqual({ send: Uint8Array.of(0x1d, 0x62), quit: false, help: false });
    expect(r.feed(Uint8Array.of(0x1d, 0x78))).toEqual({ send: Uint8Array.of(), quit: false, help: true });
    expect(r.feed(Uint8Array.of(0x63, 0x1d, 0x71, 0x64))).toEqual({
      send: Uint8Array.of(0x63),
      quit: true,
      help: false,
    });
  });
});
