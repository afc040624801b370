// The mutable state of one simulated AMT device, and how it is created from options.
import type { AuditRecord } from './audit-log';
import type { EventRecord } from './event-log';
import { checkInventory, generateInventory, type Inventory } from './inventory';
import { PLATFORM_KEYS, type PlatformKey } from './platforms';
import { createProvisioningState, digestHa1, type ProvisioningState } from './provisioning-state';
import { randomHex, seededRandom } from './rng';
import { DEFAULT_TRUSTED_ROOT_HASHES, isValidRootHash, type TrustedRootHash } from './trusted-roots';

export type Scalar = string | number | boolean;

/** Options describing one simulated device; everything has a realistic default. */
export interface DeviceIdentityOptions {
  /** AMT firmware version, major.minor.micro (default 16.1.25). */
  amtVersion?: string;
  /** Firmware build number, shown in the Server header and CIM_SoftwareIdentity (default 2124). */
  build?: string;
  /** Canonical UUID (8-4-4-4-12); default derived from the seed. */
  uuid?: string;
  hostname?: string;
  domainName?: string;
  /** 0 pre-provisioning, 1 in-provisioning, 2 post-provisioning (default 2). */
  provisioningState?: 0 | 1 | 2;
  /** 1 CCM (client control), 2 ACM (admin control); default 2. */
  controlMode?: 1 | 2;
  /** Initial DMTF PowerState (default 2 = on). */
  powerState?: number;
  /** IPS_OptInService.OptInRequired: 0 none, 1 KVM, 4294967295 all (default 0 in ACM, all in CCM). */
  optInRequired?: number;
  /** Seed for everything random about this device (realm, MACs, serials, chunk splits). */
  seed?: number;
  /** AMT_GeneralSettings.RmcpPingResponseEnabled: answer RMCP presence pings (default true). */
  rmcpPingResponse?: boolean;
  /** The digest realm, e.g. "Digest:F3EB554784E729164447A89F60B641C5" (default derived from the seed). */
  digestRealm?: string;
  /** PKI DNS suffix the connect-back certificate's CN must match (default: the domain name). */
  pkiDnsSuffix?: string;
  /** Trusted-root hashes added after the built-in ones (Setup mode: Hellos and the connect-back). */
  trustedRootHashes?: TrustedRootHash[];
  /** Seconds the device clock is ahead of the host clock (default 0; negative = behind). */
  clockOffsetS?: number;
  /** The machine model (default drawn from the seed); see PLATFORM_KEYS. */
  platform?: PlatformKey;
  /** Exact number of seeded event-log records, 0–390 (default 12–48 from the seed). */
  eventLogRecords?: number;
  /** Exact number of seeded audit records of a provisioned device (default 14–36 from the seed). */
  auditLogRecords?: number;
  /** Unix seconds (device clock) the seeded log records end before (default: now on the device clock). */
  logsUntil?: number;
}

/** What the last boot used, so tests can check a boot-to-BIOS / PXE sequence took effect. */
export interface BootRecord {
  readonly at: number;
  readonly via: number;
  readonly source: string | null;
  readonly biosSetup: boolean;
  readonly useSol: boolean;
  readonly useIder: boolean;
}

/** User-consent state of IPS_OptInService. */
export interface OptInState {
  required: number;
  state: number;
  code: string | null;
  displayedAt: number;
  codeTimeoutS: number;
  displayTimeoutS: number;
}

