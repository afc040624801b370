/**
 * `outband setupbin create|inspect`: the command-line USBFile.exe (`-create`, `-view`).
 * Passwords come only from environment variables named by options, or a no-echo prompt.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { lstat, readFile } from 'node:fs/promises';
import { OutbandError } from '../../../shared/errors';
import { cliAction, out, printJson } from '../output';
import { checkMebxPassword } from '../../../shared/mebx-password';
import {
  assertSetupBin,
  decodeSetupBin,
  describeEntries,
  encodeSetupBin,
  formatSetupBinReport,
  setupBinWarnings,
  type DecodedSetupBin,
} from '../../../shared/setupbin';
import { writeFileAtomic } from '../../store/atomic-file';
import { readHiddenLine } from './setupbin-prompt';
import {
  buildConfig,
  parseConsent,
  parseHashAlg,
  parseIntIn,
  parseOnOff,
  parseVersionOption,
  resolveHash,
  type CreateOptions,
  type HashSpec,
} from './setupbin-options';

/** Reads a password from the named variable, else prompts on a terminal, else fails clearly. */
async function passwordFrom(
  envName: string | undefined,
  what: string,
  option: string,
  confirm: boolean,
): Promise<string | undefined> {
  const value = envName ? process.env[envName] : undefined;
  if (value) return value;
  if (!process.stdin.isTTY) {
    if (!envName) return undefined;
    throw new OutbandError(
      'cli.password-missing',
      `Environment variable ${envName} (${option}) is not set, and there is no terminal to ask for the ${what}.`,
    );
  }
  const first = await readHiddenLine(confirm ? `${what} (empty: keep the current one): ` : `${what}: `);
  if (confirm && first === '') return undefined;
  if (confirm) {
    const check = checkMebxPassword(first);
    if (!check.ok) {
      const unmet = check.rules.filter((r) => !r.met).map((r) => r.text);
      throw new OutbandError(
        'setupbin.new-password-weak',
        `The ${what} does not meet the MEBx rules: ${unmet.join('; ')}.`,
      );
    }
    if ((await readHiddenLine(`${what} again: `)) !== first) {
      throw new OutbandError('cli.password-mismatch', `The two ${what} entries differ.`);
    }
  }
  return first;
}

/** Refuses to replace an existing file (a key's only copy, or the wrong path) unless --force says so. */
async function checkOutputFree(path: string, force: boolean | undefined): Promise<void> {
  if (force) return;
  const existing = await lstat(path).catch(() => null);
  if (existing) {
    throw new OutbandError(
      'setupbin.output-exists',
      `${path} already exists; choose another --output, or pass --force to overwrite it.`,
    );
  }
}

async function create(o: CreateOptions, hashSpecs: HashSpec[]): Promise<void> {
  // Before any password prompt: a refusal after typing two passwords would waste them.
  await checkOutputFree(o.output, o.force);
  const current = await passwordFrom(o.currentMebxEnv, 'current MEBx password', '--current-mebx-env', false);
  if (!current) {
    throw new OutbandError(
      'cli.password-missing',
      'The current MEBx password is mandatory: name its environment variable with --current-mebx-env.',
    );
  }
  const next = await passwordFrom(o.newMebxEnv, 'new MEBx password', '--new-mebx-env', true);
  const hashes = await Promise.all(hashSpecs.map(resolveHash));
  const { config, options } = buildConfig(o, { current, next }, hashes);
  const bytes = encodeSetupBin(config, options);
  await writeFileAtomic(o.output, bytes);
  const warnings = setupBinWarnings(config, options);
  for (const w of warnings) process.stderr.write(`outband: warning: ${w.message} (${w.code})\n`);
  const summary = {
    file: o.output,
    bytes: bytes.length,
    version: options.version,
    records: options.records,
    consumable: !options.reusable,
    scrambled: options.scramble,
    warnings: warnings.map((w) => ({ code: w.code, message: w.message })),
  };
  if (o.json) printJson(summary);
  else {
    const kind = options.reusable ? 'reusable' : 'consumable';
    out(
      `Wrote ${o.output}: version ${options.version}, ${options.records} ${kind} record(s)${options.scramble ? ', scrambled' : ''}, ${bytes.length} bytes.`,
    );
  }
}

/** Stable JSON for `inspect --json`: masked secrets unless asked, raw bytes as hex. */
export function inspectJson(file: DecodedSetupBin, revealSecrets: boolean): unknown {
  return {
    size: file.size,
    expectedSize: file.expectedSize,
    header: file.header,
    problems: file.problems,
    records: file.records.map((r) => ({
      index: r.index,
      recordNumber: r.recordNumber,
      valid: r.valid,
      scrambled: r.scrambled,
      consumed: r.consumed,
      wiped: r.wiped,
      problems: r.problems,
      entries: describeEntries(r.entries, { revealSecrets }).map((d, i) => ({
        ...d,
        module: r.entries[i].module,
        variable: r.entries[i].variable,
        value: d.value,
        typed: r.entries[i].secret && !revealSecrets ? null : r.entries[i].value,
      })),
    })),
  };
}

