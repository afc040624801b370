/**
 * Turns `outband setupbin create` options into a SetupBinConfig: every option maps to one
 * variable of setup-bin.md §6 (see the table in the README). Pure apart from reading hash files.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { OutbandError } from '../../../shared/errors';
import {
  hexToBytes,
  parseSetupBinVersion,
  type CertHash,
  type CertHashAlgorithm,
  type SetupBinConfig,
  type SetupBinOptions,
  type SetupBinVersion,
  type UserConsent,
} from '../../../shared/setupbin';
import { certificateDer } from '../../certs/cert-hashes';

/** One `--hash` with the `--hash-name` / `--hash-alg` that follow it. */
export interface HashSpec {
  source: string;
  name?: string;
  algorithm?: CertHashAlgorithm;
}

/** The parsed options of `setupbin create` (commander's camel-case names). */
export interface CreateOptions {
  output: string;
  currentMebxEnv?: string;
  newMebxEnv?: string;
  fileVersion: SetupBinVersion;
  records?: number;
  reusable?: boolean;
  scramble?: boolean;
  target?: 'modern' | 'legacy';
  enableAmt?: boolean;
  dns?: string;
  fqdn?: string;
  ztc?: boolean;
  hostname?: string;
  domain?: string;
  dhcp?: boolean;
  staticIp?: string;
  serverIp?: string;
  serverPort?: number;
  kvm?: boolean;
  solIder?: number;
  userConsent?: UserConsent;
  remoteItConsent?: boolean;
  sharedFqdn?: boolean;
  powerPackage?: string;
  startConfig?: boolean;
  haltConfig?: boolean;
  manualSetup?: boolean;
  force?: boolean;
  json?: boolean;
}

/** commander parser for on/off switches (also 1/0, true/false, yes/no). */
export function parseOnOff(value: string): boolean {
  const v = value.toLowerCase();
  if (['on', '1', 'true', 'yes', 'enable', 'enabled'].includes(v)) return true;
  if (['off', '0', 'false', 'no', 'disable', 'disabled'].includes(v)) return false;
  throw new InvalidArgumentError('Use on or off.');
}

/** commander parser for whole numbers in a range. */
export function parseIntIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`Use a whole number from ${min} to ${max}.`);
    }
    return Number(value);
  };
}

/** commander parser for --file-version. */
export function parseVersionOption(value: string): SetupBinVersion {
  const v = parseSetupBinVersion(value);
  if (!v) throw new InvalidArgumentError('Use 1, 2, 2.1, 3 or 4.');
  return v;
}

/** commander parser for --user-consent. */
export function parseConsent(value: string): UserConsent {
  if (value === 'none' || value === 'kvm' || value === 'all') return value;
  throw new InvalidArgumentError('Use none, kvm or all.');
}

/** commander parser for --hash-alg. */
export function parseHashAlg(value: string): CertHashAlgorithm {
  const v = value.toLowerCase().replace('-', '');
  if (v === 'sha1' || v === 'sha256' || v === 'sha384') return v;
  throw new InvalidArgumentError('Use sha1, sha256 or sha384.');
}

/** `ADDR,MASK,GATEWAY,DNS1[,DNS2]` to the static IPv4 block. */
export function parseStaticIp(value: string): SetupBinConfig['staticIpv4'] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.length < 4 || parts.length > 5) {
    throw new OutbandError('cli.bad-option', `--static-ip takes ADDR,MASK,GATEWAY,DNS1[,DNS2], not "${value}".`);
  }
  const [address, mask, gateway, primaryDns, secondaryDns] = parts;
  return secondaryDns ? { address, mask, gateway, primaryDns, secondaryDns } : { address, mask, gateway, primaryDns };
}

const ALG_BY_LENGTH: Readonly<Record<number, CertHashAlgorithm>> = { 20: 'sha1', 32: 'sha256', 48: 'sha384' };

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** A --hash argument to a CertHash: a certificate file (PEM or DER, hashed over its DER) or hex. */
export async function resolveHash(spec: HashSpec): Promise<CertHash> {
  if (!spec.name) {
    throw new OutbandError(
      'cli.bad-option',
      `--hash ${spec.source} needs a --hash-name after it (the name MEBx shows, up to 31 characters).`,
    );
  }
  if (await isFile(spec.source)) {
    const der = certificateDer(await readFile(spec.source));
    const algorithm = spec.algorithm ?? 'sha256';
    return { name: spec.name, algorithm, hash: createHash(algorithm).update(der).digest('hex') };
  }
  const bytes = hexToBytes(spec.source);
  if (!bytes || bytes.length === 0) {
    throw new OutbandError('cli.bad-option', `--hash ${spec.source} is neither a certificate file nor a hex hash.`);
  }
  const algorithm = spec.algorithm ?? ALG_BY_LENGTH[bytes.length];
  if (!algorithm) {
    throw new OutbandError(
      'cli.bad-option',
      `--hash has ${bytes.length} bytes; SHA-1, SHA-256 and SHA-384 hashes have 20, 32 and 48.`,
    );
  }
  return { name: spec.name, algorithm, hash: Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') };
}

/** Builds the config and file options from parsed options, passwords and resolved hashes. */
export function buildConfig(
  o: CreateOptions,
  passwords: { current: string; next?: string },
  hashes: CertHash[],
): { config: SetupBinConfig; options: SetupBinOptions } {
  if (o.startConfig && o.haltConfig)
    throw new OutbandError('cli.bad-option', 'Use --start-config or --halt-config, not both.');
  const c: SetupBinConfig = { currentMebxPassword: passwords.current };
  const set = <K extends keyof SetupBinConfig>(k: K, v: SetupBinConfig[K] | undefined): void => {
    if (v !== undefined) c[k] = v;
  };
  set('newMebxPassword', passwords.next);
  set('enableAmt', o.enableAmt || undefined);
  set('powerPackage', o.powerPackage);
  set('pkiDnsSuffix', o.dns);
  set('fqdn', o.fqdn);
  set('remoteConfiguration', o.ztc);
  set('certificateHashes', hashes.length ? hashes : undefined);
  set('solIder', o.solIder);
  set('hostname', o.hostname);
  set('domain', o.domain);
  set('dhcp', o.dhcp);
  set('provisioningServer', o.serverIp);
  set('provisioningServerPort', o.serverPort);
  set('staticIpv4', o.staticIp === undefined ? undefined : parseStaticIp(o.staticIp));
  set('sharedFqdn', o.sharedFqdn);
  set('kvm', o.kvm);
  set('userConsent', o.userConsent);
  set('remoteItConsent', o.remoteItConsent);
  set('provisioning', o.startConfig ? 'start' : o.haltConfig ? 'halt' : undefined);
  set('manualSetup', o.manualSetup);
  const options: SetupBinOptions = {
    version: o.fileVersion,
    records: o.records ?? 1,
    reusable: o.reusable ?? false,
    scramble: o.scramble ?? false,
    target: o.target ?? 'modern',
  };
  return { config: c, options };
}
