/**
 * `outband info <host>` and `outband power status|on|off|reset|cycle|… <host...>`: the AMT
 * operations of electron/amt/ over many hosts at once, with bounded concurrency.
 * Passwords come from an environment variable named by --password-env, or from a credential
 * resolver plugged in with setCredentialResolver (the vault's `--credential NAME`).
 *
 * TLS is never unverified. The device certificate must match `--pin`, or chain to `--ca`; with
 * `--credential` and neither of those, a managed device at the same host:port in the data folder
 * lends its stored pin. Without any pin the certificate is trusted on first use, explicitly: its
 * fingerprint is printed (stderr, and `tlsFingerprint` with `tlsTrust: "first-use"` in --json) so
 * it can be checked and pinned. A certificate that does not match a pin is a hard error showing
 * both fingerprints.
 *
 * `power bios|pxe` on a device that needs user consent (client control mode) asks for the code
 * on its screen: at a terminal by prompting, otherwise from the variable named by
 * --consent-code-env (one host); without either it fails with `amt.user-consent-required`, leaving
 * the code showing so a second run can send it.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { Command, Option } from 'commander';
import { OutbandError, toErrorValue, type ErrorValue } from '../../../shared/errors';
import { Limiter } from '../../wsman';
import {
  BASIC_POWER_ACTIONS,
  bootTo,
  defaultWsmanPort,
  getDeviceInfo,
  getPowerStatus,
  openAmtSession,
  POWER_STATES,
  parsePowerState,
  type AmtSession,
  type DeviceInfo,
  type PowerStateInfo,
} from '../../amt';
import { obtainConsent, type ConsentHooks } from '../../power/consent-step';
import { applyAction } from '../../power/power-steps';
import { withDeviceSession, type DeviceSessionDeps } from '../../power/device-session';
import { resolveDataDir } from '../../store/data-dir';
import { withStore } from '../../store/session';
import type { Store } from '../../store/store';
import { type HostTarget } from '../hosts';
import { resolveTargets, type TargetInventory } from '../targets';

/** What a credential resolver is asked for. */
export interface CredentialRequest {
  /** The --credential name. */
  name: string;
  host: string;
  port: number;
}

/** Finds the user and password of a named credential (e.g. in the vault). */
export type CredentialResolver = (req: CredentialRequest) => Promise<{ user?: string; password: string }>;

let credentialResolver: CredentialResolver | undefined;

/** Plugs in (or removes) the resolver used by `--credential NAME`. */
export function setCredentialResolver(fn: CredentialResolver | undefined): void {
  credentialResolver = fn;
}

/** Options every AMT command takes. */
interface CommonOptions {
  tls?: boolean;
  user: string;
  passwordEnv: string;
  credential?: string;
  pin?: string;
  ca?: string;
  legacyTls?: boolean;
  concurrency: string;
  timeout: string;
  json?: boolean;
  yes?: boolean;
  /** The root program's --data-dir (for the pins of managed devices). */
  dataDir?: string;
  /** bios/pxe: the environment variable that holds the user-consent code (one host). */
  consentCodeEnv?: string;
  /** Managed devices in this folder and below. */
  folder?: string;
  /** Managed devices with any of these tags. */
  tag?: string[];
  /** Every managed device. */
  all?: boolean;
  plain?: boolean;
}

/**
 * How a TLS host's certificate was checked: the --pin, a managed device's pin, --ca, or not yet
 * (first use). A managed device seen first now is pinned in the data folder (`first-use-pinned`).
 */
type TlsTrust = 'pin' | 'stored-pin' | 'ca' | 'first-use' | 'first-use-pinned';

/** One host's outcome, with the certificate it showed over TLS. */
interface HostResult<T> {
  target: HostTarget;
  value?: T;
  error?: ErrorValue;
  tls?: { fingerprint: string; trust: TlsTrust; pinError?: string };
}

const DEFAULT_PASSWORD_ENV = 'OUTBAND_AMT_PASSWORD';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** How to choose devices: words (device names or hosts) plus these selectors of managed devices. */
const TARGETS_HELP =
  'managed device names (outband device list), host[:port] addresses, or @file (one a line); managed devices use their own credential, TLS mode, port and pin';