/** Everything a device remembers; tests may read and change it directly. */
export interface DeviceState extends ProvisioningState {
  uuid: string;
  hostname: string;
  domainName: string;
  amtVersion: string;
  build: string;
  digestRealm: string;
  provisioningState: 0 | 1 | 2;
  /**
   * A component blocks a full Unprovision (it answers 2076 BLOCKING_COMPONENT); PartialUnprovision
   * still returns the device to pre-provisioning. Off unless a test sets it.
   */
  fullUnprovisionBlocked?: boolean;
  controlMode: 1 | 2;
  powerState: number;
  /** Wall-clock time until which a power transition is in progress (requests answer 2). */
  powerBusyUntil: number;
  bootSettings: Record<string, Scalar | Scalar[]>;
  bootRole: 1 | 32768;
  bootSource: string | null;
  lastBoot: BootRecord | null;
  bootCount: number;
  optIn: OptInState;
  /**
   * AMT_RedirectionService.EnabledState: 32768 none, 32769 IDE-R, 32770 SOL, 32771 both. SOL
   * sessions are refused unless this includes SOL and `redirectionListener` is on (redirection.ts `solAllowed`).
   */
  redirectionState: number;
  /** AMT_RedirectionService.ListenerEnabled: the redirection ports (16994/16995) accept sessions. */
  redirectionListener: boolean;
  /** The hardware the inventory classes report; change it with `SimDevice.changeInventory`. */
  inventory: Inventory;
  /** AMT_MessageLog records, oldest first (GetRecords serves them newest first). */
  eventLog: EventRecord[];
  /** AMT_AuditLog records, oldest first (the order ReadRecords returns them in). */
  auditLog: AuditRecord[];
  /** Same as `inventory.wired.macAddress`. */
  macAddress: string;
  /** Same as the address of the wired port, or of the wireless one when the wired has none. */
  readonly ipAddress: string;
  /** Same as `inventory.system.serialNumber` (CIM_Chassis.SerialNumber). */
  serialNumber: string;
  /** Same as `inventory.board.serialNumber` (CIM_Card.SerialNumber). */
  boardSerial: string;
  /** The memory modules' serial numbers, in bank order. */
  readonly memorySerials: string[];
  /** AMT_GeneralSettings.RmcpPingResponseEnabled; false = presence pings get no answer. */
  rmcpPingResponse: boolean;
  /** The enabled trusted-root hashes a PKI Hello lists, in order (built-in ones first). */
  trustedRootHashes: TrustedRootHash[];
}

/** The writable boot flags of AMT_BootSettingData with their reset values. */
export const BOOT_FLAG_DEFAULTS: Readonly<Record<string, Scalar>> = {
  BIOSPause: false,
  BIOSSetup: false,
  BootMediaIndex: 0,
  ConfigurationDataReset: false,
  EnforceSecureBoot: false,
  FirmwareVerbosity: 0,
  ForcedProgressEvents: false,
  IDERBootDevice: 0,
  LockKeyboard: false,
  LockPowerButton: false,
  LockResetButton: false,
  LockSleepButton: false,
  PlatformErase: false,
  RSEPassword: '',
  ReflashBIOS: false,
  SecureErase: false,
  UefiBootNumberOfParams: 0,
  UseIDER: false,
  UseSOL: false,
  UseSafeMode: false,
  UserPasswordBypass: false,
};

/** Read-only fields of AMT_BootSettingData (MC strips these before a Put; we keep our values). */
export const BOOT_READ_ONLY: Readonly<Record<string, Scalar | Scalar[]>> = {
  BIOSLastStatus: [2, 0],
  BootguardStatus: 127,
  OptionsCleared: true,
  RPEEnabled: true,
  SecureBootControlEnabled: true,
  UEFIHTTPSBootEnabled: true,
  UEFILocalPBABootEnabled: true,
  WinREBootEnabled: true,
};

