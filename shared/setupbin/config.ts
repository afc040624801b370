/**
 * The high-level model of one setup.bin record (what the MEBx-equivalent wizard edits) and its
 * mapping to entries of the variable table (setup-bin.md §6) and back.
 */
import { asciiToBytes, bytesToHex, guidToBytes, hexToBytes, uintToBytes } from './bytes';
import type { SetupBinEntry } from './layout';
import type { DecodedEntry } from './decode';
import type { EntryValue } from './variables';
import {
  encodeCertHash,
  encodeIpAddress,
  encodeIpv6Settings,
  encodeStaticIpv4,
  type CertHash,
  type Ipv6Settings,
  type StaticIpv4,
} from './values';

/** User consent for redirection (2,26). */
export type UserConsent = 'none' | 'kvm' | 'all';
/** Firmware local update (1,4). */
export type LocalFwUpdate = 'disabled' | 'enabled' | 'password-protected';
/** User-defined certificate hashes (2,7). */
export type UserDefinedHashes = 'disabled' | 'enabled' | 'delete';

/** An entry kept as bytes: an unknown variable, or one whose value did not decode. */
export interface RawEntry {
  module: number;
  variable: number;
  hex: string;
}

/** Variables only old firmware knows; modern MEBx rejects them (§6, §10 item 5). */
export interface LegacySettings {
  /** (2,1) provisioning ID of TLS-PSK. */
  pid?: string;
  /** (2,2) provisioning pass phrase of TLS-PSK. */
  pps?: string;
  /** (1,5) 0 always, 1 never, 2 restricted. */
  fwUpdateQualifier?: number;
  /** (2,14) secure firmware update. */
  secureFwUpdate?: boolean;
  /** (2,16) 0 enterprise, 1 SMB. */
  provisioningMode?: number;
}

/** One record's settings, by name. Absent fields write no entry. */
export interface SetupBinConfig {
  /** (1,1) Mandatory: the password MEBx has now (`admin` from the factory). */
  currentMebxPassword: string;
  /** (1,2) Applied last; must meet the strength rules. */
  newMebxPassword?: string;
  /** (1,3) = 1: turn Intel AMT on if it is disabled. */
  enableAmt?: boolean;
  /** (1,4) */
  localFwUpdate?: LocalFwUpdate;
  /** (1,6) power package GUID, canonical text. */
  powerPackage?: string;
  /** (2,3) */
  pkiDnsSuffix?: string;
  /** (2,4) FQDN of the setup and configuration server. */
  fqdn?: string;
  /** (2,5) remote configuration (ZTC). */
  remoteConfiguration?: boolean;
  /** (2,6) */
  preinstalledCertHashes?: boolean;
  /** (2,7) */
  userDefinedCertHashes?: UserDefinedHashes;
  /** (2,8), at most 3. */
  certificateHashes?: CertHash[];
  /** (2,10) bit0 SOL, bit1 storage redirection, bit2 user/password auth (deprecated). */
  solIder?: number;
  /** (2,11) */
  hostname?: string;
  /** (2,12) */
  domain?: string;
  /** (2,13) true = 2 (DHCP), false = 1 (static). */
  dhcp?: boolean;
  /** (2,15) low 16 bits used by firmware. */
  idleTimeout?: number;
  /** (2,17) IPv4 or IPv6 address. */
  provisioningServer?: string;
  /** (2,18) default 9971 on the server side. */
  provisioningServerPort?: number;
  /** (2,19), used with dhcp = false. */
  staticIpv4?: StaticIpv4;
  /** (2,21) */
  passwordPolicy?: number;
  /** (2,22) */
  ipv6?: Ipv6Settings;
  /** (2,23) */
  sharedFqdn?: boolean;
  /** (2,24) ignored by modern MEBx. */
  dynamicDnsUpdate?: boolean;
  /** (2,25) */
  kvm?: boolean;
  /** (2,26) */
  userConsent?: UserConsent;
  /** (2,27) */
  remoteItConsent?: boolean;
  /** (2,28) 'start' sends Hello packets (bare-metal remote configuration); 'halt' stops. */
  provisioning?: 'start' | 'halt';
  /** (2,29) true is rejected by modern MEBx. */
  manualSetup?: boolean;
  legacy?: LegacySettings;
  /** Entries written as given, after checks. */
  extraEntries?: RawEntry[];
}