function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('--folder <path>', 'every managed device in this folder and its subfolders, e.g. "Site A/Floor 2"')
    .option('--tag <tag>', 'every managed device with this tag (repeatable: any of them)', collect)
    .option('--all', 'every managed device');
}

function addCommonOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--tls',
        'host addresses: use HTTPS on 16993; the certificate must match --pin, chain to --ca, or (with --credential) match the pin of the managed device at that host:port; with none of these it is trusted on first use and its fingerprint printed',
      ).conflicts('plain'),
    )
    .addOption(new Option('--plain', 'host addresses: plain HTTP on 16992 (the default)').conflicts('tls'))
    .option('--user <name>', 'AMT user name', 'admin')
    .option('--password-env <var>', 'environment variable that holds the password', DEFAULT_PASSWORD_ENV)
    .option('--credential <name>', 'a stored credential (needs the vault)')
    .option('--pin <sha256>', 'expected SHA-256 fingerprint of the device certificate (one host)')
    .option('--ca <file>', 'PEM file of CA certificates to verify the device certificate against')
    .option('--legacy-tls', 'allow the old TLS cipher suites of AMT 11/12')
    .option('--concurrency <n>', 'how many devices to talk to at once', '8')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', '30000')
    .option('--json', 'print JSON');
}

function positiveInt(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new OutbandError('cli.bad-option', `${what} must be a positive integer.`);
  return n;
}

/** The vault of the command's data folder, loaded only when a credential is asked for. */
const vaultResolver =
  (o: CommonOptions): CredentialResolver =>
  async ({ name }) => {
    const { resolveCredentialByName } = await import('./vault');
    const credential = await resolveCredentialByName(resolveDataDir({ flag: o.dataDir }), name);
    return { user: credential.loginName, password: credential.password };
  };

async function credentialsFor(o: CommonOptions, t: HostTarget): Promise<{ user: string; password: string }> {
  if (o.credential !== undefined) {
    const found = await (credentialResolver ?? vaultResolver(o))({ name: o.credential, host: t.host, port: t.port });
    return { user: found.user ?? o.user, password: found.password };
  }
  const password = process.env[o.passwordEnv];
  if (!password) {
    const whose = t.device ? `Device "${t.device.name}" has no vault credential. ` : '';
    throw new OutbandError(
      'cli.password-missing',
      `${whose}Set the password in the environment variable ${o.passwordEnv} (or name another with --password-env), or use a vault credential with --credential NAME.`,
    );
  }
  return { user: o.user, password };
}

interface RunContext {
  opts: CommonOptions;
  targets: HostTarget[];
  limiter: Limiter;
  ca?: string;
  /** Pins of managed TLS devices by hostKey, used when --credential is given without --pin/--ca. */
  storedPins: Map<string, string>;
  /** How managed devices are reached (their credentials, the zone's plain-HTTP policy). */
  managed: ManagedAccess;
}

/** What sessions to managed devices need from the data folder, read once per command. */
interface ManagedAccess {
  dataDir: string;
  plainHttpAllowed: boolean;
  /** Fingerprints seen on first contact with unpinned TLS devices, to pin after the run. */
  firstUse: Map<string, string>;
  /** Digest realms learnt on first contact with devices that had none, to remember after the run. */
  realms: Map<string, string>;
}

const hostKey = (host: string, port: number) => `${host.toLowerCase()}#${port}`;

/** The pins stored for the managed TLS devices of the data folder. */
function storedPins(opts: CommonOptions, inv: TargetInventory): Map<string, string> {
  const pins = new Map<string, string>();
  if (!opts.tls || opts.credential === undefined || opts.pin !== undefined || opts.ca !== undefined) return pins;
  for (const d of inv.devices) {
    if (d.tlsMode !== 'tls' || !d.tlsFingerprint) continue;
    pins.set(hostKey(d.address, d.port ?? defaultWsmanPort(true)), d.tlsFingerprint);
  }
  return pins;
}

