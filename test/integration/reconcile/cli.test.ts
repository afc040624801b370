// `outband reconcile`, `inventory`, `events` and the reconciliation schedule through
// `schedule add --reconcile` and `schedule run-due`, against simulated devices.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDeviceCommands } from '../../../electron/cli/commands/device';
import { registerReconcileCommands } from '../../../electron/cli/commands/reconcile';
import { registerScheduleCommands } from '../../../electron/cli/commands/schedule';
import { registerVaultCommands } from '../../../electron/cli/commands/vault';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { bareProgram, runCli } from '../../support/cli';
import { deadPort } from '../../support/net';
import { TestSecretStore } from '../../unit/vault/secret-doubles';

let dir = '';
let fleet: Fleet;
let deps: { env: NodeJS.ProcessEnv; secrets: TestSecretStore };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-reconcile-cli-'));
  fleet = await startFleet({ devices: 2, portBase: 0, seed: 77 });
  deps = { env: { ...process.env, OUTBAND_DATA_DIR: dir, SIM_PW: fleet.password }, secrets: new TestSecretStore() };
});

afterEach(async () => {
  await fleet.close();
  await rm(dir, { recursive: true, force: true });
});

const outband = (...args: string[]) =>
  runCli(
    bareProgram(
      (p) => registerVaultCommands(p, deps),
      (p) => registerDeviceCommands(p, deps),
      (p) => registerReconcileCommands(p, deps),
      (p) => registerScheduleCommands(p, { ...deps, identity: async () => ({ addresses: ['10.0.0.1'] }) }),
    ),
    args,
    { SIM_PW: fleet.password },
  );

async function addDevices() {
  expect((await outband('vault', 'add', 'sim', '--password-env', 'SIM_PW')).exitCode).toBe(0);
  for (const [i, d] of fleet.devices.entries()) {
    const r = await outband(
      'device',
      'add',
      `pc-${i}`,
      d.host,
      '--plain',
      '--port',
      String(d.port),
      '--credential',
      'sim',
      '--folder',
      'Lab',
    );
    expect(r.exitCode, r.stderr).toBe(0);
  }
}

describe('outband reconcile, inventory, events', () => {
  it('reconciles by name, folder or all; shows the inventory and the logs; exits 1 when a device failed', async () => {
    await addDevices();
    const all = await outband('reconcile', '--all', '--json');
    expect(all.exitCode, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual([
      expect.objectContaining({ ok: true, detail: 'First reading recorded.' }),
      expect.objectContaining({ ok: true, detail: 'First reading recorded.' }),
    ]);
    fleet.devices[1]!.sim.state.hostname = 'moved-desk';
    const folder = await outband('reconcile', '--folder', 'Lab');
    expect(folder.stdout).toContain('pc-1: 1 change(s): identity.hostName:');
    const one = await outband('reconcile', 'pc-0');
    expect(one.stdout).toContain('pc-0: No change since the last reconciliation.');

    const inventory = JSON.parse((await outband('inventory', 'pc-1', '--json')).stdout) as {
      last: { identity: { uuid: string } };
      history: { changes: { path: string }[] }[];
    };
    expect(inventory.last.identity.uuid).toBe(fleet.devices[1]!.uuid);
    expect(inventory.history[0]?.changes.map((c) => c.path)).toContain('identity.hostName');
    const text = await outband('inventory', 'pc-1');
    expect(text.stdout).toMatch(/^UUID +[0-9a-f-]{36}$/m);

    const events = await outband('events', 'pc-0', '--json');
    expect(events.exitCode, events.stderr).toBe(0);
    expect((JSON.parse(events.stdout) as unknown[]).length).toBeGreaterThan(0);
    const audit = await outband('events', 'pc-0', '--audit', '--since', '2000-01-01');
    expect(audit.exitCode, audit.stderr).toBe(0);
    expect(audit.stdout.trim().split('\n').length).toBeGreaterThan(0);

    await outband(
      'device',
      'add',
      'gone',
      '127.0.0.1',
      '--plain',
      '--port',
      String(await deadPort()),
      '--credential',
      'sim',
    );
    const bad = await outband('reconcile', 'gone', 'pc-0');
    expect(bad.exitCode).toBe(1);
    expect(bad.stdout).toMatch(/^gone: .*\(wsman\.[a-z-]+\)$/m);
    expect((await outband('reconcile')).exitCode).toBe(1);
  });

  it('sets the zone reconciliation schedule and run-due serves it', async () => {
    await addDevices();
    const set = await outband('schedule', 'add', '--reconcile', '--daily', '--at', '03:30');
    expect(set.exitCode, set.stderr).toBe(0);
    expect(set.stdout).toContain('Inventory reconciliation: ');
    const refused = await outband('schedule', 'add', '--reconcile', '--state', 'on', '--daily', '--at', '03:30');
    expect(refused.exitCode).toBe(1);
    // The first check only sets the marker; a check a day later finds the 03:30 firing due.
    const now = new Date();
    const first = await outband('schedule', 'run-due', '--json');
    expect(first.exitCode, first.stderr).toBe(0);
    const firing = new Date(now);
    firing.setHours(3, 30, 0, 0);
    if (firing <= now) firing.setDate(firing.getDate() + 1);
    const at = new Date(firing.getTime() + 60_000);
    const local = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}T${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    const due = await outband('schedule', 'run-due', '--now', local);
    expect(due.exitCode, due.stdout + due.stderr).toBe(0);
    expect(due.stdout).toContain(': ran');
    expect(due.stdout).toContain('pc-0: First reading recorded.');
  });
});
