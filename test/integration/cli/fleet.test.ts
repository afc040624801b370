// The built `outband` command, as a user runs it, against one and against 200 simulated devices.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../..', import.meta.url));
const cli = join(root, 'dist/cli/outband.js');
const FLEET_SIZE = 200;

interface PowerRow {
  host: string;
  ok: boolean;
  powerState?: { code: number; name: string };
  error?: { code: string; message: string };
}

async function outband(
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 32 * 1024 * 1024,
      timeout: 120_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('outband CLI over a simulated fleet', () => {
  let fleet: Fleet;
  let dir: string;
  let hostsFile: string;
  const env = () => ({ SIM_PW: fleet.password, OUTBAND_DATA_DIR: dir });

  beforeAll(async () => {
    // The test drives the real entry point, so it builds it first (esbuild, a few seconds).
    await run(process.execPath, [join(root, 'scripts/build.mjs'), '--no-renderer'], { cwd: root });
    fleet = await startFleet({ devices: FLEET_SIZE, portBase: 0, latencyMs: 5 });
    dir = mkdtempSync(join(tmpdir(), 'outband-fleet-'));
    hostsFile = join(dir, 'hosts.txt');
    writeFileSync(hostsFile, fleet.devices.map((d) => `${d.host}:${d.port}`).join('\n') + '\n');
  }, 120_000);

  afterAll(async () => {
    await fleet?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows info for one device', async () => {
    const d = fleet.devices[0]!;
    const r = await outband(['info', `${d.host}:${d.port}`, '--json', '--password-env', 'SIM_PW'], env());
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.uuid).toBe(d.uuid);
    expect(info.realm).toMatch(/^Digest:[0-9A-F]{32}$/);
    expect(info.controlMode).toBe('admin');
  });

  it(`reads the power state of ${FLEET_SIZE} devices at once`, async () => {
    const r = await outband(
      ['power', 'status', `@${hostsFile}`, '--json', '--concurrency', '32', '--password-env', 'SIM_PW'],
      env(),
    );
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as PowerRow[];
    expect(rows).toHaveLength(FLEET_SIZE);
    expect(rows.every((row) => row.ok && row.powerState?.code === 2)).toBe(true);
    expect(new Set(rows.map((row) => row.host)).size).toBe(FLEET_SIZE);
  });

  it(`powers ${FLEET_SIZE} devices off and on, and the devices really change`, async () => {
    const off = await outband(['power', 'off', `@${hostsFile}`, '--yes', '--json', '--password-env', 'SIM_PW'], env());
    expect(off.code).toBe(0);
    expect((JSON.parse(off.stdout) as PowerRow[]).filter((row) => !row.ok)).toEqual([]);
    expect(fleet.devices.every((d) => d.state.powerState === 8)).toBe(true);
    const on = await outband(['power', 'on', `@${hostsFile}`, '--yes', '--json', '--password-env', 'SIM_PW'], env());
    expect(on.code).toBe(0);
    expect(fleet.devices.every((d) => d.state.powerState === 2)).toBe(true);
  });

  it('reports a bad password per device with a typed error and exit status 1', async () => {
    const d = fleet.devices[1]!;
    const r = await outband(['power', 'status', `${d.host}:${d.port}`, '--json', '--password-env', 'WRONG_PW'], {
      ...env(),
      WRONG_PW: 'Wr0ng!pass',
    });
    expect(r.code).toBe(1);
    const [row] = JSON.parse(r.stdout) as PowerRow[];
    expect(row).toMatchObject({ ok: false, error: { code: 'wsman.auth-failed' } });
  });
});
