// Local time must be fixed before anything reads it: the CLI prints and parses local times.
process.env.TZ = 'Europe/Berlin';

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDeviceCommands } from '../../../electron/cli/commands/device';
import { registerScheduleCommands, type ScheduleCliDeps } from '../../../electron/cli/commands/schedule';
import { JsonScheduleRepository } from '../../../electron/scheduler';
import type { PowerState } from '../../../shared/schedule';
import { bareProgram, runCli } from '../../support/cli';

let dir: string;
let env: NodeJS.ProcessEnv;
let calls: { devices: string[]; state: PowerState }[];
let deps: ScheduleCliDeps;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-sched-cli-'));
  env = { OUTBAND_DATA_DIR: dir };
  calls = [];
  deps = {
    env,
    identity: async () => ({ addresses: ['10.0.0.1'] }),
    executor: () => async (devices, state) => {
      calls.push({ devices: devices.map((d) => d.name), state });
      return devices.map((d) =>
        d.name === 'pc2'
          ? { deviceId: d.id, ok: false, code: 'wsman.timeout', message: 'No answer.' }
          : { deviceId: d.id, ok: true },
      );
    },
  };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  runCli(
    bareProgram(
      (p) => registerDeviceCommands(p, { env }),
      (p) => registerScheduleCommands(p, deps),
    ),
    args,
  );

async function devices(): Promise<void> {
  expect((await cli('device', 'add', 'pc1', '10.0.0.1', '--folder', 'Site A/Floor 2')).exitCode).toBe(0);
  expect((await cli('device', 'add', 'pc2', '10.0.0.2')).exitCode).toBe(0);
  expect((await cli('device', 'add', 'pc3', '10.0.0.3', '--folder', 'Site A')).exitCode).toBe(0);
}

