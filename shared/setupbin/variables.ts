/**
 * The variable table of setup-bin.md §6: for each (module, variable), its name, the file
 * version that introduced it, what a modern MEBx does with it, its length bounds, and how to
 * turn its bytes into a typed value and a display string.
 */
import { bytesToAscii, bytesToGuid, bytesToHex, bytesToIpv4, bytesToIpv6, bytesToUint } from './bytes';
import type { SetupBinVersion } from './format';
import {
  decodeCertHash,
  decodeIpv6Settings,
  decodeStaticIpv4,
  type CertHash,
  type Ipv6Settings,
  type StaticIpv4,
} from './values';

/** What the newest MEBx does with a variable. */
export type ModernSupport = 'supported' | 'rejected' | 'ignored';

/** The typed value of a decoded entry. */
export type EntryValue =
  | { kind: 'text'; text: string }
  | { kind: 'number'; number: number }
  | { kind: 'guid'; guid: string }
  | { kind: 'ip'; address: string }
  | { kind: 'certHash'; certHash: CertHash }
  | { kind: 'staticIpv4'; staticIpv4: StaticIpv4 }
  | { kind: 'ipv6Settings'; ipv6Settings: Ipv6Settings }
  | { kind: 'raw'; hex: string };

type Codec =
  | { kind: 'ascii' }
  | { kind: 'uint'; labels?: Readonly<Record<number, string>> }
  | { kind: 'bits'; bits: readonly string[]; none: string }
  | { kind: 'guid' }
  | { kind: 'ip' }
  | { kind: 'certHash' }
  | { kind: 'staticIpv4' }
  | { kind: 'ipv6Settings' }
  | { kind: 'raw' };

/** One row of the variable table. */
export interface VariableDef {
  module: number;
  variable: number;
  /** Firmware name, e.g. `CurrentMebxPwd`. */
  key: string;
  /** Name a person reads, e.g. `Current MEBx password`. */
  label: string;
  minVersion: SetupBinVersion;
  /** Set when only one old version knew the variable. */
  onlyVersion?: SetupBinVersion;
  modern: ModernSupport;
  /** Allowed value lengths in bytes. */
  lengths: { min: number; max: number } | { exactly: readonly number[] };
  codec: Codec;
  /** Values a person should not see by default (passwords, pass phrases). */
  secret?: boolean;
}

const onOff = { 0: 'disabled', 1: 'enabled' } as const;

/** (2,10) bit meanings, bit0 first (setup-bin.md §6.2). */
const SOL_IDER_BITS = ['SOL', 'storage redirection (IDE-R/USB-R)', 'user/password auth (deprecated)'] as const;

/** What a bitmask value means in words: "3 (SOL + storage redirection)"; unknown bits are problems. */
function describeBits(n: number, bits: readonly string[], none: string, problems: string[]): string {
  const on = bits.filter((_, i) => (n >> i) & 1);
  const unknown = n & ~((1 << bits.length) - 1);
  if (unknown) problems.push(`bits 0x${unknown.toString(16)} have no meaning (only ${bits.length} bits are defined)`);
  return `${n} (${on.length ? on.join(' + ') : none})`;
}
const uint = (labels?: Readonly<Record<number, string>>): Codec => ({ kind: 'uint', labels });
const one = { exactly: [1] } as const;

function def(
  module: number,
  variable: number,
  key: string,
  label: string,
  minVersion: SetupBinVersion,
  modern: ModernSupport,
  lengths: VariableDef['lengths'],
  codec: Codec,
  extra: Partial<VariableDef> = {},
): VariableDef {
  return { module, variable, key, label, minVersion, modern, lengths, codec, ...extra };
}