async function inspect(path: string, o: { json?: boolean; showSecrets?: boolean }): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (err) {
    throw new OutbandError(
      'setupbin.unreadable',
      `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`,
    );
  }
  // Another kind of file would decode into a list of nonsense problems: say what it is instead.
  assertSetupBin(bytes, path);
  const file = decodeSetupBin(bytes);
  if (o.json) printJson(inspectJson(file, o.showSecrets ?? false));
  else out(formatSetupBinReport(file, { revealSecrets: o.showSecrets }));
}

/** Registers `setupbin create` and `setupbin inspect` on the root program. */
export function registerSetupbinCommands(program: Command): void {
  const group = program
    .command('setupbin')
    .description('create and inspect Intel AMT USB provisioning files (setup.bin)');
  // --hash, --hash-name and --hash-alg pair up in command-line order, so they share one list.
  let hashes: HashSpec[] = [];
  const lastHash = (flag: string): HashSpec => {
    const h = hashes.at(-1);
    if (!h) throw new InvalidArgumentError(`${flag} must follow a --hash.`);
    return h;
  };
  group
    .command('create')
    .description('write a setup.bin (like USBFile.exe -create)')
    .requiredOption('-o, --output <file>', 'file to write')
    .option('--current-mebx-env <var>', 'environment variable holding the current MEBx password (factory: admin)')
    .option('--new-mebx-env <var>', 'environment variable holding the new MEBx password')
    .addOption(
      new Option('--file-version <v>', 'file version 1, 2, 2.1, 3 or 4').default('4').argParser(parseVersionOption),
    )
    .option('--records <n>', 'number of records (machines)', parseIntIn(1, 100_000))
    .option('--reusable', 'records are not consumed (one key for any number of machines)')
    .option('--scramble', 'scramble the records (version 4)')
    .addOption(
      new Option('--target <firmware>', 'modern refuses what current MEBx rejects; legacy allows it')
        .choices(['modern', 'legacy'])
        .default('modern'),
    )
    .option('--enable-amt', 'turn Intel AMT on if it is disabled (1,3)')
    .option('--dns <suffix>', 'PKI DNS suffix (2,3)')
    .option('--fqdn <fqdn>', 'provisioning server FQDN (2,4)')
    .option('--ztc <on|off>', 'remote configuration (2,5)', parseOnOff)
    .option(
      '--hash <file|hex>',
      'trusted root certificate file (PEM/DER) or hash; repeatable, each followed by --hash-name',
      (v: string) => {
        hashes.push({ source: v });
        return v;
      },
    )
    .option('--hash-name <name>', 'friendly name of the preceding --hash (up to 31 characters)', (v: string) => {
      lastHash('--hash-name').name = v;
      return v;
    })
    .option(
      '--hash-alg <alg>',
      'sha1, sha256 or sha384 for the preceding --hash (default sha256 for files)',
      (v: string) => {
        lastHash('--hash-alg').algorithm = parseHashAlg(v);
        return v;
      },
    )
    .option('--hostname <name>', 'AMT host name (2,11)')
    .option('--domain <name>', 'AMT domain name (2,12)')
    .option('--dhcp <on|off>', 'DHCP (2,13)', parseOnOff)
    .option('--static-ip <addr,mask,gw,dns1[,dns2]>', 'static IPv4 settings (2,19); implies --dhcp off')
    .option('--server-ip <address>', 'provisioning server IPv4/IPv6 address (2,17)')
    .option('--server-port <port>', 'provisioning server port (2,18), usually 9971', parseIntIn(1, 65535))
    .option('--kvm <on|off>', 'KVM remote desktop (2,25)', parseOnOff)
    .option('--sol-ider <n>', 'SOL/IDER bitmask (2,10): 1 SOL, 2 storage redirection, 3 both', parseIntIn(0, 7))
    .addOption(
      new Option('--user-consent <level>', 'user consent (2,26)')
        .choices(['none', 'kvm', 'all'])
        .argParser(parseConsent),
    )
    .option('--remote-it-consent <on|off>', 'remote IT consent policy (2,27)', parseOnOff)
    .option('--shared-fqdn <on|off>', 'host OS shares the AMT FQDN (2,23)', parseOnOff)
    .option('--power-package <guid>', 'power package GUID (1,6)')
    .option('--start-config', 'start remote configuration: send Hello packets (2,28) = 1')
    .option('--halt-config', 'stop configuration (2,28) = 0')
    .addOption(
      new Option(
        '--manual-setup <on|off>',
        'manual setup and configuration (2,29): on = manual (old firmware only; needs --target legacy), off = automated',
      ).argParser(parseOnOff),
    )
    .option('--force', 'overwrite the output file if it exists')
    .option('--json', 'print a JSON summary')
    .action(
      cliAction(async (o: CreateOptions) => {
        const specs = hashes;
        hashes = [];
        await create(o, specs);
      }),
    );
  group
    .command('inspect <file>')
    .description('decode a setup.bin, including consumed and scrambled records (like USBFile.exe -view)')
    .option('--json', 'print JSON')
    .option('--show-secrets', 'show passwords instead of bullets')
    .action(cliAction(inspect));
}