const CONSENT: Readonly<Record<UserConsent, number>> = { none: 0, kvm: 1, all: 0xff };
const FW_UPDATE: Readonly<Record<LocalFwUpdate, number>> = { disabled: 0, enabled: 1, 'password-protected': 2 };
const USER_HASHES: Readonly<Record<UserDefinedHashes, number>> = { disabled: 0, enabled: 1, delete: 2 };
const flag = (b: boolean): Uint8Array => uintToBytes(b ? 1 : 0, 1);
const byte = (n: number): Uint8Array => uintToBytes(n, 1);

/** Builds the entries of one record from a config. Throws on values validate.ts rejects. */
export function configToEntries(c: SetupBinConfig): SetupBinEntry[] {
  const out: SetupBinEntry[] = [];
  const add = (module: number, variable: number, value: Uint8Array | undefined): void => {
    if (value) out.push({ module, variable, value });
  };
  const opt = <T>(v: T | undefined, f: (x: T) => Uint8Array): Uint8Array | undefined =>
    v === undefined ? undefined : f(v);
  add(1, 1, asciiToBytes(c.currentMebxPassword));
  add(1, 2, opt(c.newMebxPassword, asciiToBytes));
  add(1, 3, c.enableAmt ? byte(1) : undefined);
  add(
    1,
    4,
    opt(c.localFwUpdate, (v) => byte(FW_UPDATE[v])),
  );
  add(1, 5, opt(c.legacy?.fwUpdateQualifier, byte));
  add(1, 6, opt(c.powerPackage, guidToBytes));
  add(2, 1, opt(c.legacy?.pid, asciiToBytes));
  add(2, 2, opt(c.legacy?.pps, asciiToBytes));
  add(2, 3, opt(c.pkiDnsSuffix, asciiToBytes));
  add(2, 4, opt(c.fqdn, asciiToBytes));
  add(2, 5, opt(c.remoteConfiguration, flag));
  add(2, 6, opt(c.preinstalledCertHashes, flag));
  add(
    2,
    7,
    opt(c.userDefinedCertHashes, (v) => byte(USER_HASHES[v])),
  );
  for (const h of c.certificateHashes ?? []) add(2, 8, encodeCertHash(h));
  add(2, 10, opt(c.solIder, byte));
  add(2, 11, opt(c.hostname, asciiToBytes));
  add(2, 12, opt(c.domain, asciiToBytes));
  // Static addresses only take effect with DHCP off, so a static block implies (2,13) = 1.
  const dhcp = c.dhcp ?? (c.staticIpv4 ? false : undefined);
  add(
    2,
    13,
    opt(dhcp, (d) => byte(d ? 2 : 1)),
  );
  add(2, 14, opt(c.legacy?.secureFwUpdate, flag));
  add(
    2,
    15,
    opt(c.idleTimeout, (n) => uintToBytes(n, 4)),
  );
  add(2, 16, opt(c.legacy?.provisioningMode, byte));
  add(2, 17, opt(c.provisioningServer, encodeIpAddress));
  add(
    2,
    18,
    opt(c.provisioningServerPort, (n) => uintToBytes(n, 2)),
  );
  add(2, 19, opt(c.staticIpv4, encodeStaticIpv4));
  add(2, 21, opt(c.passwordPolicy, byte));
  add(2, 22, opt(c.ipv6, encodeIpv6Settings));
  add(2, 23, opt(c.sharedFqdn, flag));
  add(2, 24, opt(c.dynamicDnsUpdate, flag));
  add(2, 25, opt(c.kvm, flag));
  add(
    2,
    26,
    opt(c.userConsent, (v) => byte(CONSENT[v])),
  );
  add(2, 27, opt(c.remoteItConsent, flag));
  add(
    2,
    28,
    opt(c.provisioning, (v) => byte(v === 'start' ? 1 : 0)),
  );
  add(2, 29, opt(c.manualSetup, flag));
  for (const e of c.extraEntries ?? []) {
    const value = hexToBytes(e.hex);
    if (!value) throw new Error(`extra entry (${e.module},${e.variable}) is not hex`);
    add(e.module, e.variable, value);
  }
  return out;
}

const reverse = <K extends string>(m: Readonly<Record<K, number>>, n: number): K | undefined =>
  (Object.keys(m) as K[]).find((k) => m[k] === n);

/** Puts a decoded value into the config; false when the value has no place there. */
type Apply = (c: SetupBinConfig, v: EntryValue) => boolean;

const text =
  (f: (c: SetupBinConfig, s: string) => void): Apply =>
  (c, v) => {
    if (v.kind !== 'text') return false;
    f(c, v.text);
    return true;
  };
