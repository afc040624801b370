// `outband sim`: runs a fleet of simulated AMT devices on loopback until Ctrl-C.
import { Command } from 'commander';
import { OutbandError, toErrorValue } from '../../../shared/errors';
import {
  DEFAULT_PASSWORD,
  isLoopbackV4,
  rootHashAlgorithmOf,
  startFleet,
  startLab,
  type Fleet,
  type FleetDeviceOptions,
  type TrustedRootHash,
} from '../../simulator';
import { printLab } from './sim-lab';

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
  rmcpPort?: string;
  setupMode?: string;
  helloTo?: string;
  helloTimeFactor?: string;
  trustHash?: string[];
  pkiDnsSuffix?: string;
  redirectionPortBase?: string;
  solPlainAuth?: boolean;
}

/**
 * Where the fleet serves SOL (undefined: nowhere). --redirection-port-base wins; otherwise two ports
 * above WS-Man as firmware does (16992 → 16994, 16993 → 16995) where that cannot collide with
 * another device's WS-Man port (--addresses, or one device), free ports with --port-base 0, and
 * none for a fleet on consecutive ports (it needs --redirection-port-base).
 */
export function redirectionPortBase(opts: SimOptions, devices: number, wsmanBase: number): number | undefined {
  if (opts.redirectionPortBase !== undefined) {
    return positiveInt(opts.redirectionPortBase, '--redirection-port-base', 0, 65535);
  }
  if (wsmanBase === 0) return 0;
  if ((opts.addresses === true || devices === 1) && wsmanBase + 2 <= 65535) return wsmanBase + 2;
  return undefined;
}

/** Says where the devices serve Serial-over-LAN. */
function solLines(fleet: Fleet, opts: SimOptions): string[] {
  const first = fleet.devices[0];
  if (first === undefined) return [];
  const how = opts.tls === true ? 'over TLS' : 'plain';
  if (first.redirectionPort === null) {
    return [
      '',
      'Serial-over-LAN: off for a fleet on consecutive ports; add --redirection-port-base Q (device i on Q + i).',
    ];
  }
  const ports = new Set(fleet.devices.map((d) => d.redirectionPort));
  const where =
    fleet.devices.length === 1
      ? `port ${first.redirectionPort}`
      : ports.size === 1
        ? `port ${first.redirectionPort} of every device's address`
        : opts.redirectionPortBase !== undefined && opts.redirectionPortBase !== '0'
          ? `ports ${first.redirectionPort}.. (device i on ${first.redirectionPort} + i)`
          : 'free ports (--json lists them as redirectionPort)';
  const plain = opts.solPlainAuth === true ? ', legacy plain login accepted too' : '';
  return ['', `Serial-over-LAN (redirection, ${how}): ${where}; digest login${plain}.`];
}

/** What the discovery and provisioning options ask for, checked. */
interface DiscoveryPlan {
  readonly rmcpPort: number | undefined;
  readonly setupMode: number;
  readonly hello: { host: string; port: number; timeFactor: number } | null;
  /** Trusted-root hashes added for setup-mode devices (Hellos and connect-back checks). */
  readonly hashes: TrustedRootHash[];
  /** The PKI DNS suffix of setup-mode devices, or null for their domain name. */
  readonly pkiDnsSuffix: string | null;
}

/** A whole number option in a range, or `sim.bad-option`. */
export function positiveInt(text: string, what: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new OutbandError('sim.bad-option', `${what} must be a whole number from ${min} to ${max}, got "${text}".`);
  }
  return n;
}

/** HOST:PORT for --hello-to; HOST must be loopback. */
export function parseHelloTarget(text: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(text);
  if (m === null) throw new OutbandError('sim.bad-option', `--hello-to must be HOST:PORT, got "${text}".`);
  const host = m[1] ?? '';
  if (!isLoopbackV4(host)) {
    throw new OutbandError('sim.bad-option', `--hello-to must be a loopback address (127.x.y.z), not "${host}".`);
  }
  return { host, port: positiveInt(m[2] ?? '', '--hello-to port', 1, 65535) };
}

