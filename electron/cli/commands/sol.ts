/**
 * `outband sol <device|host[:port]>`: attaches the terminal to a device's Serial-over-LAN console
 * (redirection.md). At a terminal, stdin goes to raw mode so every key (Ctrl+C too) reaches the
 * host; Ctrl+] then q quits (Ctrl+] twice sends one Ctrl+]) and the terminal is restored. Piped
 * stdin is forwarded with LF turned into CR (what a BIOS expects), and its end closes the session.
 *
 * A managed device is reached like the app reaches it: its address, TLS mode and pin, its vault
 * credential, redirection on its WS-Man port + 2 (16994 / 16995). A host address takes --tls,
 * --pin/--ca, --user with --password-env or --credential; its `:port` is the redirection port.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { OutbandError } from '../../../shared/errors';
import type { Device } from '../../../shared/domain/device';
import { openSol, REDIRECTION_PORT, REDIRECTION_TLS_PORT, type SolSession } from '../../redirection';
import type { TlsOptions } from '../../wsman/connector';
import { resolveDataDir } from '../../store/data-dir';
import { withStore } from '../../store/session';
import { cliAction } from '../output';
import { resolveTargets } from '../targets';

/** The escape key: Ctrl+] (as telnet and amtterm use). */
export const ESCAPE = 0x1d;

interface SolOptions {
  tls?: boolean;
  user: string;
  passwordEnv: string;
  credential?: string;
  pin?: string;
  ca?: string;
  legacyTls?: boolean;
  port?: string;
  allowPlainLogin?: boolean;
  dataDir?: string;
}

const DEFAULT_PASSWORD_ENV = 'OUTBAND_AMT_PASSWORD';

/**
 * What the CLI can tell a user whose device refuses: `outband sol` does not change the device's
 * redirection settings or ask for consent itself; the app's Console tab does both.
 */
const CLI_ADVICE = {
  solUnavailable:
    "Turn SOL on for the device: open the device's Console tab in the Outband app and Connect (it offers to turn " +
    'redirection on), or enable SOL and redirection in its MEBx. A device in client control mode that needs user ' +
    'consent must be opened from the app, which asks for the code shown on its screen.',
  plainOnly:
    'Use --tls (port 16995), or turn off the MEBx "username/password" redirection option so the device offers digest ' +
    'login; to send the password unencrypted anyway, on a network you trust, add --allow-plain-login.',
};

const ESCAPE_HELP =
  'Keys: Ctrl+] then q quits; Ctrl+] twice sends Ctrl+] to the host; everything else (Ctrl+C too) goes to the host.';

/**
 * The escape handling of the console: bytes in, what to send to the host out, and `quit` once
 * Ctrl+] q (or Ctrl+] .) was typed. Kept apart from the terminal so it can be tested on its own.
 */
export class EscapeReader {
  private pending = false;

  /** Returns the bytes for the host and whether the user asked to quit (later bytes are dropped). */
  feed(bytes: Uint8Array): { send: Uint8Array; quit: boolean; help: boolean } {
    const send: number[] = [];
    let help = false;
    for (const b of bytes) {
      if (this.pending) {
        this.pending = false;
        if (b === 0x71 || b === 0x51 || b === 0x2e) return { send: Uint8Array.from(send), quit: true, help };
        if (b === ESCAPE) send.push(ESCAPE);
        else help = true;
        continue;
      }
      if (b === ESCAPE) this.pending = true;
      else send.push(b);
    }
    return { send: Uint8Array.from(send), quit: false, help };
  }
}

/** The device this command talks to, with how to authenticate and where. */
interface SolTarget {
  label: string;
  host: string;
  port: number;
  tls?: TlsOptions;
  user: string;
  password: string;
}

async function readInventory(dataDir: string): Promise<{ devices: Device[]; folders: []; plainAllowed: boolean }> {
  return withStore(dataDir, { readOnly: true }, async (store) => {
    const doc = await store.get('devices');
    const zone = await store.get('zone');
    return { devices: doc.devices, folders: [] as [], plainAllowed: zone.zone.allowPlainHttp };
  });
}

async function vaultPassword(dataDir: string, id: string): Promise<{ loginName: string; password: string }> {
  const [{ Vault }, { KeytarSecretStore }] = await Promise.all([
    import('../../vault/vault'),
    import('../../vault/secret-store'),
  ]);
  return withStore(dataDir, { readOnly: true }, (store) =>
    new Vault(store, new KeytarSecretStore()).resolvePassword(id),
  );
}