/** The inventory and zone policy of the data folder, read without the lock (the app may be open). */
async function readInventory(dataDir: string): Promise<TargetInventory & { plainHttpAllowed: boolean }> {
  return withStore(dataDir, { readOnly: true }, async (store: Store) => {
    const doc = await store.get('devices');
    const zone = await store.get('zone');
    return { devices: doc.devices, folders: doc.folders, plainHttpAllowed: zone.zone.allowPlainHttp };
  });
}

async function prepare(hostArgs: string[], opts: CommonOptions): Promise<RunContext> {
  const concurrency = positiveInt(opts.concurrency, '--concurrency');
  positiveInt(opts.timeout, '--timeout');
  const dataDir = resolveDataDir({ flag: opts.dataDir });
  const inv = await readInventory(dataDir);
  const targets = await resolveTargets(hostArgs, opts, inv, defaultWsmanPort(Boolean(opts.tls)));
  if (opts.pin !== undefined && targets.length > 1)
    throw new OutbandError('cli.bad-option', '--pin names the certificate of one host; give one host.');
  const pinned = targets.find((t) => t.device);
  if (opts.pin !== undefined && pinned)
    throw new OutbandError(
      'cli.bad-option',
      `--pin is for host addresses; the managed device "${pinned.input}" is checked against its own stored pin. Leave out --pin.`,
    );
  let ca: string | undefined;
  if (opts.ca !== undefined) {
    try {
      ca = readFileSync(opts.ca, 'utf8');
    } catch (err) {
      throw new OutbandError('cli.ca-unreadable', `Cannot read the CA file ${opts.ca}: ${(err as Error).message}`);
    }
  }
  return {
    opts,
    targets,
    limiter: new Limiter(concurrency),
    ca,
    storedPins: storedPins(opts, inv),
    managed: { dataDir, plainHttpAllowed: inv.plainHttpAllowed, firstUse: new Map(), realms: new Map() },
  };
}

// Stands in for "no vault credential" so a managed device without one falls back to --credential/--password-env.
const FALLBACK_CREDENTIAL = '\0cli-fallback';

/**
 * Runs fn on a managed device the way the app does (power/device-session.ts): its address, port,
 * TLS mode, pin and legacy-cipher setting, its vault credential, and the zone's plain-HTTP policy.
 * A TLS device without a pin is trusted on first use; its fingerprint is pinned after the run.
 */
async function withManagedSession<T>(
  ctx: RunContext,
  target: HostTarget,
  fn: (s: AmtSession, t: HostTarget) => Promise<T>,
  seen: (session: AmtSession) => void,
): Promise<T> {
  const device = target.device!;
  const o = ctx.opts;
  const deps: DeviceSessionDeps = {
    resolveCredential: async (id) => {
      if (id === FALLBACK_CREDENTIAL) {
        const { user, password } = await credentialsFor(o, target);
        return { loginName: user, password };
      }
      const [{ Vault }, { KeytarSecretStore }] = await Promise.all([
        import('../../vault/vault'),
        import('../../vault/secret-store'),
      ]);
      return withStore(ctx.managed.dataDir, { readOnly: true }, (store) =>
        new Vault(store, new KeytarSecretStore()).resolvePassword(id),
      );
    },
    pinIfUnset: async (id, fingerprint) => void ctx.managed.firstUse.set(id, fingerprint),
    rememberRealm: (id, realm) => void ctx.managed.realms.set(id, realm),
    plainHttpAllowed: async () => ctx.managed.plainHttpAllowed,
    requestTimeoutMs: Number(o.timeout),
    openSession: (opts) => {
      const session = openAmtSession({ ...opts, limiter: ctx.limiter });
      seen(session);
      return session;
    },
  };
  return withDeviceSession({ ...device, credentialId: device.credentialId ?? FALLBACK_CREDENTIAL }, deps, (session) =>
    fn(session, target),
  );
}

/**
 * Stores the pins of managed devices first seen in this run (taking the data-folder lock briefly).
 * Returns the ids that could not be pinned (the app holds the folder, or another pin came first).
 */
