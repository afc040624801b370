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
  requestPowerState,
  type AmtSession,
  type DeviceInfo,
  type PowerStateInfo,
} from '../../amt';
import { obtainConsent, type ConsentHooks } from '../../power/consent-step';
import { resolveDataDir } from '../../store/data-dir';
import { withStore } from '../../store/session';
import { expandHosts, type HostTarget } from '../hosts';

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
}

/** How a TLS host's certificate was checked: the --pin, a managed device's pin, --ca, or not yet (first use). */
type TlsTrust = 'pin' | 'stored-pin' | 'ca' | 'first-use';

/** One host's outcome, with the certificate it showed over TLS. */
interface HostResult<T> {
  target: HostTarget;
  value?: T;
  error?: ErrorValue;
  tls?: { fingerprint: string; trust: TlsTrust };
}

const DEFAULT_PASSWORD_ENV = 'OUTBAND_AMT_PASSWORD';

function addCommonOptions(cmd: Command): Command {
  return cmd
    .option(
      '--tls',
      'use HTTPS on 16993; the certificate must match --pin, chain to --ca, or (with --credential) match the pin of the managed device at that host:port; with none of these it is trusted on first use and its fingerprint printed',
    )
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

async function credentialsFor(o: CommonOptions, t: HostTarget): Promise<{ user: string; password: string }> {
  if (o.credential !== undefined) {
    if (!credentialResolver)
      throw new OutbandError('cli.no-vault', '--credential needs the credential vault, which is not available here.');
    const found = await credentialResolver({ name: o.credential, host: t.host, port: t.port });
    return { user: found.user ?? o.user, password: found.password };
  }
  const password = process.env[o.passwordEnv];
  if (!password) {
    throw new OutbandError(
      'cli.password-missing',
      `Set the password in the environment variable ${o.passwordEnv} (or name another with --password-env).`,
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
}

const hostKey = (host: string, port: number) => `${host.toLowerCase()}#${port}`;

/** The pins stored for the managed TLS devices of the data folder (read-only, no lock taken). */
async function storedPins(opts: CommonOptions): Promise<Map<string, string>> {
  const pins = new Map<string, string>();
  if (!opts.tls || opts.credential === undefined || opts.pin !== undefined || opts.ca !== undefined) return pins;
  const dataDir = resolveDataDir({ flag: opts.dataDir });
  const doc = await withStore(dataDir, { readOnly: true }, (store) => store.get('devices'));
  for (const d of doc.devices) {
    if (d.tlsMode !== 'tls' || !d.tlsFingerprint) continue;
    pins.set(hostKey(d.address, d.port ?? defaultWsmanPort(true)), d.tlsFingerprint);
  }
  return pins;
}

async function prepare(hostArgs: string[], opts: CommonOptions): Promise<RunContext> {
  const concurrency = positiveInt(opts.concurrency, '--concurrency');
  positiveInt(opts.timeout, '--timeout');
  const targets = await expandHosts(hostArgs, defaultWsmanPort(Boolean(opts.tls)));
  if (opts.pin !== undefined && targets.length > 1)
    throw new OutbandError('cli.bad-option', '--pin names the certificate of one host; give one host.');
  let ca: string | undefined;
  if (opts.ca !== undefined) {
    try {
      ca = readFileSync(opts.ca, 'utf8');
    } catch (err) {
      throw new OutbandError('cli.ca-unreadable', `Cannot read the CA file ${opts.ca}: ${(err as Error).message}`);
    }
  }
  return { opts, targets, limiter: new Limiter(concurrency), ca, storedPins: await storedPins(opts) };
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
        results[i] = { target, error: toErrorValue(err) };
      } finally {
        // Set only after a handshake that passed the checks (a mismatch records nothing).
        const fingerprint = o.tls ? session?.tlsFingerprint : undefined;
        if (fingerprint) results[i].tls = { fingerprint, trust };
        await session?.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.limiter.limit, ctx.targets.length) }, worker));
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
    if (r.tls?.trust !== 'first-use') continue;
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
      return { sent: await bootTo(s, action.target), before: undefined };
    }
    return { sent: action.state.code, before: await requestPowerState(s, action.state.code) };
  });
  if (opts.json) {
    const out = results.map((r) => {
      const base = { host: r.target.input, ok: r.value !== undefined, ...tlsJson(r) };
      if (!r.value) return { ...base, error: r.error };
      const before = r.value.before;
      return {
        ...base,
        requested: brief(POWER_STATES.find((p) => p.code === r.value!.sent)!),
        ...(before ? { powerState: brief(before.powerState), available: before.available.map(brief) } : {}),
      };
    });
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else {
    for (const r of results) if (r.value) process.stdout.write(`${r.target.input}\tok\t${label} requested\n`);
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
      .argument('<host>', 'name, name:port, [v6]:port'),
  ).action((host: string, _o: unknown, cmd: Command) => runInfo(host, cmd.optsWithGlobals<CommonOptions>()));

  const power = program.command('power').description('read or change the power state of AMT devices');
  addCommonOptions(
    power.command('status').description('show power states').argument('<hosts...>', 'hosts or @file'),
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
    const cmd = power.command(name).description(label).argument('<hosts...>', 'hosts or @file');
    for (const alias of aliases) cmd.alias(alias);
    addCommonOptions(cmd).addOption(new Option('-y, --yes', 'do not ask for confirmation'));
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
  addCommonOptions(
    power
      .command('set')
      .description('request a power state by name or number')
      .argument('<state>')
      .argument('<hosts...>'),
  )
    .addOption(new Option('-y, --yes', 'do not ask for confirmation'))
    .action((stateName: string, hosts: string[], _o: unknown, c: Command) => {
      const state = parsePowerState(stateName);
      if (!state) throw new OutbandError('cli.bad-power-state', `Unknown power state "${stateName}".`);
      return runPowerAction({ kind: 'state', state }, hosts, c.optsWithGlobals<CommonOptions>());
    });
}
