// `outband sim`: runs a fleet of simulated AMT devices on loopback until Ctrl-C.
import { Command } from 'commander';
import { OutbandError, toErrorValue } from '../../../shared/errors';
import { DEFAULT_PASSWORD, isLoopbackV4, startFleet, type Fleet } from '../../simulator';
import { printLab, runLab } from './sim-lab';

/** Hooks for tests: stop without a signal. */
export interface SimCommandDeps {
  readonly stop?: Promise<void>;
}

interface SimOptions {
  devices: string;
  portBase?: string;
  tls?: boolean;
  lab?: boolean;
  latency: string;
  user: string;
  passwordEnv?: string;
  host: string;
  addresses?: boolean;
  json?: boolean;
}

/** A whole number option in a range, or `sim.bad-option`. */
export function positiveInt(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new OutbandError('sim.bad-option', `${what} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return n;
}

/** The simulator's password: from --password-env, else the documented default. */
export function readPassword(opts: SimOptions, fallback: string): { password: string; source: string } {
  if (opts.passwordEnv === undefined) return { password: fallback, source: 'default' };
  const value = process.env[opts.passwordEnv];
  if (value === undefined || value === '') {
    throw new OutbandError('sim.password-missing', `Environment variable ${opts.passwordEnv} is empty or not set.`);
  }
  return { password: value, source: `$${opts.passwordEnv}` };
}

function connectHelp(fleet: Fleet, password: { password: string; source: string }): string[] {
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

/** Starts `what`, turning a failure to listen into `sim.listen-failed`. */
export async function listening<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (err) {
    if (err instanceof OutbandError) throw err;
    const { message } = toErrorValue(err);
    throw new OutbandError('sim.listen-failed', `Could not start the simulated devices: ${message}`);
  }
}

async function runSim(opts: SimOptions, deps: SimCommandDeps): Promise<void> {
  if (!isLoopbackV4(opts.host)) {
    throw new OutbandError('sim.bad-option', `The simulator only listens on loopback (127.x.y.z), not "${opts.host}".`);
  }
  const password = readPassword(opts, DEFAULT_PASSWORD);
  if (opts.lab === true) {
    if (opts.tls === true || opts.addresses === true || opts.devices !== '1') {
      throw new OutbandError(
        'sim.bad-option',
        '--lab starts a fixed set of plain and TLS devices; leave out --devices, --tls and --addresses.',
      );
    }
    const lab = await listening(() =>
      runLab({
        host: opts.host,
        portBase: positiveInt(opts.portBase ?? '0', '--port-base', 0, 65535),
        user: opts.user,
        password: password.password,
      }),
    );
    printLab(lab, password, opts.json === true);
    await (deps.stop ?? waitForSignal());
    await lab.close();
    return;
  }
  const tls = opts.tls === true;
  const fleet = await listening(() =>
    startFleet({
      devices: positiveInt(opts.devices, '--devices', 1, 5000),
      portBase: positiveInt(opts.portBase ?? (tls ? '16993' : '16992'), '--port-base', 0, 65535),
      addressing: opts.addresses === true ? 'addresses' : 'ports',
      host: opts.host,
      tls,
      latencyMs: positiveInt(opts.latency, '--latency', 0, 600_000),
      user: opts.user,
      password: password.password,
    }),
  );
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
      'first port; device i listens on port-base + i (default 16992, 16993 with --tls, free ports with --lab; 0 = any free port)',
    )
    .option('--tls', 'serve TLS with a self-signed certificate generated at start')
    .option(
      '--lab',
      'the lab: a fixed, varied set of plain and TLS devices (control modes, AMT versions, power states, one needing user consent, one slow, one failing); prints how to point the app and the CLI at it',
    )
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
