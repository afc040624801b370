// The built `outband` command against simulated devices, as a user on a machine without a desktop
// runs it: every run is inside its own `dbus-run-session` with gnome-keyring-daemon unlocked from a
// 0600 password file (the README's headless set-up), so the vault works with no desktop keychain.
// Covers managed devices as targets (issue 14 item 10), the CLI's messages (item 11), schedule
// warnings and headless run-due (item 13).
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'dist/cli/outband.js');

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

/** The `outband: <message> (<code>)` lines of stderr, as {code, message}. */
function errors(stderr: string): { code: string; message: string }[] {
  return [...stderr.matchAll(/^outband: (?:warning: )?(.*) \(([a-z-]+\.[a-z0-9.-]+|internal)\)$/gm)].map((m) => ({
    message: m[1],
    code: m[2],
  }));
}

describe('outband with managed devices, headless', () => {
  let tls: Fleet;
  let plain: Fleet;
  let home: string;
  let data: string;
  let keyringPass: string;

  /** Runs the CLI; `keychain: false` runs it with no session bus at all (a bare cron or ssh shell). */
  async function outband(args: string[], opts: { keychain?: boolean; env?: Record<string, string> } = {}) {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      HOME: home,
      XDG_DATA_HOME: join(home, '.local/share'),
      OUTBAND_DATA_DIR: data,
      SIM_PW: tls.password,
      ...opts.env,
    };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const [file, argv] =
      opts.keychain === false
        ? [process.execPath, [cli, ...args]]
        : [
            'dbus-run-session',
            [
              '--',
              'sh',
              '-c',
              'gnome-keyring-daemon --unlock --components=secrets < "$KEYRING_PASS_FILE" > /dev/null && exec "$0" "$@"',
              process.execPath,
              cli,
              ...args,
            ],
          ];
    try {
      const r = await run(file, argv, {
        env: { ...env, KEYRING_PASS_FILE: keyringPass },
        timeout: 60_000,
        maxBuffer: 8 << 20,
      });
      return { stdout: r.stdout, stderr: r.stderr, code: 0 } as Result;
    } catch (err) {
      const e = err as { stdout: string; stderr: string; code: number };
      return { stdout: e.stdout, stderr: e.stderr, code: e.code } as Result;
    }
  }

  const ok = async (args: string[], opts?: Parameters<typeof outband>[1]) => {
    const r = await outband(args, opts);
    expect(r.stderr.replace(/^dbus-daemon.*\n/gm, ''), r.stderr).not.toMatch(/\((internal)\)/);
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };

  beforeAll(async () => {
    await run(process.execPath, [join(root, 'scripts/build.mjs'), '--no-renderer'], { cwd: root });
    // Three TLS devices on their own loopback addresses (an inventory holds one device per address).
    tls = await startFleet({ devices: 3, tls: true, addressing: 'addresses', portBase: 0 });
    plain = await startFleet({ devices: 1, portBase: 0 });
    home = mkdtempSync(join(tmpdir(), 'outband-headless-'));
    data = join(home, 'data');
    keyringPass = join(home, 'keyring-pass');
    writeFileSync(keyringPass, 'a-long-keyring-passphrase');
    chmodSync(keyringPass, 0o600);
    const d = tls.devices;
    await ok(['vault', 'add', 'lab', '--password-env', 'SIM_PW']);
    await ok([
      'device',
      'add',
      'pc-01',
      `${d[0].host}:${d[0].port}`,
      '--credential',
      'lab',
      '--folder',
      'Site A/Floor 1',
    ]);
    await ok([
      'device',
      'add',
      'pc-02',
      d[1].host,
      '--port',
      String(d[1].port),
      '--credential',
      'lab',
      '--folder',
      'Site A',
      '--tag',
      'lab',
    ]);
    await ok(['device', 'add', 'pc-03', `${d[2].host}:${d[2].port}`, '--credential', 'lab', '--tag', 'lab']);
  }, 180_000);

  afterAll(async () => {
    await tls?.close();
    await plain?.close();
    rmSync(home, { recursive: true, force: true });
  });

  describe('managed devices as targets (14.10)', () => {
    it('`device add NAME host:port` takes the port from the address', async () => {
      const list = JSON.parse((await ok(['device', 'list', '--json'])).stdout) as { name: string; port: number }[];
      expect(list.find((x) => x.name === 'pc-01')?.port).toBe(tls.devices[0].port);
    });

    it('power status NAME uses the device credential and TLS, and pins the certificate on first use', async () => {
      const r = await ok(['power', 'status', 'pc-01', '--json']);
      const [row] = JSON.parse(r.stdout);
      expect(row).toMatchObject({ host: 'pc-01', ok: true, powerState: { code: 2 }, tlsTrust: 'first-use-pinned' });
      const list = JSON.parse((await ok(['device', 'list', '--json'])).stdout) as {
        name: string;
        tlsFingerprint?: string;
        firmware?: { realm?: string };
      }[];
      expect(list.find((x) => x.name === 'pc-01')?.tlsFingerprint).toBe(row.tlsFingerprint);
      // Its digest realm is remembered too, as the app does: the device's identity from now on.
      expect(list.find((x) => x.name === 'pc-01')?.firmware?.realm).toBe(tls.devices[0].state.digestRealm);
      // The next contact checks the stored pin.
      const again = JSON.parse((await ok(['power', 'status', 'pc-01', '--json'])).stdout);
      expect(again[0].tlsTrust).toBe('stored-pin');
    });

    it('--folder takes the folder and its subfolders, --tag the tagged devices, --all every device', async () => {
      const hosts = async (...args: string[]) =>
        (JSON.parse((await ok(['power', 'status', ...args, '--json'])).stdout) as { host: string; ok: boolean }[])
          .map((x) => (x.ok ? x.host : `${x.host}!`))
          .sort();
      expect(await hosts('--folder', 'Site A')).toEqual(['pc-01', 'pc-02']);
      expect(await hosts('--folder', 'site a/floor 1')).toEqual(['pc-01']);
      expect(await hosts('--tag', 'lab')).toEqual(['pc-02', 'pc-03']);
      expect(await hosts('--all')).toEqual(['pc-01', 'pc-02', 'pc-03']);
      // A name given twice, or also picked by a selector, is one target.
      expect(await hosts('pc-02', '--tag', 'lab', 'PC-02')).toEqual(['pc-02', 'pc-03']);
    });

    it('power off --tag really powers the tagged devices off, and only them', async () => {
      await ok(['power', 'off', '--tag', 'lab', '--yes']);
      expect(tls.devices.map((x) => x.state.powerState)).toEqual([2, 8, 8]);
      await ok(['power', 'on', '--tag', 'lab', '--yes']);
      expect(tls.devices.map((x) => x.state.powerState)).toEqual([2, 2, 2]);
    });

    it('host:port arguments keep working beside names', async () => {
      const p = plain.devices[0];
      const r = await ok(['power', 'status', `${p.host}:${p.port}`, 'pc-03', '--json', '--password-env', 'SIM_PW'], {
        env: { SIM_PW: plain.password },
      });
      expect((JSON.parse(r.stdout) as { host: string; ok: boolean }[]).map((x) => [x.host, x.ok])).toEqual([
        [`${p.host}:${p.port}`, true],
        ['pc-03', true],
      ]);
    });

    it('a selector that matches nothing names the selector and what to use instead', async () => {
      const r = await outband(['power', 'status', '--tag', 'nosuch']);
      expect(r.code).toBe(1);
      expect(errors(r.stderr)).toEqual([{ code: 'cli.no-hosts', message: expect.stringContaining('--tag "nosuch"') }]);
      const f = await outband(['power', 'status', '--folder', 'Nowhere']);
      expect(errors(f.stderr)[0]).toMatchObject({ code: 'device.folder-not-found' });
      expect(errors(f.stderr)[0].message).toContain('outband device list');
    });
  });

  describe('messages name the problem and the fix (14.11)', () => {
    it('an impossible IPv4 address', async () => {
      const r = await outband(['info', '192.168.50.300']);
      expect(r.code).toBe(1);
      const [e] = errors(r.stderr);
      expect(e.code).toBe('cli.bad-host');
      expect(e.message).toMatch(/four numbers from 0 to 255/);
    });

    it('a missing file', async () => {
      const r = await outband(['device', 'import', join(home, 'no-such.csv')]);
      expect(r.code).toBe(1);
      const [e] = errors(r.stderr);
      expect(e.code).toBe('cli.file-not-found');
      expect(e.message).toContain('no-such.csv');
      expect(e.message).toMatch(/check the path/);
      const list = await outband(['power', 'status', `@${join(home, 'no-hosts.txt')}`]);
      expect(errors(list.stderr)[0]).toMatchObject({ code: 'cli.host-file-unreadable' });
      expect(errors(list.stderr)[0].message).toMatch(/no such file.*Check the path/);
    });

    it('vault remove of a credential that does not exist says so, not --yes', async () => {
      const r = await outband(['vault', 'remove', 'nosuch']);
      expect(r.code).toBe(1);
      const [e] = errors(r.stderr);
      expect(e.code).toBe('vault.not-found');
      expect(e.message).toContain('outband vault list');
      expect(r.stderr).not.toContain('--yes');
      const real = await outband(['vault', 'remove', 'lab']);
      expect(errors(real.stderr)[0]).toMatchObject({
        code: 'vault.confirm',
        message: expect.stringContaining('--yes'),
      });
    });

    it('plain HTTP to a TLS port suggests --tls; TLS to a plain port suggests --plain', async () => {
      const t = tls.devices[0];
      const r = await outband(['power', 'status', `${t.host}:${t.port}`, '--password-env', 'SIM_PW']);
      expect(r.code).toBe(1);
      expect(errors(r.stderr)[0].message).toMatch(/add --tls/);
      const p = plain.devices[0];
      const r2 = await outband(['power', 'status', `${p.host}:${p.port}`, '--tls', '--timeout', '3000'], {
        env: { SIM_PW: plain.password, OUTBAND_AMT_PASSWORD: plain.password },
      });
      expect(r2.code).toBe(1);
      expect(errors(r2.stderr).at(-1)?.message).toMatch(/use --plain instead of --tls/);
    });

    it('cert ca create a second time names --replace; cert ca export writes to standard output', async () => {
      await ok(['cert', 'ca', 'create', '--key-size', '2048']);
      const again = await outband(['cert', 'ca', 'create', '--key-size', '2048']);
      expect(again.code).toBe(1);
      const [e] = errors(again.stderr);
      expect(e.code).toBe('certs.ca-exists');
      expect(e.message).toContain('--replace');
      const pem = await ok(['cert', 'ca', 'export']);
      expect(pem.stdout).toMatch(/^-----BEGIN CERTIFICATE-----\r?\n[\s\S]+-----END CERTIFICATE-----\r?\n?$/);
    });

    it('vault list without a keychain says the keychain is missing, not that the vault is empty', async () => {
      const empty = mkdtempSync(join(home, 'empty-'));
      const r = await outband(['vault', 'list'], { keychain: false, env: { OUTBAND_DATA_DIR: empty } });
      expect(r.code).toBe(1);
      expect(r.stdout).not.toContain('The vault is empty');
      const [e] = errors(r.stderr);
      expect(e.code).toBe('vault.keychain-unavailable');
      expect(e.message).toMatch(/Secret Service/);
      // With credentials stored, they are listed with a warning that they cannot be used yet.
      const listed = await outband(['vault', 'list'], { keychain: false });
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('lab');
      expect(errors(listed.stderr)[0]).toMatchObject({ code: 'vault.keychain-unavailable' });
    });
  });

  describe('schedules (14.13)', () => {
    it('warns about duplicate, past and conflicting schedules, and keeps them as the app does', async () => {
      const first = await ok(['schedule', 'add', '--device', 'pc-03', '--state', 'off', '--daily', '--at', '22:00']);
      expect(errors(first.stderr)).toEqual([]);
      const dup = await ok(['schedule', 'add', '--device', 'pc-03', '--state', 'off', '--daily', '--at', '22:00']);
      expect(errors(dup.stderr)).toEqual([
        { code: 'schedule.duplicate', message: expect.stringContaining('outband schedule remove') },
      ]);
      const past = await ok(['schedule', 'add', '--device', 'pc-03', '--state', 'on', '--once', '2001-01-01T08:00']);
      expect(errors(past.stderr)).toEqual([
        { code: 'schedule.never-fires', message: expect.stringContaining('in the past') },
      ]);
      const clash = await ok(['schedule', 'add', '--device', 'pc-03', '--state', 'reset', '--daily', '--at', '22:00']);
      const [c] = errors(clash.stderr);
      expect(c.code).toBe('schedule.conflict');
      expect(c.message).toContain('pc-03');
      expect(c.message).toMatch(/the last one wins/);
      const list = JSON.parse((await ok(['schedule', 'list', '--json'])).stdout);
      expect(list.schedules).toHaveLength(4);
      for (const s of list.schedules) await ok(['schedule', 'remove', s.id]);
    });

    it('run-due without a keychain names the device and says how to run headless; with one it powers the device', async () => {
      await ok(['schedule', 'add', '--device', 'pc-02', '--state', 'off', '--once', '2099-01-05T07:00']);
      const bare = await outband(['schedule', 'run-due', '--now', '2099-01-05T07:01'], { keychain: false });
      expect(bare.code).toBe(1);
      expect(bare.stdout).toMatch(/failed pc-02: .*\(vault\.keychain-unavailable\)/);
      expect(bare.stdout).not.toMatch(/failed [0-9a-f]{8}-/);
      expect(bare.stdout).toContain('dbus-run-session');
      expect(tls.devices[1].state.powerState).toBe(2);

      await ok(['schedule', 'add', '--device', 'pc-02', '--state', 'off', '--once', '2099-01-05T08:00']);
      const served = await ok(['schedule', 'run-due', '--now', '2099-01-05T08:01', '--json']);
      const report = JSON.parse(served.stdout);
      expect(report.executed[0].results).toEqual([expect.objectContaining({ ok: true, deviceName: 'pc-02' })]);
      expect(tls.devices[1].state.powerState).toBe(8);
    });
  });
});