async function pinFirstUse(ctx: RunContext): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  if (ctx.managed.firstUse.size === 0 && ctx.managed.realms.size === 0) return failed;
  const { DeviceService } = await import('../../vault/device-service');
  try {
    await withStore(ctx.managed.dataDir, {}, async (store) => {
      const devices = new DeviceService(store);
      for (const [id, fingerprint] of ctx.managed.firstUse) {
        try {
          await devices.pinIfUnset(id, fingerprint);
        } catch (err) {
          failed.set(id, toErrorValue(err).message);
        }
      }
      // The realm is the device's identity from now on, as in the app; one the app or another run
      // learnt meanwhile is kept (a different one would have failed this run as identity-changed).
      for (const [id, realm] of ctx.managed.realms) {
        // Best effort, one device at a time: a device removed meanwhile learns it next time.
        try {
          const device = await devices.get(id);
          if (device.firmware?.realm === undefined) await devices.recordFirmware(id, { realm });
        } catch {
          /* removed meanwhile */
        }
      }
    });
  } catch (err) {
    const why = toErrorValue(err).message;
    for (const id of ctx.managed.firstUse.keys()) if (!failed.has(id)) failed.set(id, why);
  }
  return failed;
}

/** A hint for a host address that may be spoken to in the wrong protocol. */
function protocolHint(t: HostTarget, tls: boolean, code: string): string {
  if (t.device) return '';
  if (code === 'wsman.host-not-found' && !/[.:]/.test(t.input))
    return ' It is not the name of a managed device either (outband device list shows them).';
  if (!tls && ['wsman.connection-reset', 'wsman.unexpected-response', 'wsman.bad-request'].includes(code))
    return ' If this port serves HTTPS (AMT uses 16993 for TLS), add --tls.';
  if (
    tls &&
    [
      'wsman.connect-timeout',
      'wsman.timeout',
      'wsman.connection-reset',
      'wsman.tls-handshake-failed',
      'wsman.network-error',
    ].includes(code)
  )
    return ' If this port serves plain HTTP (AMT uses 16992 without TLS), use --plain instead of --tls.';
  return '';
}

/** Runs fn per host, at most `concurrency` at a time, each in its own session. */
async function forEachHost<T>(
  ctx: RunContext,
  fn: (s: AmtSession, t: HostTarget) => Promise<T>,
): Promise<Array<HostResult<T>>> {
  const results = new Array<HostResult<T>>(ctx.targets.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < ctx.targets.length; i = next++) {
      const target = ctx.targets[i];
      const o = ctx.opts;
      if (target.device) {
        const device = target.device;
        let session: AmtSession | undefined;
        try {
          results[i] = { target, value: await withManagedSession(ctx, target, fn, (s) => (session = s)) };
        } catch (err) {
          results[i] = { target, error: toErrorValue(err) };
        }
        const fingerprint = device.tlsMode === 'tls' ? session?.tlsFingerprint : undefined;
        if (fingerprint) results[i].tls = { fingerprint, trust: device.tlsFingerprint ? 'stored-pin' : 'first-use' };
        continue;
      }
      const stored = ctx.storedPins.get(hostKey(target.host, target.port));
      const trust: TlsTrust = o.pin !== undefined ? 'pin' : stored ? 'stored-pin' : ctx.ca ? 'ca' : 'first-use';
      let session: AmtSession | undefined;
      try {
        const { user, password } = await credentialsFor(ctx.opts, target);
        session = openAmtSession({
          host: target.host,
          port: target.port,
          tls: o.tls,
          user,
          password,
          pin: o.pin ?? stored,
          ca: ctx.ca,
          legacyCiphers: o.legacyTls,
          requestTimeoutMs: Number(o.timeout),
          limiter: ctx.limiter,
        });
        results[i] = { target, value: await fn(session, target) };
      } catch (err) {
        const error = toErrorValue(err);
        results[i] = {
          target,
          error: { ...error, message: error.message + protocolHint(target, Boolean(o.tls), error.code) },
        };
      } finally {
        // Set only after a handshake that passed the checks (a mismatch records nothing).
        const fingerprint = o.tls ? session?.tlsFingerprint : undefined;
        if (fingerprint) results[i].tls = { fingerprint, trust };
        await session?.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.limiter.limit, ctx.targets.length) }, worker));
  const unpinned = await pinFirstUse(ctx);
  for (const r of results) {
    const id = r.target.device?.id;
    if (id === undefined || r.tls?.trust !== 'first-use' || !ctx.managed.firstUse.has(id)) continue;
    if (unpinned.has(id)) r.tls.pinError = unpinned.get(id);
    else r.tls.trust = 'first-use-pinned';
  }
  return results;
}