/** Every known variable, sorted by (module, variable). */
export const VARIABLES: readonly VariableDef[] = [
  def(
    1,
    1,
    'CurrentMebxPwd',
    'Current MEBx password',
    '1',
    'supported',
    { min: 1, max: 32 },
    { kind: 'ascii' },
    { secret: true },
  ),
  def(
    1,
    2,
    'NewMebxPwd',
    'New MEBx password',
    '1',
    'supported',
    { min: 1, max: 32 },
    { kind: 'ascii' },
    { secret: true },
  ),
  def(1, 3, 'MngFeatureSel', 'Manageability feature selection', '2', 'supported', one, uint({ 1: 'Intel AMT' })),
  def(
    1,
    4,
    'LocalFwUpdate',
    'Firmware local update',
    '2.1',
    'supported',
    one,
    uint({ 0: 'disabled', 1: 'enabled', 2: 'password protected (deprecated)' }),
  ),
  def(
    1,
    5,
    'FwUpdateQualifier',
    'Firmware update qualifier',
    '2.1',
    'rejected',
    one,
    uint({ 0: 'always', 1: 'never', 2: 'restricted' }),
    { onlyVersion: '2.1' },
  ),
  def(1, 6, 'PowerPkgs', 'Power package', '2.1', 'supported', { exactly: [16] }, { kind: 'guid' }),
  def(2, 1, 'Pid', 'Provisioning ID (PID)', '1', 'rejected', { min: 1, max: 32 }, { kind: 'ascii' }, { secret: true }),
  def(
    2,
    2,
    'Pps',
    'Provisioning pass phrase (PPS)',
    '1',
    'rejected',
    { min: 1, max: 64 },
    { kind: 'ascii' },
    { secret: true },
  ),
  def(2, 3, 'PkiDnsSuffix', 'PKI DNS suffix', '2', 'supported', { min: 1, max: 256 }, { kind: 'ascii' }),
  def(2, 4, 'ConfigServerFqdn', 'Configuration server FQDN', '2', 'supported', { min: 1, max: 256 }, { kind: 'ascii' }),
  def(2, 5, 'ZeroTouchSetupEnable', 'Remote configuration (ZTC)', '2', 'supported', one, uint(onOff)),
  def(2, 6, 'PreinstalledCertEnable', 'Pre-installed certificate hashes', '2', 'supported', one, uint(onOff)),
  def(
    2,
    7,
    'UserDefinedCertsConfig',
    'User-defined certificate hashes',
    '2',
    'supported',
    one,
    uint({ 0: 'disabled', 1: 'enabled', 2: 'delete all' }),
  ),
  def(2, 8, 'UserDefinedCertAdd', 'Add certificate hash', '2', 'supported', { min: 22, max: 81 }, { kind: 'certHash' }),
  def(2, 10, 'SolStorageRedirConfig', 'SOL / storage redirection', '2', 'supported', one, {
    kind: 'bits',
    bits: SOL_IDER_BITS,
    none: 'SOL and storage redirection off',
  }),
  def(2, 11, 'Hostname', 'Host name', '2.1', 'supported', { min: 1, max: 64 }, { kind: 'ascii' }),
  def(2, 12, 'DomainName', 'Domain name', '2.1', 'supported', { min: 1, max: 256 }, { kind: 'ascii' }),
  def(2, 13, 'Dhcp', 'DHCP', '2.1', 'supported', one, uint({ 1: 'disabled (static)', 2: 'enabled' })),
  def(2, 14, 'SecureFwUpdate', 'Secure firmware update', '2.1', 'rejected', one, uint(onOff), { onlyVersion: '2.1' }),
  def(2, 15, 'IdleTimeout', 'Idle timeout', '2.1', 'supported', { exactly: [4] }, uint()),
  def(2, 16, 'ProvisioningMode', 'Provisioning mode', '2.1', 'rejected', one, uint({ 0: 'enterprise', 1: 'SMB' }), {
    onlyVersion: '2.1',
  }),
  def(
    2,
    17,
    'ProvisioningServerAddress',
    'Provisioning server address',
    '2.1',
    'supported',
    { exactly: [4, 16] },
    { kind: 'ip' },
  ),
  def(2, 18, 'ProvisioningServerPort', 'Provisioning server port', '2.1', 'supported', { exactly: [2] }, uint()),
  def(
    2,
    19,
    'StaticIpv4Parameters',
    'Static IPv4 settings',
    '2.1',
    'supported',
    { exactly: [20] },
    { kind: 'staticIpv4' },
  ),
  def(2, 20, 'Vlan', 'VLAN', '2.1', 'rejected', { min: 0, max: 488 }, { kind: 'raw' }, { onlyVersion: '2.1' }),
  def(2, 21, 'PasswordPolicyFlag', 'MEBx password policy', '2.1', 'supported', one, uint()),
  def(2, 22, 'Ipv6Settings', 'IPv6 settings', '3', 'supported', { exactly: [84] }, { kind: 'ipv6Settings' }),
  def(2, 23, 'SharedFqdn', 'Shared FQDN', '3', 'supported', one, uint({ 0: 'dedicated', 1: 'shared' })),
  def(2, 24, 'DdnsUpdate', 'Dynamic DNS update', '3', 'ignored', one, uint(onOff)),
  def(2, 25, 'KvmState', 'KVM (remote desktop)', '3', 'supported', one, uint(onOff)),
  def(2, 26, 'KvmOptinUser', 'User consent', '3', 'supported', one, uint({ 0: 'none', 1: 'KVM only', 255: 'all' })),
  def(
    2,
    27,
    'KvmOptinRemoteIt',
    'Remote IT consent policy',
    '3',
    'supported',
    one,
    uint({ 0: 'disabled', 1: 'enabled', 255: 'enabled' }),
  ),
  def(
    2,
    28,
    'MeProvisioningHalt',
    'Provisioning halt / start',
    '3',
    'supported',
    one,
    uint({ 0: 'stop (halt)', 1: 'start configuration' }),
  ),
  def(
    2,
    29,
    'ManualSetupAndConfig',
    'Manual setup and configuration',
    '3',
    'supported',
    one,
    uint({ 0: 'automated', 1: 'manual' }),
  ),
  def(2, 30, 'SupportChannelId', 'Support channel ID', '3', 'rejected', { exactly: [4] }, uint()),
  def(
    2,
    31,
    'SupportChannelDescription',
    'Support channel description',
    '3',
    'rejected',
    { min: 0, max: 60 },
    { kind: 'ascii' },
  ),
  def(2, 32, 'ServiceAccountNumber', 'Service account number', '3', 'rejected', { min: 0, max: 32 }, { kind: 'ascii' }),
  def(
    2,
    33,
    'EnrollmentPasscode',
    'Enrollment passcode',
    '3',
    'rejected',
    { min: 0, max: 32 },
    { kind: 'ascii' },
    { secret: true },
  ),
  def(
    2,
    34,
    'ServiceType',
    'Service type',
    '3',
    'rejected',
    { exactly: [4] },
    uint({ 1: 'reactive', 2: 'proactive', 4: 'one-time' }),
  ),
  def(2, 35, 'ServiceProviderId', 'Service provider ID', '3', 'rejected', { exactly: [16] }, { kind: 'guid' }),
];