/** A --trust-hash value: 40, 64 or 96 hex digits (SHA-1, SHA-256, SHA-384). */
export function parseTrustHash(text: string): TrustedRootHash {
  const alg = rootHashAlgorithmOf(text);
  if (alg === null) {
    throw new OutbandError(
      'sim.bad-option',
      `--trust-hash must be 40, 64 or 96 hex digits (SHA-1, SHA-256, SHA-384), got "${text}".`,
    );
  }
  return { alg, hex: text.toLowerCase() };
}

/** A --pki-dns-suffix value: a DNS name such as example.com. */
export function parsePkiDnsSuffix(text: string): string {
  if (text.length > 253 || !/^[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})*$/.test(text)) {
    throw new OutbandError('sim.bad-option', `--pki-dns-suffix must be a DNS name such as example.com, got "${text}".`);
  }
  return text.toLowerCase();
}

/** Checks the discovery and provisioning options against each other and the fleet size. */
function discoveryPlan(opts: SimOptions, devices: number): DiscoveryPlan {
  const rmcpPort = opts.rmcpPort === undefined ? undefined : positiveInt(opts.rmcpPort, '--rmcp-port', 0, 65535);
  const setupMode = positiveInt(opts.setupMode ?? '0', '--setup-mode', 0, devices);
  const hashes = (opts.trustHash ?? []).map(parseTrustHash);
  const pkiDnsSuffix = opts.pkiDnsSuffix === undefined ? null : parsePkiDnsSuffix(opts.pkiDnsSuffix);
  if (setupMode === 0 && (hashes.length > 0 || pkiDnsSuffix !== null)) {
    throw new OutbandError(
      'sim.bad-option',
      '--trust-hash and --pki-dns-suffix need --setup-mode K: they apply to devices in setup mode.',
    );
  }
  if (opts.helloTo === undefined) {
    if (opts.helloTimeFactor !== undefined) {
      throw new OutbandError('sim.bad-option', '--hello-time-factor needs --hello-to.');
    }
    return { rmcpPort, setupMode, hello: null, hashes, pkiDnsSuffix };
  }
  if (setupMode === 0) {
    throw new OutbandError(
      'sim.bad-option',
      '--hello-to needs --setup-mode K: only devices in setup mode send Hellos.',
    );
  }
  return {
    rmcpPort,
    setupMode,
    hello: {
      ...parseHelloTarget(opts.helloTo),
      timeFactor: positiveInt(opts.helloTimeFactor ?? '1', '--hello-time-factor', 1, 1_000_000),
    },
    hashes,
    pkiDnsSuffix,
  };
}

/** Device i's options: the first K devices are in setup mode (and send Hellos), the others set up. */
function perDevice(plan: DiscoveryPlan): (i: number) => FleetDeviceOptions {
  return (i) => {
    if (i >= plan.setupMode) return { provisioningState: 2 };
    const setup: FleetDeviceOptions = {
      provisioningState: 1,
      trustedRootHashes: plan.hashes.map((h) => ({ ...h })),
      ...(plan.pkiDnsSuffix === null ? {} : { pkiDnsSuffix: plan.pkiDnsSuffix }),
    };
    if (plan.hello === null) return setup;
    const { host, port, timeFactor } = plan.hello;
    return { ...setup, hello: { to: { host, port }, timeFactor } };
  };
}

/** How a setup-mode device can be provisioned from this fleet: the connect-back it accepts. */
function connectBackHelp(fleet: Fleet, plan: DiscoveryPlan, tls: boolean): string {
  if (!tls) {
    return 'They cannot be provisioned without --tls: the connect-back is mutual TLS, and their plain port answers only Identify.';
  }
  const first = fleet.devices[0];
  const suffix = plan.pkiDnsSuffix ?? first?.state.domainName ?? '';
  const roots = plan.hashes.length === 0 ? 'a built-in root' : 'a built-in root or a --trust-hash root';
  return (
    `Connect-back (provisioning): mutual TLS to their TLS port, with a client certificate chain to ${roots}, ` +
    `EKU serverAuth and 2.16.840.1.113741.1.2.3 (or OU "Intel(R) Client Setup Certificate"), and a CN under "${suffix}".`
  );
}

