// `outband discover scan|listen|list|add|forget`: the Discovered screen from a shell.
import { Command, Option } from 'commander';
import { OutbandError, toErrorValue } from '../../../shared/errors';
import { nameKey } from '../../../shared/domain/common';
import type { Store } from '../../store/store';
import { CertificateService } from '../../certs/certificate-service';
import { DiscoveryService } from '../../discovery/discovery-service';
import type { Hello } from '../../discovery/hello';
import { DEFAULT_HELLO_PORT, HelloListener } from '../../discovery/listener';
import { scanForAmt, DEFAULT_SCAN_PORTS, type ScanFinding } from '../../discovery/scanner';
import { parseScanTargets } from '../../discovery/targets';
import { zoneRoots } from '../../discovery/zone-roots';
import { JobRunner } from '../../jobs/job-runner';
import { DeviceService } from '../../vault/device-service';
import { KeytarSecretStore, type SecretStore } from '../../vault/secret-store';
import { cliAction, formatTable, out, printJson } from '../output';
import { commandDataDir, withCommandStore } from './vault';

/** Hooks for tests: the keychain, the environment, and a way to stop `listen` without a signal. */
export interface DiscoverCliDeps {
  secrets?: SecretStore;
  env?: NodeJS.ProcessEnv;
  stop?: Promise<void>;
  /** Told where `listen` listens, once it does. */
  onListening?(at: { host: string; port: number }): void;
}