async function namedOrEnvCredential(o: SolOptions, dataDir: string): Promise<{ user: string; password: string }> {
  if (o.credential !== undefined) {
    const { resolveCredentialByName } = await import('./vault');
    const c = await resolveCredentialByName(dataDir, o.credential);
    return { user: c.loginName, password: c.password };
  }
  const password = process.env[o.passwordEnv];
  if (!password) {
    throw new OutbandError(
      'cli.password-missing',
      `Set the password in the environment variable ${o.passwordEnv} (or name another with --password-env), or use a vault credential with --credential NAME.`,
    );
  }
  return { user: o.user, password };
}

function portOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new OutbandError('cli.bad-option', `--port must be a port number from 1 to 65535, got "${text}".`);
  }
  return n;
}

/** Resolves the argument to a managed device or a host, with its credential, TLS options and port. */
async function resolveSolTarget(arg: string, o: SolOptions, warn: (line: string) => void): Promise<SolTarget> {
  const dataDir = resolveDataDir({ flag: o.dataDir });
  const inv = await readInventory(dataDir);
  const defaultPort = o.tls ? REDIRECTION_TLS_PORT : REDIRECTION_PORT;
  const [target] = await resolveTargets([arg], {}, inv, defaultPort);
  const portOverride = portOption(o.port);
  const device = target.device;
  if (device !== undefined) {
    if (o.tls || o.pin !== undefined || o.ca !== undefined) {
      throw new OutbandError(
        'cli.bad-option',
        `"${device.name}" is a managed device: it is reached with its own TLS mode and pin. Leave out --tls, --pin and --ca.`,
      );
    }
    const tls = device.tlsMode === 'tls';
    if (!tls && device.allowPlainHttp !== true && !inv.plainAllowed) {
      throw new OutbandError(
        'device.plain-not-allowed',
        `Plain connections are turned off for this zone, so "${device.name}" was not contacted: switch the device to TLS, or allow plain HTTP in the zone settings.`,
      );
    }
    if (tls && !device.tlsFingerprint) {
      throw new OutbandError(
        'sol.no-pin',
        `"${device.name}" has no pinned certificate yet, so its console is not opened over TLS: run outband info "${device.name}" once to pin it.`,
      );
    }
    const cred = device.credentialId
      ? await vaultPassword(dataDir, device.credentialId).then((c) => ({ user: c.loginName, password: c.password }))
      : await namedOrEnvCredential(o, dataDir);
    // AMT serves redirection two ports above WS-Man (16992 → 16994, 16993 → 16995).
    const port =
      portOverride ?? (device.port !== undefined ? device.port + 2 : tls ? REDIRECTION_TLS_PORT : REDIRECTION_PORT);
    return {
      label: device.name,
      host: device.address,
      port,
      tls: tls ? { pin: device.tlsFingerprint, legacyCiphers: device.legacyTls === true } : undefined,
      ...cred,
    };
  }
  let tls: TlsOptions | undefined;
  if (o.tls) {
    let ca: string | undefined;
    if (o.ca !== undefined) {
      try {
        ca = readFileSync(o.ca, 'utf8');
      } catch (err) {
        throw new OutbandError('cli.ca-unreadable', `Cannot read the CA file ${o.ca}: ${(err as Error).message}`);
      }
    }
    tls = {
      pin: o.pin,
      ca,
      legacyCiphers: o.legacyTls === true,
      onFingerprint: (fp) => {
        if (o.pin === undefined && ca === undefined) {
          warn(
            `outband: ${target.input}: no pin for this device; trusted its TLS certificate on first use: ${fp}. Check it, then pass --pin ${fp} to require it.`,
          );
        }
      },
    };
  } else if (o.pin !== undefined || o.ca !== undefined) {
    throw new OutbandError('cli.bad-option', '--pin and --ca check a TLS certificate: add --tls.');
  }
  const cred = await namedOrEnvCredential(o, dataDir);
  return { label: target.input, host: target.host, port: portOverride ?? target.port, tls, ...cred };
}