/** Says which devices answer RMCP and which are in setup mode and where they send Hellos. */
function discoveryHelp(fleet: Fleet, plan: DiscoveryPlan, addresses: boolean, tls: boolean): string[] {
  const lines: string[] = [];
  const first = fleet.devices[0];
  if (plan.rmcpPort !== undefined && first !== undefined) {
    const ports = new Set(fleet.devices.map((d) => d.rmcpPort));
    if (!addresses) {
      lines.push(
        `RMCP presence ping: only the first device answers, on UDP ${first.host}:${first.rmcpPort ?? ''} (use --addresses for one responder per device).`,
      );
    } else if (ports.size === 1) {
      lines.push(`RMCP presence ping: every device answers on UDP port ${first.rmcpPort ?? ''} of its own address.`);
    } else {
      lines.push(
        'RMCP presence ping: every device answers on its own address, each on a free UDP port (--json lists them).',
      );
    }
  }
  if (plan.setupMode > 0) {
    const one = plan.setupMode === 1;
    const which = one ? 'the first device' : `the first ${plan.setupMode} devices`;
    const where =
      plan.hello === null
        ? `${one ? 'it sends' : 'they send'} no Hellos (no --hello-to)`
        : `${one ? 'it sends' : 'they send'} PKI Hellos to ${plan.hello.host}:${plan.hello.port}` +
          (plan.hello.timeFactor === 1 ? '' : ` (schedule ${plan.hello.timeFactor} times faster)`);
    lines.push(`Setup mode (ProvisioningState 1): ${which}, marked "setup mode" above; ${where}.`);
    lines.push(connectBackHelp(fleet, plan, tls));
  }
  return lines.length === 0 ? [] : ['', ...lines];
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
    ...solHelp(fleet, pass),
    'Ctrl-C stops the simulator.',
  ];
}