/** Canonical UUID text from 16 random-ish bytes given as hex. */
function uuidFromHex(hex: string): string {
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Throws a readable Error for option values a device cannot work with. */
function checkIdentityOptions(opts: DeviceIdentityOptions): void {
  if (opts.digestRealm !== undefined && !/^[\x21\x23-\x7e]{1,64}$/.test(opts.digestRealm)) {
    throw new Error(`Bad digest realm "${opts.digestRealm}".`);
  }
  const suffix = opts.pkiDnsSuffix;
  if (suffix !== undefined && !/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(suffix)) {
    throw new Error(`Bad PKI DNS suffix "${suffix}".`);
  }
  const bad = (opts.trustedRootHashes ?? []).find((h) => !isValidRootHash(h));
  if (bad !== undefined) throw new Error(`Bad trusted root hash ${bad.alg}:${bad.hex}.`);
  if (opts.clockOffsetS !== undefined && !Number.isInteger(opts.clockOffsetS)) {
    throw new Error(`Bad clock offset ${opts.clockOffsetS} s.`);
  }
  if (opts.platform !== undefined && !PLATFORM_KEYS.includes(opts.platform)) {
    throw new Error(`Unknown platform "${opts.platform}"; use one of ${PLATFORM_KEYS.join(', ')}.`);
  }
  const counts: Array<[string, number | undefined, number]> = [
    ['eventLogRecords', opts.eventLogRecords, 390],
    ['auditLogRecords', opts.auditLogRecords, 2000],
  ];
  for (const [name, n, max] of counts) {
    if (n !== undefined && (!Number.isInteger(n) || n < 0 || n > max)) throw new Error(`Bad ${name} ${n}; 0–${max}.`);
  }
  if (opts.logsUntil !== undefined && (!Number.isInteger(opts.logsUntil) || opts.logsUntil < 1e9)) {
    throw new Error(`Bad logsUntil ${opts.logsUntil}; Unix seconds.`);
  }
}

/** The seed a device uses: the option, else one derived from its index. */
export function deviceSeed(opts: DeviceIdentityOptions, index: number): number {
  return opts.seed ?? 0x8086 + index * 7919;
}

/**
 * Creates the state of device `index` from options; deterministic for a given seed. `factory` is
 * the admin account the device comes with (and returns to after Unprovision).
 */
export function createDeviceState(
  opts: DeviceIdentityOptions,
  index: number,
  factory: { user: string; password: string },
): DeviceState {
  checkIdentityOptions(opts);
  const seed = deviceSeed(opts, index);
  const rnd = seededRandom(seed);
  const provisioningState = opts.provisioningState ?? 2;
  const controlMode = opts.controlMode ?? 2;
  // Pre-provisioned firmware shows a realm of 4 hex digits and 28 zeros (spec §1.3).
  const seeded =
    provisioningState === 2 ? `Digest:${randomHex(rnd, 16)}` : `Digest:${randomHex(rnd, 2)}${'0'.repeat(28)}`;
  const digestRealm = opts.digestRealm ?? seeded;
  const uuid = opts.uuid ?? uuidFromHex(randomHex(rnd, 16));
  const inventory = generateInventory(seed, index, opts.platform);
  checkInventory(inventory);
  const suffix = String(index + 1).padStart(4, '0');
  return {
    uuid: uuid.toLowerCase(),
    hostname: opts.hostname ?? `amt-sim-${suffix}`,
    domainName: opts.domainName ?? 'sim.example',
    amtVersion: opts.amtVersion ?? '16.1.25',
    build: opts.build ?? '2124',
    digestRealm,
    provisioningState,
    controlMode,
    powerState: opts.powerState ?? 2,
    powerBusyUntil: 0,
    bootSettings: { ...BOOT_FLAG_DEFAULTS },
    bootRole: 32768,
    bootSource: null,
    lastBoot: null,
    bootCount: 0,
    optIn: {
      required: opts.optInRequired ?? (controlMode === 1 ? 4294967295 : 0),
      state: 0,
      code: null,
      displayedAt: 0,
      codeTimeoutS: 120,
      displayTimeoutS: 300,
    },
    redirectionState: 32771,
    redirectionListener: true,
    inventory,
    eventLog: [],
    auditLog: [],
    get macAddress(): string {
      return this.inventory.wired.macAddress;
    },
    set macAddress(mac: string) {
      this.inventory.wired.macAddress = mac;
    },
    get ipAddress(): string {
      return this.inventory.wired.ipAddress ?? this.inventory.wireless.ipAddress ?? '';
    },
    get serialNumber(): string {
      return this.inventory.system.serialNumber;
    },
    set serialNumber(serial: string) {
      this.inventory.system.serialNumber = serial;
    },
    get boardSerial(): string {
      return this.inventory.board.serialNumber;
    },
    set boardSerial(serial: string) {
      this.inventory.board.serialNumber = serial;
    },
    get memorySerials(): string[] {
      return this.inventory.memory.map((m) => m.serialNumber);
    },
    rmcpPingResponse: opts.rmcpPingResponse ?? true,
    trustedRootHashes: [...DEFAULT_TRUSTED_ROOT_HASHES, ...(opts.trustedRootHashes ?? [])].map((h) => ({ ...h })),
    ...createProvisioningState(
      { user: factory.user, ha1: digestHa1(factory.user, digestRealm, factory.password) },
      opts.pkiDnsSuffix ?? null,
      opts.clockOffsetS ?? 0,
    ),
  };
}

/** The 16 raw UUID bytes in SMBIOS order: the first three fields byte-swapped (spec §4.1). */
export function smbiosUuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  const canonical = Buffer.from(hex, 'hex');
  const raw = Buffer.from(canonical);
  raw.writeUInt32LE(canonical.readUInt32BE(0), 0);
  raw.writeUInt16LE(canonical.readUInt16BE(4), 4);
  raw.writeUInt16LE(canonical.readUInt16BE(6), 6);
  return raw;
}

/** AMT major version as a number (e.g. 16 for "16.1.25"). */
export function majorVersion(state: DeviceState): number {
  return Number.parseInt(state.amtVersion.split('.')[0] ?? '0', 10);
}
