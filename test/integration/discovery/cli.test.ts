// `outband discover scan|listen|list|add|forget` against simulated devices on loopback.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDiscoverCommands, type DiscoverCliDeps } from '../../../electron/cli/commands/discover';
import { registerDeviceCommands } from '../../../electron/cli/commands/device';
import { registerVaultCommands } from '../../../electron/cli/commands/vault';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { bareProgram, runCli } from '../../support/cli';
import { freePort, freeUdpPort } from '../../support/net';
import { TestSecretStore } from '../../unit/vault/secret-doubles';

let dir = '';
let deps: DiscoverCliDeps & { secrets: TestSecretStore; env: NodeJS.ProcessEnv };
const fleets: Fleet[] = [];

function outband(args: string[], extra: Partial<DiscoverCliDeps> = {}) {
  return runCli(
    bareProgram(
      (p) => registerDiscoverCommands(p, { ...deps, ...extra }),
      (p) => registerVaultCommands(p, deps),
      (p) => registerDeviceCommands(p, deps),
    ),
    args,
    { SIM_PW: 'P@ssw0rd' },
  );
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outband-discover-cli-'));
  deps = { secrets: new TestSecretStore(), env: { ...process.env, OUTBAND_DATA_DIR: dir, SIM_PW: 'P@ssw0rd' } };
});

afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('outband discover', () => {
  it('scans a range, prints JSON, keeps the findings for list, adds one and forgets another', async () => {
    const port = await freePort();
    const rmcpPort = await freeUdpPort();
    const fleet = await startFleet({
      devices: 3,
      addressing: 'addresses',
      portBase: port,
      rmcpPort,
      perDevice: (i) => ({ provisioningState: i === 2 ? 0 : 2 }),
    });
    fleets.push(fleet);
    const args = ['--rmcp-port', String(rmcpPort), '--ports', String(port), '--timeout', '1000'];
    const scan = await outband(['discover', 'scan', '127.0.0.1-4', ...args, '--json']);
    expect(scan.exitCode, scan.stderr).toBe(0);
    const found = JSON.parse(scan.stdout) as Array<Record<string, unknown>>;
    expect(found.map((f) => f.address)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    expect(found[0]).toEqual({
      address: '127.0.0.1',
      provisioningState: 'post',
      amtVersion: '16.1.25',
      tls: false,
      ports: [port],
      via: ['rmcp', 'tcp'],
    });
    expect(found[2]?.provisioningState).toBe('pre');

    const table = await outband(['discover', 'scan', '127.0.0.1', '127.0.0.9', ...args]);
    expect(table.stdout).toMatch(/^ADDRESS +AMT +STATE +TLS +PORTS +FOUND BY$/m);
    expect(table.stdout).toContain('1 device(s) among 2 host(s).');

    const list = await outband(['discover', 'list', '--json']);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(3);

    expect((await outband(['vault', 'add', 'Sim', '--password-env', 'SIM_PW'])).exitCode).toBe(0);
    const add = await outband(['discover', 'add', '127.0.0.1', '--credential', 'Sim', '--folder', 'Found', '--plain']);
    expect(add.exitCode, add.stderr).toBe(0);
    expect(add.stdout).toContain('added 127.0.0.1 (127.0.0.1, plain)');
    const devices = JSON.parse((await outband(['device', 'list', '--json'])).stdout) as Array<{ port?: number }>;
    expect(devices).toHaveLength(1);
    expect(devices[0]?.port).toBe(port);

    const forget = await outband(['discover', 'forget', '127.0.0.2', '10.0.0.1']);
    expect(forget.stdout).toContain('Forgot 1 discovered device(s).');
    expect(forget.stderr).toContain('1 address(es) were not in the list');
    const left = JSON.parse((await outband(['discover', 'list', '--json'])).stdout) as Array<{ address: string }>;
    expect(left.map((d) => d.address)).toEqual(['127.0.0.3']);

    const missing = await outband(['discover', 'add', '10.0.0.1']);
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('(discovery.not-found)');
  });

  it('refuses a bad range with a clear message, and exits 0 when the scan ran and found nothing', async () => {
    const bad = await outband(['discover', 'scan', '10.0.0.0/8']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('a CIDR block must be /16 to /32. (discovery.bad-target)');
    const none = await outband([
      'discover',
      'scan',
      '127.0.0.1',
      '--ports',
      String(await freePort()),
      '--rmcp-port',
      String(await freeUdpPort()),
      '--timeout',
      '300',
    ]);
    expect(none.exitCode).toBe(0);
    expect(none.stdout).toContain('No Intel AMT device answered among 1 host(s).');
  });

  it('listen prints each Hello as a JSON line and records the device as in setup', async () => {
    const port = await freePort();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    let listening: () => void = () => undefined;
    const ready = new Promise<void>((r) => {
      listening = r;
    });
    const run = outband(['discover', 'listen', '--host', '127.0.0.1', '--port', String(port), '--json'], {
      stop: stopped,
      onListening: () => listening(),
    });
    await ready;
    const fleet = await startFleet({
      devices: 1,
      addressing: 'addresses',
      portBase: await freePort(),
      perDevice: () => ({ provisioningState: 1, hello: { to: { host: '127.0.0.1', port }, timeFactor: 6000 } }),
    });
    fleets.push(fleet);
    for (let i = 0; i < 400 && fleet.devices[0]!.sim.stats.hellosSent === 0; i++)
      await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 300));
    stop();
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({
      source: '127.0.0.1',
      uuid: fleet.devices[0]!.uuid,
      version: 3,
      canProvision: false,
    });
    expect(result.stderr).toContain(`Listening for Hellos on 127.0.0.1:${port}`);
    const list = JSON.parse((await outband(['discover', 'list', '--json'])).stdout) as Array<Record<string, unknown>>;
    expect(list[0]).toMatchObject({ address: '127.0.0.1', provisioningState: 'in', via: ['hello'] });
  });
});