const brief = (p: PowerStateInfo) => ({ code: p.code, name: p.name });

/** The TLS fields of a host's JSON: the certificate seen and how it was trusted. */
function tlsJson(r: HostResult<unknown>): { tlsFingerprint?: string; tlsTrust?: TlsTrust } {
  return r.tls ? { tlsFingerprint: r.tls.fingerprint, tlsTrust: r.tls.trust } : {};
}

/** Says, per host, that a certificate was trusted on first use and which, so it can be checked and pinned. */
function reportFirstUse(results: Array<HostResult<unknown>>, json: boolean): void {
  if (json) return;
  for (const r of results) {
    if (r.tls?.trust === 'first-use-pinned') {
      process.stderr.write(
        `outband: ${r.target.input}: first TLS contact; pinned its certificate ${r.tls.fingerprint} (later contacts must show the same one).\n`,
      );
      continue;
    }
    if (r.tls?.trust !== 'first-use') continue;
    if (r.target.device) {
      process.stderr.write(
        `outband: ${r.target.input}: trusted its TLS certificate on first use (${r.tls.fingerprint}) but could not pin it: ${r.tls.pinError ?? 'unknown'}. The next contact pins it again.\n`,
      );
      continue;
    }
    process.stderr.write(
      `outband: ${r.target.input}: no pin for this device; trusted its TLS certificate on first use: ${r.tls.fingerprint}. Check it, then pass --pin ${r.tls.fingerprint} to require it.\n`,
    );
  }
}

function reportFailures(results: Array<HostResult<unknown>>, json: boolean): void {
  const failed = results.filter((r) => r.error);
  if (failed.length > 0) process.exitCode = 1;
  if (json) return;
  for (const r of failed) process.stderr.write(`outband: ${r.target.input}: ${r.error!.message} (${r.error!.code})\n`);
}

function infoText(i: DeviceInfo): string {
  const rows: Array<[string, string | undefined]> = [
    ['Host', `${i.host}:${i.port}${i.tls ? ' (TLS)' : ''}`],
    ['UUID', i.uuid],
    ['AMT version', i.amtVersion && `${i.amtVersion}${i.buildNumber ? ` (build ${i.buildNumber})` : ''}`],
    ['Provisioning', `${i.provisioningState ?? 'unknown'}, ${i.controlMode} control mode`],
    ['Host name', i.fqdn ?? i.hostName],
    ['Digest realm', i.realm],
    ['Power state', `${i.powerState.label} (${i.powerState.code})`],
    ['Available', i.availablePowerStates.map((p) => p.label).join(', ') || 'none listed'],
    ['TLS fingerprint', i.tlsFingerprint],
  ];
  return (
    rows
      .filter((r) => r[1] !== undefined)
      .map(([k, v]) => `${`${k}:`.padEnd(17)}${v}`)
      .join('\n') + '\n'
  );
}