function whole(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) {
    throw new OutbandError('cli.bad-option', `${what} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return n;
}

function portList(text: string): number[] {
  const ports = text.split(',').map((p) => whole(p, '--ports', 1, 65535));
  if (ports.length > 16) throw new OutbandError('cli.bad-option', '--ports takes at most 16 ports.');
  return ports;
}

function discoveryOver(store: Store, cmd: Command, deps: DiscoverCliDeps): DiscoveryService {
  const certs = new CertificateService(commandDataDir(cmd, deps.env), deps.secrets ?? new KeytarSecretStore());
  return new DiscoveryService({
    store,
    devices: new DeviceService(store),
    // The CLI runs scans in the foreground; the runner is there for the service's shape only.
    jobs: new JobRunner(() => undefined),
    zoneRoots: () => zoneRoots(certs),
    onChanged: () => undefined,
    onHello: () => undefined,
    log: (line) => process.stderr.write(`outband: ${line}\n`),
  });
}

const STATE_WORDS = { pre: 'pre', in: 'in setup', post: 'provisioned' } as const;

function scanJson(f: ScanFinding) {
  return {
    address: f.address,
    provisioningState: f.provisioningState,
    amtVersion: f.amtVersion,
    tls: f.tls,
    ports: f.ports,
    via: f.via,
  };
}

function waitForStop(seconds: number | undefined, stop: Promise<void> | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = seconds === undefined ? undefined : setTimeout(done, seconds * 1000);
    function done() {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    }
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
    void stop?.then(done);
  });
}

function registerScan(discover: Command, deps: DiscoverCliDeps): void {
  const env = deps.env ?? process.env;
  discover
    .command('scan <range...>')
    .description(
      'scan IPv4 ranges (10.0.0.1-10.0.0.254), CIDR blocks (10.0.0.0/22), addresses and host names for Intel AMT',
    )
    .option('--rmcp-port <port>', 'UDP port of the RMCP presence ping', '623')
    .option('--ports <list>', 'TCP ports to probe, comma-separated', DEFAULT_SCAN_PORTS.join(','))
    .option('--concurrency <n>', 'hosts probed at once', '64')
    .option('--timeout <ms>', 'per-host timeout of each probe step', '3000')
    .option('--json', 'print an array of { address, provisioningState, amtVersion, tls, ports, via }')
    .action(
      cliAction(async (ranges: string[], o: Record<string, string | boolean>, cmd: Command) => {
        const targets = parseScanTargets(ranges);
        const tty = process.stderr.isTTY === true && o.json !== true;
        const result = await scanForAmt(targets, {
          rmcpPort: whole(String(o.rmcpPort), '--rmcp-port', 1, 65535),
          ports: portList(String(o.ports)),
          concurrency: whole(String(o.concurrency), '--concurrency', 1, 1024),
          timeoutMs: whole(String(o.timeout), '--timeout', 100, 60_000),
          onProgress: (done, total) => {
            if (tty) process.stderr.write(`\rscanned ${done} of ${total}`);
          },
        });
        if (tty) process.stderr.write('\n');
        for (const p of result.problems) process.stderr.write(`outband: ${p.message} (${p.code})\n`);
        // Findings join the discovered list of the data folder, as a scan in the app does.
        if (result.found.length > 0)
          await withCommandStore(cmd, env, false, (store) =>
            discoveryOver(store, cmd, deps).recordFindings(result.found),
          );
        const found = [...result.found].sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }));
        if (o.json === true) return printJson(found.map(scanJson));
        if (found.length === 0) return out(`No Intel AMT device answered among ${targets.length} host(s).`);
        out(
          formatTable(
            ['ADDRESS', 'AMT', 'STATE', 'TLS', 'PORTS', 'FOUND BY'],
            found.map((f) => [
              f.address,
              f.amtVersion ?? '?',
              f.provisioningState ? STATE_WORDS[f.provisioningState] : '?',
              f.tls ? 'yes' : 'no',
              f.ports.join(','),
              f.via.join('+'),
            ]),
          ),
        );
        out(`${found.length} device(s) among ${targets.length} host(s).`);
      }),
    );
}

function registerListen(discover: Command, deps: DiscoverCliDeps): void {
  const env = deps.env ?? process.env;
  discover
    .command('listen')
    .description('receive the Hello messages of devices in setup mode (provisioning listener) until Ctrl-C')
    .option('--port <port>', 'TCP port', String(DEFAULT_HELLO_PORT))
    .option('--host <address>', 'address to listen on', '0.0.0.0')
    .option('--for <seconds>', 'stop after this many seconds')
    .option('--json', 'print each Hello as one JSON line')
    .action(
      cliAction(async (o: Record<string, string | boolean | undefined>, cmd: Command) => {
        const port = whole(String(o.port), '--port', 1, 65535);
        const seconds = o.for === undefined ? undefined : whole(String(o.for), '--for', 1, 86_400);
        const host = String(o.host);
        let pending = Promise.resolve();
        const report = async (hello: Hello, source: string) => {
          // Each Hello is recorded with the lock taken only for that write, so the app stays usable.
          const match = await withCommandStore(cmd, env, false, (store) =>
            discoveryOver(store, cmd, deps).recordHello(hello, source),
          );
          if (o.json === true) {
            const { uuid, version, retry, hashes } = hello;
            out(JSON.stringify({ source, uuid, version, retry, hashes, canProvision: match?.canProvision ?? false }));
            return;
          }
          out(`Hello from ${source}: UUID ${hello.uuid}, retry ${hello.retry}, ${hello.hashes.length} trusted root(s)`);
          if (match) out(`  ${match.reason}`);
        };
        const listener = new HelloListener({
          host,
          port,
          onHello: (hello, source) => {
            pending = pending
              .then(() => report(hello, source))
              .catch((err: unknown) => {
                const { code, message } = toErrorValue(err);
                process.stderr.write(`outband: could not record the Hello from ${source}: ${message} (${code})\n`);
              });
          },
          onDropped: (source, reason) => process.stderr.write(`outband: dropped a message from ${source}: ${reason}\n`),
        });
        const at = await listener.start();
        process.stderr.write(
          `Listening for Hellos on ${at.host}:${at.port}${seconds ? ` for ${seconds} s` : ''}; Ctrl-C stops.\n`,
        );
        deps.onListening?.(at);
        await waitForStop(seconds, deps.stop);
        await listener.stop();
        await pending;
      }),
    );
}

function registerManage(discover: Command, deps: DiscoverCliDeps): void {
  const env = deps.env ?? process.env;
  discover
    .command('list')
    .description('the discovered devices (they expire after the time set in the app, 12 hours by default)')
    .option('--json', 'print JSON')
    .action(
      cliAction(async (o: { json?: boolean }, cmd: Command) => {
        const { devices } = await withCommandStore(cmd, env, true, (store) => discoveryOver(store, cmd, deps).list());
        if (o.json === true) return printJson(devices);
        if (devices.length === 0) return out('No discovered devices.');
        out(
          formatTable(
            ['ADDRESS', 'UUID', 'AMT', 'STATE', 'TLS', 'FOUND BY', 'LAST SEEN', 'PROVISIONING'],
            devices.map((d) => [
              d.address,
              d.uuid ?? '',
              d.amtVersion ?? '?',
              d.provisioningState ? STATE_WORDS[d.provisioningState] : '?',
              d.tls === undefined ? '?' : d.tls ? 'yes' : 'no',
              d.via.join('+'),
              d.lastSeen,
              d.match?.reason ?? '',
            ]),
          ),
        );
      }),
    );
  discover
    .command('add <address...>')
    .description('add discovered devices to the managed devices')
    .option('--folder <path>', 'folder path (created if missing)')
    .option('--credential <name>', 'vault credential the devices use')
    .addOption(new Option('--tls', 'use TLS (default: TLS where the device offers it)').conflicts('plain'))
    .addOption(new Option('--plain', 'use plain HTTP').conflicts('tls'))
    .action(
      cliAction(
        async (
          addresses: string[],
          o: { folder?: string; credential?: string; tls?: boolean; plain?: boolean },
          cmd: Command,
        ) => {
          const result = await withCommandStore(cmd, env, false, async (store) => {
            let credentialId: string | undefined;
            if (o.credential !== undefined) {
              const key = nameKey(o.credential);
              const found = (await store.get('credentials')).credentials.find((c) => nameKey(c.name) === key);
              if (!found)
                throw new OutbandError('vault.not-found', `No credential named "${o.credential}" in the vault.`);
              credentialId = found.id;
            }
            const folderId = o.folder ? await new DeviceService(store).folders.ensurePath(o.folder) : null;
            return discoveryOver(store, cmd, deps).addToManaged({
              addresses,
              folderId,
              credentialId,
              tlsMode: o.tls ? 'tls' : o.plain ? 'plain' : undefined,
            });
          });
          for (const d of result.added) out(`added ${d.name} (${d.address}, ${d.tlsMode})`);
          for (const p of result.problems) process.stderr.write(`outband: ${p.address}: ${p.message} (${p.code})\n`);
          if (result.problems.length > 0) process.exitCode = 1;
        },
      ),
    );
  discover
    .command('forget <address...>')
    .description('remove devices from the discovered list')
    .action(
      cliAction(async (addresses: string[], _o: unknown, cmd: Command) => {
        const n = await withCommandStore(cmd, env, false, (store) => discoveryOver(store, cmd, deps).forget(addresses));
        out(`Forgot ${n} discovered device(s).`);
        if (n < addresses.length)
          process.stderr.write(`outband: ${addresses.length - n} address(es) were not in the list.\n`);
      }),
    );
}

/** Registers `outband discover scan|listen|list|add|forget`. */
export function registerDiscoverCommands(program: Command, deps: DiscoverCliDeps = {}): void {
  const discover = program
    .command('discover')
    .description('find Intel AMT devices: network scans and setup-mode Hellos');
  registerScan(discover, deps);
  registerListen(discover, deps);
  registerManage(discover, deps);
}