const num =
  (f: (c: SetupBinConfig, n: number) => boolean | void): Apply =>
  (c, v) =>
    v.kind === 'number' && f(c, v.number) !== false;
const named = <K extends string>(m: Readonly<Record<K, number>>, f: (c: SetupBinConfig, k: K) => void): Apply =>
  num((c, n) => {
    const k = reverse(m, n);
    if (k === undefined) return false;
    f(c, k);
  });
const legacy = (c: SetupBinConfig): LegacySettings => (c.legacy ??= {});

const APPLY: Readonly<Record<string, Apply>> = {
  '1,1': text((c, s) => void (c.currentMebxPassword = s)),
  '1,2': text((c, s) => void (c.newMebxPassword = s)),
  '1,3': num((c, n) => n === 1 && ((c.enableAmt = true), true)),
  '1,4': named(FW_UPDATE, (c, k) => void (c.localFwUpdate = k)),
  '1,5': num((c, n) => void (legacy(c).fwUpdateQualifier = n)),
  '1,6': (c, v) => v.kind === 'guid' && ((c.powerPackage = v.guid), true),
  '2,1': text((c, s) => void (legacy(c).pid = s)),
  '2,2': text((c, s) => void (legacy(c).pps = s)),
  '2,3': text((c, s) => void (c.pkiDnsSuffix = s)),
  '2,4': text((c, s) => void (c.fqdn = s)),
  '2,5': num((c, n) => n <= 1 && ((c.remoteConfiguration = n === 1), true)),
  '2,6': num((c, n) => n <= 1 && ((c.preinstalledCertHashes = n === 1), true)),
  '2,7': named(USER_HASHES, (c, k) => void (c.userDefinedCertHashes = k)),
  '2,8': (c, v) =>
    v.kind === 'certHash' && ((c.certificateHashes = [...(c.certificateHashes ?? []), v.certHash]), true),
  '2,10': num((c, n) => void (c.solIder = n)),
  '2,11': text((c, s) => void (c.hostname = s)),
  '2,12': text((c, s) => void (c.domain = s)),
  '2,13': num((c, n) => (n === 1 || n === 2) && ((c.dhcp = n === 2), true)),
  '2,14': num((c, n) => n <= 1 && ((legacy(c).secureFwUpdate = n === 1), true)),
  '2,15': num((c, n) => void (c.idleTimeout = n)),
  '2,16': num((c, n) => void (legacy(c).provisioningMode = n)),
  '2,17': (c, v) => v.kind === 'ip' && ((c.provisioningServer = v.address), true),
  '2,18': num((c, n) => void (c.provisioningServerPort = n)),
  '2,19': (c, v) => v.kind === 'staticIpv4' && ((c.staticIpv4 = v.staticIpv4), true),
  '2,21': num((c, n) => void (c.passwordPolicy = n)),
  '2,22': (c, v) => v.kind === 'ipv6Settings' && ((c.ipv6 = v.ipv6Settings), true),
  '2,23': num((c, n) => n <= 1 && ((c.sharedFqdn = n === 1), true)),
  '2,24': num((c, n) => n <= 1 && ((c.dynamicDnsUpdate = n === 1), true)),
  '2,25': num((c, n) => n <= 1 && ((c.kvm = n === 1), true)),
  '2,26': named(CONSENT, (c, k) => void (c.userConsent = k)),
  '2,27': num((c, n) => (n <= 1 || n === 0xff) && ((c.remoteItConsent = n !== 0), true)),
  '2,28': num((c, n) => n <= 1 && ((c.provisioning = n === 1 ? 'start' : 'halt'), true)),
  '2,29': num((c, n) => n <= 1 && ((c.manualSetup = n === 1), true)),
};

/** Rebuilds a config from decoded entries; what has no field (or did not decode) goes to extraEntries. */
export function entriesToConfig(entries: readonly DecodedEntry[]): SetupBinConfig {
  const c: SetupBinConfig = { currentMebxPassword: '' };
  const extra: RawEntry[] = [];
  for (const e of entries) {
    const apply = APPLY[`${e.module},${e.variable}`];
    const placed = apply !== undefined && e.problems.length === 0 && apply(c, e.value);
    if (!placed) extra.push({ module: e.module, variable: e.variable, hex: bytesToHex(e.raw) });
  }
  if (extra.length) c.extraEntries = extra;
  return c;
}
