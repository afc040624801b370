// `outband sim`: starts a fleet, prints one line per device and how to connect, stops on request.
import { Command } from 'commander';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerSimCommands } from '../../../electron/cli/commands/sim';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAB_PROFILES, isManagedLabProfile } from '../../../electron/simulator';
import { runOutband } from '../../support/cli';
import { TestSecretStore } from '../../unit/vault/secret-doubles';
import { freeTcpPort, helloCollector, pingOnce, readHello, waitFor } from './discovery-probe';
import { certHash, makeLeaf, makeRoot } from './provisioning-certs';
import { AMT, call, getBody, valueOf } from './wsman-test-client';

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
    registerSimCommands(program, { stop: stopped });
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
    registerSimCommands(program, { stop: Promise.resolve() });
    const out = capture();
    await program.parseAsync(['sim', '--devices', '3', '--port-base', '0', '--json'], { from: 'user' });
    const parsed = JSON.parse(out.text()) as { passwordSource: string; devices: Array<{ tls: boolean; url: string }> };
    expect(parsed.passwordSource).toBe('default');
    expect(parsed.devices).toHaveLength(3);
    expect(parsed.devices[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/wsman$/);
  });

  it('refuses a non-loopback host and a missing password variable', async () => {
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: Promise.resolve() });
    const out = capture();
    await program.parseAsync(['sim', '--host', '0.0.0.0'], { from: 'user' });
    expect(out.errors()).toContain('(sim.bad-option)');
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    await program.parseAsync(['sim', '--password-env', 'SIM_TEST_PASSWORD', '--port-base', '0'], { from: 'user' });
    expect(out.errors()).toContain('(sim.password-missing)');
  });

  it('--rmcp-port, --setup-mode and --hello-to: pongs per address, Hellos from setup-mode devices', async () => {
    const server = await helloCollector();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: stopped });
    const out = capture();
    const extra = 'cd'.repeat(32);
    const run = program.parseAsync(
      [
        'sim',
        '--devices',
        '3',
        '--port-base',
        '0',
        '--addresses',
        '--rmcp-port',
        '0',
        '--setup-mode',
        '1',
        '--hello-to',
        `127.0.0.1:${server.port}`,
        '--hello-time-factor',
        '6000',
        '--trust-hash',
        extra,
        '--json',
      ],
      { from: 'user' },
    );
    try {
      await out.firstOutput;
      const parsed = JSON.parse(out.text()) as {
        devices: Array<{
          host: string;
          port: number;
          uuid: string;
          rmcpPort: number | null;
          provisioningState: number;
          helloTo: string | null;
        }>;
      };
      expect(parsed.devices.map((d) => [d.host, d.provisioningState])).toEqual([
        ['127.0.0.1', 1],
        ['127.0.0.2', 2],
        ['127.0.0.3', 2],
      ]);
      expect(parsed.devices.map((d) => d.helloTo)).toEqual([`127.0.0.1:${server.port}`, null, null]);
      for (const d of parsed.devices) {
        const reply = await pingOnce(d.host, d.rmcpPort ?? 0, 9);
        expect(reply?.[19]).toBe(d.provisioningState);
        expect(reply?.readUInt16BE(16)).toBe(d.port);
      }
      await waitFor(() => server.received.length >= 2, 'Hellos from the setup-mode device');
      const hello = readHello(server.received[0]?.data ?? Buffer.alloc(25));
      expect(server.received.every((h) => h.from === '127.0.0.1')).toBe(true);
      expect(hello.entries.at(-1)).toEqual({ type: 2, length: 32, hex: extra });
    } finally {
      stop();
      await run;
      await server.close();
    }
    expect(process.exitCode).toBeUndefined();
  });

  it('--trust-hash and --pki-dns-suffix without --hello-to: setup-mode TLS devices take that connect-back', async () => {
    const root = makeRoot();
    const leaf = makeLeaf(root, { cn: 'rcfg.prov.example.test' });
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: stopped });
    const out = capture();
    const args = ['--devices', '2', '--port-base', '0', '--tls', '--setup-mode', '1'];
    const run = program.parseAsync(
      ['sim', ...args, '--trust-hash', certHash(root.der), '--pki-dns-suffix', 'Prov.Example.Test', '--json'],
      { from: 'user' },
    );
    try {
      await out.firstOutput;
      const parsed = JSON.parse(out.text()) as {
        devices: Array<{ port: number; fingerprint: string; provisioningState: number; pkiDnsSuffix: string | null }>;
      };
      expect(parsed.devices.map((d) => [d.provisioningState, d.pkiDnsSuffix])).toEqual([
        [1, 'prov.example.test'],
        [2, null],
      ]);
      const first = parsed.devices[0]!;
      const reply = await call(
        {
          host: '127.0.0.1',
          port: first.port,
          user: 'admin',
          password: '',
          fingerprint: first.fingerprint,
          clientKey: leaf.keyPem,
          clientCert: leaf.pem + root.pem,
        },
        getBody(`${AMT}AMT_SetupAndConfigurationService`, '1'),
        { tls: true },
      );
      expect(reply.status).toBe(200);
      expect(valueOf(reply.body, 'ProvisioningState')).toBe('1');
    } finally {
      stop();
      await run;
    }
    expect(process.exitCode).toBeUndefined();
  });

  it('prints which devices are in setup mode and refuses bad discovery options', async () => {
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: Promise.resolve() });
    const out = capture();
    // Nothing listens there: a Hello that goes out before the stop is simply lost.
    const port = await freeTcpPort();
    await program.parseAsync(
      ['sim', '--devices', '2', '--port-base', '0', '--setup-mode', '1', '--hello-to', `127.0.0.1:${port}`],
      { from: 'user' },
    );
    const lines = out.text().split('\n');
    expect(lines.filter((l) => l.endsWith('  setup mode'))).toHaveLength(1);
    expect(out.text()).toContain(`it sends PKI Hellos to 127.0.0.1:${port}`);
    expect(out.text()).toContain('cannot be provisioned without --tls');
    expect(process.exitCode).toBeUndefined();
    const refused = [
      ['--hello-to', '192.168.1.10:9971', '--setup-mode', '1'],
      ['--hello-to', '127.0.0.1', '--setup-mode', '1'],
      ['--hello-to', '127.0.0.1:9971'],
      ['--hello-to', '127.0.0.1:9971', '--setup-mode', '1', '--trust-hash', 'abc'],
      ['--trust-hash', 'ab'.repeat(20)],
      ['--pki-dns-suffix', 'example.test'],
      ['--setup-mode', '1', '--pki-dns-suffix', 'not a suffix'],
      ['--setup-mode', '1', '--hello-time-factor', '10'],
      ['--setup-mode', '3'],
      ['--rmcp-port', '70000'],
      ['--lab', '--rmcp-port', '623'],
    ];
    for (const args of refused) {
      process.exitCode = undefined;
      const before = out.errors().length;
      await program.parseAsync(['sim', '--port-base', '0', ...args], { from: 'user' });
      expect(out.errors().slice(before), args.join(' ')).toContain('(sim.bad-option)');
      expect(process.exitCode).toBe(1);
    }
  });

  it('--lab runs the varied lab set, and its import CSV makes managed devices that the CLI can use', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: stopped });
    process.env.SIM_TEST_PASSWORD = 'Lab-Passw0rd!';
    const out = capture();
    const run = program.parseAsync(['sim', '--lab', '--json', '--password-env', 'SIM_TEST_PASSWORD'], { from: 'user' });
    await out.firstOutput;
    const lab = JSON.parse(out.text()) as {
      importCsv: string;
      devices: Array<{ name: string; host: string; port: number; tls: boolean; fingerprint: string | null }>;
    };
    expect(lab.devices.map((d) => d.name)).toEqual(LAB_PROFILES.map((p) => p.key));
    expect(lab.devices.every((d) => d.host === '127.0.0.1')).toBe(true);
    expect(out.text()).not.toContain('Lab-Passw0rd!');
    const byName = Object.fromEntries(lab.devices.map((d) => [d.name, d]));
    const creds = { host: '127.0.0.1', user: 'admin', password: 'Lab-Passw0rd!' };
    const ccm = byName['lab-ccm-tls-12']!;
    const reply = await call(
      { ...creds, port: ccm.port, fingerprint: ccm.fingerprint ?? undefined },
      getBody(`${AMT}AMT_SetupAndConfigurationService`, '1'),
      { tls: true },
    );
    expect(valueOf(reply.body, 'ProvisioningMode')).toBe('4');
    const old = byName['lab-acm-http-8']!;
    const general = await call({ ...creds, port: old.port }, getBody(`${AMT}AMT_GeneralSettings`, '1'));
    expect(general.status).toBe(200);
    expect(valueOf(general.body, 'HostName')).toBe('lab-acm-http-8');
    const failing = byName['lab-failing-http-16']!;
    expect((await call({ ...creds, port: failing.port }, getBody(`${AMT}AMT_GeneralSettings`, '1'))).status).toBe(500);

    // The CSV it prints is what Devices > Import and `outband device import` take.
    const dir = await mkdtemp(join(tmpdir(), 'outband-lab-cli-'));
    try {
      const deps = { secrets: new TestSecretStore(), env: { ...process.env, OUTBAND_DATA_DIR: dir } };
      await writeFile(join(dir, 'lab.csv'), lab.importCsv);
      expect(
        (await runOutband(['vault', 'add', 'sim-lab', '--password-env', 'SIM_TEST_PASSWORD'], deps)).exitCode,
      ).toBe(0);
      const imported = await runOutband(['device', 'import', join(dir, 'lab.csv')], deps);
      expect(imported.stdout).toContain(
        `Added ${LAB_PROFILES.filter(isManagedLabProfile).length} device(s); skipped 0.`,
      );
      const listed = await runOutband(['device', 'list', '--json'], deps);
      const devices = JSON.parse(listed.stdout) as Array<{ name: string; tlsFingerprint?: string; tags: string[] }>;
      expect(devices.find((d) => d.name === 'lab-ccm-tls-12')?.tlsFingerprint).toBeTruthy();
      expect(devices.every((d) => d.tags.includes('simulated'))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    stop();
    await run;
    expect(process.exitCode).toBeUndefined();
  });

  it('--lab prints how to point the CLI and the app at it, and refuses fleet options', async () => {
    const program = new Command().exitOverride();
    registerSimCommands(program, { stop: Promise.resolve() });
    const out = capture();
    await program.parseAsync(['sim', '--lab'], { from: 'user' });
    const text = out.text();
    expect(text).toMatch(/^NAME +ADDRESS +TRANSPORT +UUID +WHAT$/m);
    expect(text).toMatch(/^lab-ccm-tls-12 +127\.0\.0\.1:\d+ +TLS +[0-9a-f-]{36} +client control mode/m);
    expect(text).toContain("export OUTBAND_AMT_PASSWORD='P@ssw0rd'");
    expect(text).toMatch(/outband power status (127\.0\.0\.1:\d+ ){4}--password-env OUTBAND_AMT_PASSWORD/);
    expect(text).toMatch(/outband info 127\.0\.0\.1:\d+ --tls --pin [0-9a-f]{64} --password-env/);
    expect(text).toContain('Devices > Import');
    expect(text).toContain('name,address,port,tls,credential,fingerprint,folder,tags');
    await program.parseAsync(['sim', '--lab', '--tls'], { from: 'user' });
    expect(out.errors()).toContain('(sim.bad-option)');
    expect(process.exitCode).toBe(1);
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