async function runInfo(host: string, opts: CommonOptions): Promise<void> {
  const ctx = await prepare([host], opts);
  const [result] = await forEachHost(ctx, (s) => getDeviceInfo(s));
  if (result.value) {
    const { availablePowerStates, ...rest } = result.value;
    const out = {
      ...rest,
      host: result.target.input,
      address: result.value.host,
      powerState: rest.powerState,
      available: availablePowerStates.map((p) => ({ code: p.code, name: p.name })),
      ...tlsJson(result),
    };
    process.stdout.write(opts.json ? `${JSON.stringify(out, null, 2)}\n` : infoText(result.value));
  } else if (opts.json) {
    const out = { host: result.target.input, ok: false, error: result.error, ...tlsJson(result) };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  }
  reportFirstUse([result], Boolean(opts.json));
  reportFailures([result], Boolean(opts.json));
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function runPowerStatus(hosts: string[], opts: CommonOptions): Promise<void> {
  const results = await forEachHost(await prepare(hosts, opts), (s) => getPowerStatus(s));
  if (opts.json) {
    const out = results.map((r) =>
      r.value
        ? {
            host: r.target.input,
            ok: true,
            powerState: brief(r.value.powerState),
            available: r.value.available.map(brief),
            ...tlsJson(r),
          }
        : { host: r.target.input, ok: false, error: r.error, ...tlsJson(r) },
    );
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (r.value)
        process.stdout.write(
          `${r.target.input}\t${r.value.powerState.label} (${r.value.powerState.code})\tavailable: ${r.value.available.map((a) => a.name).join(', ')}\n`,
        );
    }
  }
  reportFirstUse(results, Boolean(opts.json));
  reportFailures(results, Boolean(opts.json));
}

const HOW_TO_CONSENT =
  'put the code in an environment variable and run again with --consent-code-env VAR (one host at a time), or run in a terminal to be prompted for it.';

/** Asks at the terminal, one host at a time, for the code each device shows on its screen. */
function terminalConsent(): (host: string) => ConsentHooks {
  let turn: Promise<unknown> = Promise.resolve();
  const question = async (host: string, previous?: { code: string; message: string }): Promise<string> => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      if (previous)
        process.stderr.write(`outband: ${host}: that code was not accepted (${previous.code}); try again.\n`);
      for (;;) {
        const answer = (await rl.question(`Code shown on ${host}'s screen: `)).trim();
        if (/^\d{6}$/.test(answer)) return answer;
        if (answer === '')
          throw new OutbandError('power.consent-cancelled', `No consent code was given for ${host}; nothing was sent.`);
        process.stderr.write('outband: the code is 6 digits.\n');
      }
    } finally {
      rl.close();
    }
  };
  return (host) => ({
    ask: (previous) => {
      const mine = turn.then(() => question(host, previous));
      turn = mine.catch(() => undefined);
      return mine;
    },
  });
}

/** Where the consent codes of a boot come from: a terminal, --consent-code-env, or nowhere (fail with a hint). */
function consentSource(opts: CommonOptions, hosts: number): (host: string) => ConsentHooks {
  const name = opts.consentCodeEnv;
  if (name !== undefined) {
    if (hosts > 1)
      throw new OutbandError('cli.bad-option', '--consent-code-env holds the code of one device; give one host.');
    return () => ({
      maxAttempts: 1,
      ask: async () => {
        const code = process.env[name]?.trim() ?? '';
        if (!/^\d{6}$/.test(code))
          throw new OutbandError(
            'cli.consent-code-missing',
            `Set the 6-digit code shown on the device's screen in the environment variable ${name}.`,
          );
        return code;
      },
    });
  }
  if (process.stdin.isTTY) return terminalConsent();
  return () => ({ howToProvide: HOW_TO_CONSENT });
}

type PowerAction = { kind: 'state'; state: PowerStateInfo } | { kind: 'boot'; target: 'bios' | 'pxe'; label: string };

