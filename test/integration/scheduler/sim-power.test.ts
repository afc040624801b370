import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JsonScheduleRepository, Scheduler, amtPowerExecutor, type AmtTarget } from '../../../electron/scheduler';
import { FakeClock } from '../../unit/scheduler/fake-clock';
import type { Fleet } from '../../../electron/simulator';
import type { CliRun } from '../../support/cli';
import { openSimData, type SimData } from './sim-data';

let sim: SimData;
let dir: string;
let fleet: Fleet;

beforeEach(async () => {
  sim = await openSimData('outband-sched-sim-', { devices: 3 });
  ({ dir } = sim);
  [fleet] = sim.fleets;
  sim.env.WRONG_PW = 'Not-the-Passw0rd!';
});
afterEach(() => sim.close());

const cli = (...args: string[]): Promise<CliRun> => sim.cli(...args);

describe('scheduled power against simulated AMT devices', () => {
  it('powers the zone devices off at the scheduled minute and logs each device, wrong password included', async () => {
    expect((await cli('vault', 'add', 'Sim', '--password-env', 'SIM_PW')).exitCode).toBe(0);
    expect((await cli('vault', 'add', 'Wrong', '--password-env', 'WRONG_PW')).exitCode).toBe(0);
    const [a, b, c] = fleet.devices;
    for (const [name, d, cred] of [
      ['sim-a', a, 'Sim'],
      ['sim-b', b, 'Sim'],
      ['sim-c', c, 'Wrong'],
    ] as const) {
      const r = await cli('device', 'add', name, d.host, '--plain', '--port', String(d.port), '--credential', cred);
      expect(r.stderr).toBe('');
    }
    expect([a, b, c].map((d) => d.state.powerState)).toEqual([2, 2, 2]);

    expect((await cli('schedule', 'add', '--zone', '--state', 'off', '--once', '2099-06-01T22:00')).exitCode).toBe(0);
    const early = await cli('schedule', 'run-due', '--now', '2099-06-01T21:59');
    expect(early.stdout).toBe('Nothing was due.\n');
    expect([a, b, c].map((d) => d.state.powerState)).toEqual([2, 2, 2]);

    const run = await cli('schedule', 'run-due', '--now', '2099-06-01T22:01', '--json');
    expect(run.exitCode).toBe(1);
    expect([a, b, c].map((d) => d.state.powerState)).toEqual([8, 8, 2]);

    const history = (await new JsonScheduleRepository(dir).readHistory()).entries;
    expect(history.map((h) => [h.powerState, h.outcome])).toEqual([
      ['off', 'ok'],
      ['off', 'ok'],
      ['off', 'failed'],
    ]);
    expect(history[2].code).toMatch(/auth/);
    expect(JSON.stringify(history)).not.toContain(fleet.password);

    // Power on brings them back; a device already on counts as done.
    expect((await cli('schedule', 'add', '--zone', '--state', 'on', '--once', '2099-06-02T06:00')).exitCode).toBe(0);
    await cli('schedule', 'run-due', '--now', '2099-06-02T06:00');
    expect([a, b].map((d) => d.state.powerState)).toEqual([2, 2]);
  });

  it('the running scheduler fires a weekly power-off on its timer against the simulated devices', async () => {
    const repo = new JsonScheduleRepository(dir);
    const targets: AmtTarget[] = fleet.devices.map((d, i) => ({
      id: `dev-${i}`,
      folderId: i === 2 ? 'lab' : null,
      address: d.host,
      port: d.port,
      tlsMode: 'plain',
      credentialId: 'cred',
    }));
    const stamp = '2020-01-01T00:00:00.000Z';
    await repo.updateSchedules((doc) => {
      doc.schedules.push(
        {
          id: 'zone-off',
          level: { kind: 'zone' },
          powerState: 'off',
          enabled: true,
          created: stamp,
          updated: stamp,
          schedule: { type: 'recurring', every: 'weekly', weekdays: [1], time: '20:00' },
        },
        {
          id: 'lab-keep',
          level: { kind: 'folder', folderId: 'lab' },
          powerState: 'on',
          enabled: true,
          created: stamp,
          updated: stamp,
          schedule: { type: 'none' },
        },
      );
      doc.overrides.folders = ['lab'];
    });
    await repo.writeLastCheckedAt(new Date('2025-06-02T17:00:00Z'));
    const clock = new FakeClock(Date.parse('2025-06-02T17:30:00Z'));
    const scheduler = new Scheduler<AmtTarget>({
      repository: repo,
      devices: { load: async () => ({ devices: targets, folders: [{ id: 'lab', parentId: null }] }) },
      executor: amtPowerExecutor({
        resolveCredential: async () => ({ loginName: fleet.user, password: fleet.password }),
        pinIfUnset: async () => undefined,
        plainHttpAllowed: async () => true,
        concurrency: 2,
      }),
      clock,
      timeZone: 'UTC',
      pollMs: 3_600_000,
    });
    await scheduler.start();
    await clock.advanceTo(new Date('2025-06-02T19:59:00Z'), () => scheduler.idle());
    expect(fleet.devices.map((d) => d.state.powerState)).toEqual([2, 2, 2]);
    await clock.advanceTo(new Date('2025-06-02T20:00:00Z'), () => scheduler.idle());
    await scheduler.stop();
    // Monday 2 June 2025, 20:00 UTC: the zone devices go off; the lab device overrides with No Schedule.
    expect(fleet.devices.map((d) => d.state.powerState)).toEqual([8, 8, 2]);
    const history = (await repo.readHistory()).entries;
    expect(history.map((h) => `${h.deviceId} ${h.outcome}`)).toEqual(['dev-0 ok', 'dev-1 ok']);
  });
});