/** Runs the attached console until quit, stdin's end or the device's close; resolves with the exit code. */
async function attach(session: SolSession, label: string): Promise<number> {
  const stdin = process.stdin;
  const tty = stdin.isTTY === true;
  const escape = new EscapeReader();
  const eol = tty ? '\r\n' : '\n';
  const note = (text: string) => process.stderr.write(`${text}${eol}`);
  return new Promise<number>((resolve) => {
    let done = false;
    const finish = async (code: number, message?: string) => {
      if (done) return;
      done = true;
      stdin.off('data', onInput);
      stdin.off('end', onEnd);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      if (tty) stdin.setRawMode(false);
      stdin.pause();
      await session.close().catch(() => undefined);
      if (message !== undefined) note(message);
      resolve(code);
    };
    const onInput = (chunk: Buffer) => {
      const { send, quit, help } = escape.feed(chunk);
      let bytes = send;
      if (!tty) bytes = bytes.map((b) => (b === 0x0a ? 0x0d : b));
      if (bytes.length > 0) {
        try {
          session.write(bytes);
        } catch {
          // Closed meanwhile: onClose reports why.
        }
      }
      if (help) note(ESCAPE_HELP);
      if (quit) void finish(0, `Disconnected from ${label}.`);
    };
    const onEnd = () => void finish(0);
    const onSignal = () => void finish(0, `Disconnected from ${label}.`);
    session.onData((data) => process.stdout.write(data));
    session.onClose((error) => {
      if (done) return;
      done = true;
      stdin.off('data', onInput);
      stdin.off('end', onEnd);
      if (tty) stdin.setRawMode(false);
      stdin.pause();
      if (error) {
        process.stderr.write(`${eol}outband: ${error.message} (${error.code})\n`);
        resolve(1);
      } else {
        note(`${label} ended the console session.`);
        resolve(0);
      }
    });
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    if (tty) stdin.setRawMode(true);
    stdin.on('data', onInput);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

async function runSol(arg: string, o: SolOptions): Promise<void> {
  const warn = (line: string) => process.stderr.write(`${line}\n`);
  const target = await resolveSolTarget(arg, o, warn);
  const session = await openSol({
    host: target.host,
    port: target.port,
    tls: target.tls,
    username: target.user,
    password: target.password,
    allowPlainLogin: o.allowPlainLogin === true,
    advice: CLI_ADVICE,
    onWarning: (message) => warn(`outband: warning: ${message}`),
  });
  warn(
    `Connected to ${target.label} (${target.host}:${target.port}, Serial-over-LAN${target.tls ? ' over TLS' : ''}, ${session.authMethod} login). ` +
      (process.stdin.isTTY ? 'Ctrl+] then q quits.' : 'Input from stdin; its end closes the session.'),
  );
  process.exitCode = await attach(session, target.label);
  // A paused stdin pipe can still hold the event loop open; the console is over, so let go of it.
  process.stdin.destroy();
}

/** Registers `outband sol`. */
export function registerSolCommands(program: Command): void {
  program
    .command('sol')
    .argument('<device>', 'a managed device name (outband device list) or host[:port] (port: the redirection port)')
    .description(
      "attach this terminal to a device's Serial-over-LAN console (BIOS and OS text console); Ctrl+] then q quits",
    )
    .addOption(
      new Option(
        '--tls',
        'host addresses: TLS on 16995 (the certificate must match --pin or chain to --ca; without them it is trusted on first use and its fingerprint printed)',
      ),
    )
    .option(
      '--port <port>',
      'the redirection port (default 16994, 16995 with TLS; managed devices: their WS-Man port + 2)',
    )
    .option('--user <name>', 'AMT user name', 'admin')
    .option('--password-env <var>', 'environment variable that holds the password', DEFAULT_PASSWORD_ENV)
    .option('--credential <name>', 'a stored credential (needs the vault)')
    .option('--pin <sha256>', 'expected SHA-256 fingerprint of the device certificate')
    .option('--ca <file>', 'PEM file of CA certificates to verify the device certificate against')
    .option('--legacy-tls', 'allow the old TLS cipher suites of AMT 11/12')
    .option(
      '--allow-plain-login',
      'without TLS, allow the legacy plain login when it is all the device offers: the password then crosses the network unencrypted (refused by default with redirection.plain-only)',
    )
    .addHelpText(
      'after',
      `\n${ESCAPE_HELP}\nWith stdin from a pipe, LF is sent as CR and the end of input closes the session.\n` +
        "The device must allow SOL: turn it on in the device's Console tab in the Outband app (Connect offers it) or in its MEBx.\n" +
        'A device in client control mode that needs user consent must be opened from the app (outband sol does not ask for the code).',
    )
    .action(
      cliAction(async (arg: string, _opts: SolOptions, cmd: Command) => {
        await runSol(arg, cmd.optsWithGlobals<SolOptions>());
      }),
    );
}