async function runPowerAction(action: PowerAction, hosts: string[], opts: CommonOptions): Promise<void> {
  const ctx = await prepare(hosts, opts);
  const label = action.kind === 'state' ? action.state.label : action.label;
  if (!opts.yes && !(await confirm(`${label} on ${ctx.targets.length} host(s)?`))) {
    throw new OutbandError('cli.confirmation-required', `${label} needs confirmation: add --yes.`);
  }
  const consent = action.kind === 'boot' ? consentSource(opts, ctx.targets.length) : undefined;
  const results = await forEachHost(ctx, async (s, t) => {
    if (action.kind === 'boot') {
      await obtainConsent(s, consent!(t.input));
      return { sent: await bootTo(s, action.target) };
    }
    // The change goes out at once (2 requests cold): its ReturnValue tells a refused state, and
    // only then one read says "already on" (done) or why it was skipped (not a failure).
    const result = await applyAction(s, action, () => undefined, { skipRead: true });
    return { sent: action.state.code, ...result };
  });
  if (opts.json) {
    const out = results.map((r) => {
      const base = { host: r.target.input, ok: r.value !== undefined, ...tlsJson(r) };
      if (!r.value) return { ...base, error: r.error };
      const told = 'outcome' in r.value ? { outcome: r.value.outcome, detail: r.value.detail } : { outcome: 'done' };
      return { ...base, ...told, requested: brief(POWER_STATES.find((p) => p.code === r.value!.sent)!) };
    });
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (!r.value) continue;
      const line = 'outcome' in r.value ? `${r.value.outcome}\t${r.value.detail}` : `ok\t${label} requested`;
      process.stdout.write(`${r.target.input}\t${line}\n`);
    }
  }
  reportFirstUse(results, Boolean(opts.json));
  reportFailures(results, Boolean(opts.json));
}

// On, off, reset and cycle first in the help; the rest in table order.
const rank = (code: number) => {
  const i = BASIC_POWER_ACTIONS.indexOf(code);
  return i < 0 ? 100 + code : i;
};

/** Registers `info` and `power …` on the root program. */
export function registerAmtCommands(program: Command): void {
  addCommonOptions(
    program
      .command('info')
      .description('show what an AMT device reports about itself')
      .argument('<device>', 'a managed device name, or host[:port], [v6]:port'),
  ).action((host: string, _o: unknown, cmd: Command) => runInfo(host, cmd.optsWithGlobals<CommonOptions>()));

  const power = program.command('power').description('read or change the power state of AMT devices');
  addTargetOptions(
    addCommonOptions(power.command('status').description('show power states').argument('[devices...]', TARGETS_HELP)),
  ).action((hosts: string[], _o: unknown, cmd: Command) => runPowerStatus(hosts, cmd.optsWithGlobals<CommonOptions>()));

  const actions: Array<[string, PowerAction, string[]]> = [...POWER_STATES]
    .filter((p) => p.requestable)
    .sort((a, b) => rank(a.code) - rank(b.code))
    .map((p) => [p.name, { kind: 'state', state: p }, []]);
  actions.push(
    ['bios', { kind: 'boot', target: 'bios', label: 'Boot to BIOS setup' }, ['bios-setup']],
    ['pxe', { kind: 'boot', target: 'pxe', label: 'Boot to PXE' }, []],
  );
  for (const [name, action, aliases] of actions) {
    const label = action.kind === 'state' ? action.state.label : action.label;
    const cmd = power.command(name).description(label).argument('[devices...]', TARGETS_HELP);
    for (const alias of aliases) cmd.alias(alias);
    addTargetOptions(addCommonOptions(cmd)).addOption(new Option('-y, --yes', 'do not ask for confirmation'));
    if (action.kind === 'boot') {
      cmd.option(
        '--consent-code-env <var>',
        'environment variable holding the 6-digit user-consent code a device in client control mode shows on its screen (one host); at a terminal Outband prompts for it instead, and without either the device is asked to show its code and the command fails with amt.user-consent-required, so a second run can send it',
      );
    }
    cmd.action((hosts: string[], _o: unknown, c: Command) =>
      runPowerAction(action, hosts, c.optsWithGlobals<CommonOptions>()),
    );
  }
  addTargetOptions(
    addCommonOptions(
      power
        .command('set')
        .description('request a power state by name or number')
        .argument('<state>')
        .argument('[devices...]', TARGETS_HELP),
    ),
  )
    .addOption(new Option('-y, --yes', 'do not ask for confirmation'))
    .action((stateName: string, hosts: string[], _o: unknown, c: Command) => {
      const state = parsePowerState(stateName);
      if (!state) throw new OutbandError('cli.bad-power-state', `Unknown power state "${stateName}".`);
      return runPowerAction({ kind: 'state', state }, hosts, c.optsWithGlobals<CommonOptions>());
    });
}
