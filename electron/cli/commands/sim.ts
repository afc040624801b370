// `outband sim`: runs a fleet of simulated AMT devices on loopback until Ctrl-C.
import { Command } from 'commander';
import { OutbandError, toErrorValue } from '../../../shared/errors';

/** One running simulated device, as the simulator reports it. */
export interface SimDeviceInfo {
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly url: string;
  readonly uuid: string;
  readonly fingerprint: string | null;
}

/** A running fleet. */
export interface SimFleetHandle {
  readonly devices: readonly SimDeviceInfo[];
  readonly user: string;
  readonly tlsIdentity: { readonly spkiSha256: string } | null;
  close(): Promise<void>;
}

/** The part of test/amt-sim the command uses (checked against the real module by its test). */
export interface SimModule {
  readonly DEFAULT_PASSWORD: string;
  startFleet(opts: {
    devices: number;
    portBase: number;
    addressing: 'ports' | 'addresses';
    host: string;
    tls: boolean;
    latencyMs: number;
    user: string;
    password: string;
  }): Promise<SimFleetHandle>;
}

/** Hooks for tests: stop without a signal, and a different simulator loader. */
export interface SimCommandDeps {
  readonly stop?: Promise<void>;
  readonly loadSimulator?: () => Promise<SimModule>;
}

interface SimOptions {
  devices: string;
  portBase?: string;
  tls?: boolean;
  latency: string;
  user: string;
  passwordEnv?: string;
  host: string;
  addresses?: boolean;
  json?: boolean;
}

// The simulator lives with the tests (test/amt-sim), outside the electron project; the bundler
// inlines it for the CLI build, while the type checker sees only SimModule.
const loadBundledSimulator = async (): Promise<SimModule> =>
  (await import('../../../test/amt-sim/index' as string)) as SimModule;

function positiveInt(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new OutbandError('sim.bad-option', `${what} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return n;
}

function readPassword(opts: SimOptions, fallback: string): { password: string; source: string } {
  if (opts.passwordEnv === undefined) return { password: fallback, source: 'default' };
  const value = process.env[opts.passwordEnv];
  if (value === undefined || value === '') {
    throw new OutbandError('sim.password-missing', `Environment variable ${opts.passwordEnv} is empty or not set.`);
  }
  return { password: value, source: `$${opts.passwordEnv}` };
}

function connectHelp(fleet: SimFleetHandle, password: { password: string; source: string }): string[] {
  const first = fleet.devices[0];
  if (first === undefined) return [];
  const pass = password.source === 'default' ? password.password : `$${password.source.slice(1)}`;
  const pin = fleet.tlsIdentity === null ? '' : ` -k --pinnedpubkey 'sha256//${fleet.tlsIdentity.spkiSha256}'`;
  return [
    '',
    `user ${fleet.user}, password ${password.source === 'default' ? `"${password.password}" (default)` : `from ${password.source}`}`,
    'try:',
    `  curl --digest --user "${fleet.user}:${pass}"${pin} -H 'Content-Type: application/soap+xml' \\`,
    `    --data-binary @request.xml ${first.url}`,
    'Ctrl-C stops the simulator.',
  ];
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

async function runSim(opts: SimOptions, deps: SimCommandDeps): Promise<void> {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(opts.host)) {
    throw new OutbandError('sim.bad-option', `The simulator only listens on loopback (127.x.y.z), not "${opts.host}".`);
  }
  const sim = await (deps.loadSimulator ?? loadBundledSimulator)();
  const password = readPassword(opts, sim.DEFAULT_PASSWORD);
  const tls = opts.tls === true;
  let fleet: SimFleetHandle;
  try {
    fleet = await sim.startFleet({
      devices: positiveInt(opts.devices, '--devices', 1, 5000),
      portBase: positiveInt(opts.portBase ?? (tls ? '16993' : '16992'), '--port-base', 0, 65535),
      addressing: opts.addresses === true ? 'addresses' : 'ports',
      host: opts.host,
      tls,
      latencyMs: positiveInt(opts.latency, '--latency', 0, 600_000),
      user: opts.user,
      password: password.password,
    });
  } catch (err) {
    if (err instanceof OutbandError) throw err;
    const { message } = toErrorValue(err);
    throw new OutbandError('sim.listen-failed', `Could not start the simulated devices: ${message}`);
  }
  const lines = fleet.devices.map(
    (d) => `${d.host}:${d.port}  ${d.uuid}  ${d.fingerprint === null ? 'no TLS' : `sha256 ${d.fingerprint}`}`,
  );
  if (opts.json === true) {
    const devices = fleet.devices.map(({ host, port, tls: t, url, uuid, fingerprint }) => ({
      host,
      port,
      tls: t,
      url,
      uuid,
      fingerprint,
    }));
    process.stdout.write(
      `${JSON.stringify({ user: fleet.user, passwordSource: password.source, devices }, null, 2)}\n`,
    );
  } else {
    process.stdout.write(`${[...lines, ...connectHelp(fleet, password)].join('\n')}\n`);
  }
  await (deps.stop ?? waitForSignal());
  await fleet.close();
}

/** Registers `outband sim`. */
export function registerSimCommands(program: Command, deps: SimCommandDeps = {}): void {
  program
    .command('sim')
    .description('run simulated Intel AMT devices (WS-Man over HTTP or TLS, digest auth) on loopback until Ctrl-C')
    .option('--devices <n>', 'number of devices', '1')
    .option(
      '--port-base <port>',
      'first port; device i listens on port-base + i (default 16992, 16993 with --tls; 0 = any free port)',
    )
    .option('--tls', 'serve TLS with a self-signed certificate generated at start')
    .option('--latency <ms>', 'delay before every answer', '0')
    .option('--user <name>', 'digest user name', 'admin')
    .option('--password-env <VAR>', 'read the password from this environment variable (default password: P@ssw0rd)')
    .option('--host <address>', 'loopback address to listen on', '127.0.0.1')
    .option('--addresses', 'one port, devices on consecutive addresses 127.0.0.1, 127.0.0.2, ...')
    .option('--json', 'print the devices as JSON')
    .action(async (opts: SimOptions) => {
      try {
        await runSim(opts, deps);
      } catch (err) {
        const { code, message } = toErrorValue(err);
        process.stderr.write(`outband: ${message} (${code})\n`);
        process.exitCode = 1;
      }
    });
}