/** How to open the first device's Serial-over-LAN console (outband sol, and amtterm when it can log in). */
function solHelp(fleet: Fleet, pass: string): string[] {
  const first = fleet.devices[0];
  if (first === undefined || first.redirectionPort === null) return [];
  const pin = fleet.tlsIdentity === null ? '' : ` --tls --pin ${fleet.tlsIdentity.fingerprint}`;
  const lines = [
    `  OUTBAND_AMT_PASSWORD="${pass}" outband sol ${first.host}:${first.redirectionPort}${pin} --user ${fleet.user}`,
  ];
  if (fleet.tlsIdentity === null && first.sim.redirection.opts.plainAuth === true) {
    lines.push(`  amtterm -u ${fleet.user} -p "${pass}" ${first.host} ${first.redirectionPort}`);
  }
  return lines;
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
    // The lab's setup-mode device takes --hello-to, --trust-hash and --pki-dns-suffix.
    const discovery = [
      opts.rmcpPort,
      opts.setupMode,
      opts.helloTimeFactor,
      opts.redirectionPortBase,
      opts.solPlainAuth,
    ];
    if (
      opts.tls === true ||
      opts.addresses === true ||
      opts.devices !== '1' ||
      discovery.some((o) => o !== undefined)
    ) {
      throw new OutbandError(
        'sim.bad-option',
        '--lab starts a fixed set of plain and TLS devices (SOL on free ports); leave out --devices, --tls, --addresses, --rmcp-port, --setup-mode, --hello-time-factor, --redirection-port-base and --sol-plain-auth (its setup-mode device takes --hello-to, --trust-hash and --pki-dns-suffix).',
      );
    }
    const lab = await listening(() =>
      startLab({
        host: opts.host,
        portBase: positiveInt(opts.portBase ?? '0', '--port-base', 0, 65535),
        user: opts.user,
        password: password.password,
        ...(opts.helloTo === undefined ? {} : { helloTo: parseHelloTarget(opts.helloTo) }),
        ...(opts.pkiDnsSuffix === undefined ? {} : { pkiDnsSuffix: opts.pkiDnsSuffix }),
        ...(opts.trustHash === undefined ? {} : { trustedRootHashes: opts.trustHash.map(parseTrustHash) }),
      }),
    );
    printLab(lab, password, opts.json === true);
    await (deps.stop ?? waitForSignal());
    await lab.close();
    return;
  }
  const tls = opts.tls === true;
  const devices = positiveInt(opts.devices, '--devices', 1, 5000);
  const plan = discoveryPlan(opts, devices);
  const wsmanBase = positiveInt(opts.portBase ?? (tls ? '16993' : '16992'), '--port-base', 0, 65535);
  const fleet = await listening(() =>
    startFleet({
      devices,
      portBase: wsmanBase,
      addressing: opts.addresses === true ? 'addresses' : 'ports',
      host: opts.host,
      tls,
      latencyMs: positiveInt(opts.latency, '--latency', 0, 600_000),
      user: opts.user,
      password: password.password,
      rmcpPort: plan.rmcpPort,
      perDevice: perDevice(plan),
      redirectionPortBase: redirectionPortBase(opts, devices, wsmanBase),
      ...(opts.solPlainAuth === true ? { device: { solPlainAuth: true } } : {}),
    }),
  );
  const lines = fleet.devices.map(
    (d) =>
      `${d.host}:${d.port}  ${d.uuid}  ${d.fingerprint === null ? 'no TLS' : `sha256 ${d.fingerprint}`}` +
      (d.state.provisioningState === 1 ? '  setup mode' : ''),
  );
  if (opts.json === true) {
    const list = fleet.devices.map(
      ({ host, port, tls: t, url, uuid, fingerprint, rmcpPort, redirectionPort, state }, i) => ({
        host,
        port,
        redirectionPort,
        tls: t,
        url,
        uuid,
        fingerprint,
        rmcpPort,
        provisioningState: state.provisioningState,
        helloTo: plan.hello !== null && i < plan.setupMode ? `${plan.hello.host}:${plan.hello.port}` : null,
        pkiDnsSuffix: i < plan.setupMode ? (state.pkiDnsSuffix ?? state.domainName) : null,
      }),
    );
    process.stdout.write(
      `${JSON.stringify({ user: fleet.user, passwordSource: password.source, devices: list }, null, 2)}\n`,
    );
  } else {
    const discovery = discoveryHelp(fleet, plan, opts.addresses === true, tls);
    process.stdout.write(
      `${[...lines, ...solLines(fleet, opts), ...discovery, ...connectHelp(fleet, password)].join('\n')}\n`,
    );
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
    .option(
      '--rmcp-port <port>',
      'answer RMCP/ASF presence pings on this UDP port (623 on real firmware; with --addresses every device answers on its own address, otherwise only the first device)',
    )
    .option('--setup-mode <k>', 'the first K devices start in setup mode (ProvisioningState 1), the others provisioned')
    .option('--hello-to <host:port>', 'where setup-mode devices send PKI Hellos (a loopback address)')
    .option('--hello-time-factor <n>', 'run the Hello schedule N times faster (default 1)')
    .option(
      '--trust-hash <hex>',
      'setup-mode devices also trust this root certificate hash, in their Hellos and for the connect-back (40, 64 or 96 hex digits: SHA-1, SHA-256, SHA-384); repeatable',
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option(
      '--redirection-port-base <port>',
      'device i serves redirection (Serial-over-LAN) on this port + i, TLS with --tls (default: the WS-Man port + 2, i.e. 16994 / 16995, with --addresses or one device; free ports with --port-base 0; 0 = free ports)',
    )
    .option(
      '--sol-plain-auth',
      "also accept the legacy plain redirection login (AMT's deprecated MEBx option), which Debian's amtterm 1.4 needs",
    )
    .option(
      '--pki-dns-suffix <suffix>',
      "the PKI DNS suffix of setup-mode devices: the connect-back certificate's CN must be it or end in .SUFFIX (default: the device's domain name)",
    )
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