describe('outband schedule', () => {
  it('adds zone and folder schedules, lists them, and shows the next firings in local time across DST', async () => {
    await devices();
    const zone = await cli('schedule', 'add', '--zone', '--state', 'on', '--daily', '--at', '07:00');
    expect(zone).toMatchObject({ exitCode: 0, stderr: '' });
    expect(zone.stdout).toMatch(/^Added schedule [0-9a-f-]{36} \(on daily at 07:00, zone\)\.\n$/);

    const folder = await cli(
      'schedule',
      'add',
      '--folder',
      'site a',
      '--state',
      'off',
      '--weekly',
      'mon,wednesday',
      '--at',
      '19:00',
      '--json',
    );
    expect(folder.exitCode).toBe(0);
    const added = JSON.parse(folder.stdout);
    expect(added).toMatchObject({
      powerState: 'off',
      level: { kind: 'folder' },
      schedule: { every: 'weekly', weekdays: [1, 3], time: '19:00' },
    });
    // pc1 (10.0.0.1, the workstation here) is under Site A, which now powers off on schedule.
    expect(folder.stderr).toContain('outband: warning: A power schedule targets the workstation');

    const list = JSON.parse((await cli('schedule', 'list', '--json')).stdout);
    expect(list.schedules).toHaveLength(2);
    expect(list.overrides.folders).toEqual([added.level.folderId]);
    const text = (await cli('schedule', 'list')).stdout;
    expect(text).toContain('folder Site A');
    expect(text).toContain('weekly mon,wed at 19:00');
    expect(text).toContain('Overriding zone schedules: folder Site A');

    const next = JSON.parse(
      (await cli('schedule', 'next', '--from', '2025-03-29T00:00', '--count', '4', '--json')).stdout,
    );
    expect(
      next.firings.map(
        (f: { local: string; powerState: string; deviceCount: number }) =>
          `${f.local} ${f.powerState} ${f.deviceCount}`,
      ),
    ).toEqual([
      '2025-03-29 07:00 +01:00 on 1',
      '2025-03-30 07:00 +02:00 on 1',
      '2025-03-31 07:00 +02:00 on 1',
      '2025-03-31 19:00 +02:00 off 2',
    ]);
    expect(next.conflicts).toEqual([]);
  });

  it('rejects bad input with one clear line and a stable code, and changes nothing', async () => {
    await devices();
    const cases: [string[], string][] = [
      [['--zone', '--state', 'on', '--weekly', 'funday', '--at', '07:00'], 'schedule.invalid'],
      [['--zone', '--state', 'sleep', '--daily', '--at', '07:00'], 'schedule.invalid'],
      [['--zone', '--state', 'on', '--daily'], 'schedule.invalid'],
      [['--zone', '--state', 'on', '--daily', '--monthly', '3', '--at', '07:00'], 'schedule.invalid'],
      [['--zone', '--folder', 'Site A', '--state', 'on', '--none'], 'schedule.invalid'],
      [['--folder', 'Nowhere', '--state', 'on', '--none'], 'folder.not-found'],
      [['--device', 'pc9', '--state', 'on', '--none'], 'device.not-found'],
      [['--zone', '--state', 'on', '--once', '2025-02-30T07:00'], 'schedule.invalid'],
      [['--zone', '--state', 'on', '--monthly', '32', '--at', '07:00'], 'schedule.invalid'],
    ];
    for (const [args, code] of cases) {
      const r = await cli('schedule', 'add', ...args);
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^outband: .+ \\(${code.replace('.', '\\.')}\\)\\n$`));
    }
    expect((await new JsonScheduleRepository(dir).readSchedules()).schedules).toEqual([]);
  });

  it('run-due runs what is due once, logs each device, reports misses, and exits 1 when a device failed', async () => {
    await devices();
    const once = await cli(
      'schedule',
      'add',
      '--device',
      'pc2',
      '--state',
      'cycle',
      '--once',
      '2099-01-05 07:00,2099-01-06T07:00',
      '--json',
    );
    const id = JSON.parse(once.stdout).id as string;
    await cli('schedule', 'add', '--zone', '--state', 'reset', '--once', '2099-01-05', '--at', '07:00');

    const first = await cli('schedule', 'run-due', '--now', '2099-01-05T07:02');
    expect(first.exitCode).toBe(1);
    expect(first.stdout).toContain('ran      2099-01-05 07:00 +01:00');
    expect(first.stdout).toContain('failed');
    expect(calls).toEqual([
      { devices: ['pc1', 'pc3'], state: 'reset' },
      { devices: ['pc2'], state: 'cycle' },
    ]);

    expect((await cli('schedule', 'run-due', '--now', '2099-01-05T07:03')).stdout).toBe('Nothing was due.\n');
    const late = JSON.parse((await cli('schedule', 'run-due', '--now', '2099-01-07T00:00', '--json')).stdout);
    expect(late.missed).toHaveLength(1);
    expect(calls).toHaveLength(2);

    const history = (await new JsonScheduleRepository(dir).readHistory()).entries;
    expect(history.map((h) => `${h.at} ${h.powerState} ${h.outcome}`)).toEqual([
      '2099-01-05T06:00:00.000Z reset ok',
      '2099-01-05T06:00:00.000Z reset ok',
      '2099-01-05T06:00:00.000Z cycle failed',
      '2099-01-06T06:00:00.000Z cycle missed',
    ]);

    const text = (await cli('schedule', 'history')).stdout.split('\n');
    expect(text[0]).toMatch(/^DUE\s+SCHEDULE\s+STATE\s+DEVICE\s+OUTCOME\s+CODE$/);
    expect(text[3]).toMatch(/^2099-01-05 07:00 \+01:00\s+\S{8}\s+cycle\s+pc2\s+failed\s+wsman\.timeout$/);
    expect(text[4]).toMatch(/^2099-01-06 07:00 \+01:00\s+\S{8}\s+cycle\s+pc2\s+missed\s+schedule\.missed$/);
    expect(JSON.parse((await cli('schedule', 'history', '--limit', '1', '--json')).stdout)).toHaveLength(1);

    expect((await cli('schedule', 'remove', id.slice(0, 8))).stdout).toBe(`Removed schedule ${id}.\n`);
    expect((await cli('schedule', 'remove', id.slice(0, 8))).stderr).toContain('(schedule.not-found)');
  });

  it('switches a folder override off so its devices inherit zone schedules again', async () => {
    await devices();
    await cli('schedule', 'add', '--zone', '--state', 'on', '--daily', '--at', '07:00');
    await cli('schedule', 'add', '--folder', 'Site A', '--state', 'off', '--none');
    const count = async () =>
      JSON.parse((await cli('schedule', 'next', '--from', '2030-01-01T00:00', '--count', '1', '--json')).stdout)
        .firings[0].deviceCount;
    expect(await count()).toBe(1);
    expect((await cli('schedule', 'override', '--folder', 'Site A', '--clear')).stdout).toBe(
      'folder Site A inherits schedules again.\n',
    );
    expect(await count()).toBe(3);
  });
});
