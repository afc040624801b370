// `outband info` and `outband power …` run in-process against simulated devices on loopback.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { createRootProgram } from '../../../electron/cli/program';
import { registerAmtCommands, setCredentialResolver } from '../../../electron/cli/commands/amt';
import { openStore } from '../../../electron/store';
import { DeviceService } from '../../../electron/vault';
import { normalizeFingerprint } from '../../../shared/domain/fingerprint';
import { runCli } from '../../support/cli';
import { deadPort } from '../../support/net';

const run = (...args: string[]) => {
  const program = createRootProgram('0.0.0');
  registerAmtCommands(program);
  return runCli(program, args);
};

describe('outband power and info', () => {
  let fleet: Fleet;
  let tlsFleet: Fleet;
  let dir: string;
  let closedPort: number;
  const hostOf = (i: number) => `${fleet.devices[i].host}:${fleet.devices[i].port}`;

  beforeAll(async () => {
    fleet = await startFleet({ devices: 3, portBase: 0 });
    tlsFleet = await startFleet({ devices: 1, portBase: 0, tls: true });
    dir = mkdtempSync(join(tmpdir(), 'outband-cli-'));
    process.env.OUTBAND_TEST_AMT_PW = fleet.password;
    closedPort = await deadPort();
  });
  afterAll(async () => {
    await fleet.close();
    await tlsFleet.close();
    rmSync(dir, { recursive: true, force: true });
    delete process.env.OUTBAND_TEST_AMT_PW;
  });
  afterEach(() => setCredentialResolver(undefined));

  const pw = ['--password-env', 'OUTBAND_TEST_AMT_PW'];

  it('power status --json lists every host with its state and what it can be set to', async () => {
    const r = await run('power', 'status', hostOf(0), hostOf(1), '--json', ...pw);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toHaveLength(2);
    expect(out[0]).toEqual({
      host: hostOf(0),
      ok: true,
      powerState: { code: 2, name: 'on' },
      available: [10, 8, 5, 11, 4, 7, 14, 12].map((code) => expect.objectContaining({ code })),
    });
  });

  it('exits 1 when any host fails, reporting it with its code', async () => {
    const r = await run('power', 'status', hostOf(0), `127.0.0.1:${closedPort}`, '--json', ...pw);
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out[0].ok).toBe(true);
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'wsman.connection-refused' } });
    const text = await run('power', 'status', `127.0.0.1:${closedPort}`, ...pw);
    expect(text.stderr).toMatch(/^outband: 127\.0\.0\.1:\d+: .+ \(wsman\.connection-refused\)\n$/);
  });

  it('power off --yes changes every host of an @file list', async () => {
    const list = join(dir, 'hosts.txt');
    writeFileSync(list, `# lab\n${hostOf(1)}\n${hostOf(2)}\n`);
    const r = await run('power', 'off', `@${list}`, '--yes', '--json', ...pw);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.map((o: { requested: unknown }) => o.requested)).toEqual([
      { code: 8, name: 'off' },
      { code: 8, name: 'off' },
    ]);
    expect(fleet.devices[1].state.powerState).toBe(8);
    expect(fleet.devices[2].state.powerState).toBe(8);
    const on = await run('power', 'set', 'power-on', hostOf(1), hostOf(2), '-y', ...pw);
    expect(on.exitCode).toBe(0);
    expect(on.stdout).toContain('done\tPower On sent.');
    expect(fleet.devices[1].state.powerState).toBe(2);
  });

  it('power on over a mixed set: the ones already on are done, the others skipped with the reason, exit 0', async () => {
    fleet.devices[0].state.powerState = 2; // on: already there
    fleet.devices[1].state.powerState = 8; // off: turned on
    fleet.devices[2].state.powerState = 4; // asleep: turned on too (on is available from sleep)
    const before = fleet.devices.map((d) => d.sim.stats.requests);
    const r = await run('power', 'on', hostOf(0), hostOf(1), hostOf(2), '--yes', '--json', ...pw);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out[0]).toMatchObject({ ok: true, outcome: 'already', detail: 'Already on; nothing sent.' });
    expect(out[1]).toMatchObject({ ok: true, outcome: 'done' });
    expect(out[2]).toMatchObject({ ok: true, outcome: 'done' });
    expect(fleet.devices.map((d) => d.state.powerState)).toEqual([2, 2, 2]);
    // Cold: the 401 and the change, no availability read first; a refused change costs one read.
    const sent = fleet.devices.map((d, i) => d.sim.stats.requests - before[i]!);
    expect(sent).toEqual([3, 2, 2]);

    fleet.devices[1].state.powerState = 8; // off: a reset is not possible there
    const reset = await run('power', 'reset', hostOf(0), hostOf(1), '--yes', ...pw);
    expect(reset.exitCode).toBe(0);
    expect(reset.stdout).toContain(`${hostOf(0)}\tdone\tReset sent.`);
    expect(reset.stdout).toContain(
      `${hostOf(1)}\tskipped\tSkipped: Reset is not available while the device is Power Off`,
    );
    expect(fleet.devices[1].state.powerState).toBe(8);
  });

  it('refuses a power action without --yes when nobody can confirm', async () => {
    const r = await run('power', 'reset', hostOf(0), ...pw);
    expect(r.error?.code).toBe('cli.confirmation-required');
  });

  it('needs the password variable to be set, and never takes a literal password', async () => {
    const r = await run('power', 'status', hostOf(0), '--password-env', 'OUTBAND_TEST_UNSET_VAR', '--json');
    expect(JSON.parse(r.stdout)[0].error.code).toBe('cli.password-missing');
    expect(r.exitCode).toBe(1);
  });

  it('asks the plugged-in resolver for --credential', async () => {
    const asked: string[] = [];
    setCredentialResolver(async (req) => {
      asked.push(`${req.name}@${req.host}:${req.port}`);
      return { user: 'admin', password: fleet.password };
    });
    const r = await run('power', 'status', hostOf(0), '--credential', 'lab', '--json');
    expect(r.exitCode).toBe(0);
    expect(asked).toEqual([`lab@${fleet.devices[0].host}:${fleet.devices[0].port}`]);
  });

  it('info --json over TLS returns the device and the fingerprint to pin', async () => {
    const d = tlsFleet.devices[0];
    const r = await run('info', `${d.host}:${d.port}`, '--tls', '--json', ...pw);
    expect(r.exitCode).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info).toMatchObject({
      host: `${d.host}:${d.port}`,
      uuid: d.uuid.toLowerCase(),
      provisioningState: 'post',
      controlMode: 'admin',
      realm: d.state.digestRealm,
      powerState: { code: 2, name: 'on' },
    });
    expect(info.tlsFingerprint.replace(/:/g, '').toLowerCase()).toBe(d.fingerprint);
    const pinned = await run('info', `${d.host}:${d.port}`, '--tls', '--pin', info.tlsFingerprint, ...pw);
    expect(pinned.stdout).toContain(`UUID:            ${d.uuid.toLowerCase()}`);
    const wrong = await run('info', `${d.host}:${d.port}`, '--tls', '--pin', 'ab'.repeat(32), ...pw);
    expect(wrong.exitCode).toBe(1);
    expect(wrong.stderr).toContain('(wsman.tls-pin-mismatch)');
  });

  it('trusts on first use explicitly: prints the fingerprint, and puts it in --json', async () => {
    const d = tlsFleet.devices[0];
    const host = `${d.host}:${d.port}`;
    const fp = normalizeFingerprint(d.fingerprint!)!;
    const text = await run('power', 'status', host, '--tls', ...pw);
    expect(text.exitCode).toBe(0);
    expect(text.stderr).toContain(`${host}: no pin for this device; trusted its TLS certificate on first use: ${fp}`);
    const json = await run('power', 'status', host, '--tls', '--json', ...pw);
    expect(JSON.parse(json.stdout)[0]).toMatchObject({ ok: true, tlsFingerprint: fp, tlsTrust: 'first-use' });
    expect(json.stderr).toBe('');
    const pinned = await run('power', 'status', host, '--tls', '--json', '--pin', fp, ...pw);
    expect(JSON.parse(pinned.stdout)[0]).toMatchObject({ ok: true, tlsFingerprint: fp, tlsTrust: 'pin' });
  });

  it('--credential uses the pin stored for the managed device at that host:port; a mismatch is a hard error', async () => {
    const d = tlsFleet.devices[0];
    const host = `${d.host}:${d.port}`;
    const fp = normalizeFingerprint(d.fingerprint!)!;
    const dataDir = mkdtempSync(join(tmpdir(), 'outband-cli-pins-'));
    const setPin = async (pin: string) => {
      const store = await openStore(dataDir);
      try {
        const devices = new DeviceService(store);
        const existing = await devices.findByName('tls-0');
        if (existing) await devices.remove([existing.id]);
        await devices.add({ name: 'tls-0', address: d.host, port: d.port, tlsMode: 'tls', tlsFingerprint: pin });
      } finally {
        await store.close();
      }
    };
    setCredentialResolver(async () => ({ user: 'admin', password: tlsFleet.password }));
    try {
      const other = Array(32).fill('AB').join(':');
      await setPin(other);
      // Before the fix this connected with no verification at all.
      const wrong = await run('--data-dir', dataDir, 'info', host, '--tls', '--credential', 'lab');
      expect(wrong.exitCode).toBe(1);
      expect(wrong.stderr).toContain('(wsman.tls-pin-mismatch)');
      expect(wrong.stderr).toContain(other);
      expect(wrong.stderr).toContain(fp);
      const action = await run('--data-dir', dataDir, 'power', 'off', host, '--tls', '--credential', 'lab', '--yes');
      expect(action.exitCode).toBe(1);
      expect(d.state.powerState).toBe(2);

      await setPin(fp);
      const right = await run('--data-dir', dataDir, 'info', host, '--tls', '--credential', 'lab', '--json');
      expect(right.exitCode).toBe(0);
      expect(JSON.parse(right.stdout)).toMatchObject({ tlsFingerprint: fp, tlsTrust: 'stored-pin' });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