const BY_ID = new Map(VARIABLES.map((v) => [v.module * 0x10000 + v.variable, v]));

/** The table row for (module, variable), or undefined for an unknown one. */
export function findVariable(module: number, variable: number): VariableDef | undefined {
  return BY_ID.get(module * 0x10000 + variable);
}

/** True when `length` is allowed for the variable. */
export function lengthAllowed(v: VariableDef, length: number): boolean {
  return 'exactly' in v.lengths
    ? v.lengths.exactly.includes(length)
    : length >= v.lengths.min && length <= v.lengths.max;
}

/** The allowed lengths as text, for messages. */
export function describeLengths(v: VariableDef): string {
  if ('exactly' in v.lengths) return `${v.lengths.exactly.join(' or ')} byte(s)`;
  return `${v.lengths.min} to ${v.lengths.max} bytes`;
}

/** A decoded value with its display text and what is wrong with it. */
export interface DecodedValue {
  value: EntryValue;
  display: string;
  problems: string[];
}

/** Turns raw bytes into a typed value with the codec of `v` (or raw hex when unknown). */
export function decodeVariableValue(v: VariableDef | undefined, raw: Uint8Array): DecodedValue {
  const problems: string[] = [];
  if (v && !lengthAllowed(v, raw.length)) {
    problems.push(`length ${raw.length} is not allowed (expected ${describeLengths(v)})`);
    return { value: { kind: 'raw', hex: bytesToHex(raw) }, display: `0x${bytesToHex(raw)}`, problems };
  }
  const codec: Codec = v?.codec ?? { kind: 'raw' };
  switch (codec.kind) {
    case 'ascii': {
      const text = bytesToAscii(raw);
      if ([...raw].some((b) => b > 0x7e || b < 0x20)) problems.push('contains bytes that are not printable ASCII');
      return { value: { kind: 'text', text }, display: text, problems };
    }
    case 'uint': {
      const n = bytesToUint(raw);
      const label = codec.labels?.[n];
      if (codec.labels && label === undefined)
        problems.push(`value ${n} is not one of ${Object.keys(codec.labels).join(', ')}`);
      return { value: { kind: 'number', number: n }, display: label ? `${n} (${label})` : String(n), problems };
    }
    case 'bits': {
      const n = bytesToUint(raw);
      const display = describeBits(n, codec.bits, codec.none, problems);
      return { value: { kind: 'number', number: n }, display, problems };
    }
    case 'guid': {
      const guid = bytesToGuid(raw);
      return { value: { kind: 'guid', guid }, display: guid, problems };
    }
    case 'ip': {
      const address = raw.length === 4 ? bytesToIpv4(raw) : bytesToIpv6(raw);
      return { value: { kind: 'ip', address }, display: address, problems };
    }
    case 'certHash': {
      const r = decodeCertHash(raw);
      if (!r.value)
        return { value: { kind: 'raw', hex: bytesToHex(raw) }, display: `0x${bytesToHex(raw)}`, problems: r.problems };
      const h = r.value;
      return {
        value: { kind: 'certHash', certHash: h },
        display: `${h.name} (${h.algorithm.toUpperCase()} ${h.hash})`,
        problems: r.problems,
      };
    }
    case 'staticIpv4': {
      const s = decodeStaticIpv4(raw);
      const display = `address ${s.address}, mask ${s.mask}, gateway ${s.gateway}, DNS ${s.primaryDns}${s.secondaryDns ? ` / ${s.secondaryDns}` : ''}`;
      return { value: { kind: 'staticIpv4', staticIpv4: s }, display, problems };
    }
    case 'ipv6Settings': {
      const s = decodeIpv6Settings(raw);
      const display = `${s.enabled ? 'enabled' : 'disabled'}, interface ${s.interfaceIndex}, address ${s.address}, router ${s.defaultRouter}`;
      return { value: { kind: 'ipv6Settings', ipv6Settings: s }, display, problems };
    }
    case 'raw':
      return {
        value: { kind: 'raw', hex: bytesToHex(raw) },
        display: raw.length ? `0x${bytesToHex(raw)}` : '(empty)',
        problems,
      };
  }
}
