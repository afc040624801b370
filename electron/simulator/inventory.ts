// A device's hardware inventory: system, board, BIOS, processor, memory modules and network
// ports, drawn from the platform catalogue with the device's seed. It lives in
// `DeviceState.inventory`; the inventory classes (CIM_Chassis … AMT_EthernetPortSettings) answer
// from it, so changing it changes the next reply.
import { MODULE_TYPES, PLATFORMS, PLATFORM_KEYS, type PlatformKey } from './platforms';
import { randomHex, randomInt, seededRandom } from './rng';

/** One installed memory module (one CIM_PhysicalMemory instance). */
export interface MemoryModule {
  bankLabel: string;
  capacityGiB: 4 | 8 | 16 | 32;
  /** JEDEC manufacturer id as SMBIOS shows it, e.g. "859B". */
  manufacturer: string;
  partNumber: string;
  serialNumber: string;
  /** SMBIOS form factor: 9 DIMM, 13 SO-DIMM. */
  formFactor: number;
  /** SMBIOS memory type: 26 DDR4. */
  memoryType: number;
  /** Rated speed of the module (MaxMemorySpeed), MT/s. */
  maxMts: number;
  /** Speed the board runs it at (ConfiguredMemoryClockSpeed), MT/s. */
  configuredMts: number;
}

/** One AMT network interface (an AMT_EthernetPortSettings instance). */
export interface PortSettings {
  /** Lower-case hex with dashes, as AMT writes it; all zeros for a port AMT has not set up. */
  macAddress: string;
  linkUp: boolean;
  dhcp: boolean;
  /** Null when the port has no address (link down, or not set up). */
  ipAddress: string | null;
  subnetMask: string | null;
  gateway: string | null;
  primaryDns: string | null;
  secondaryDns: string | null;
}

/** Everything the inventory classes report. */
export interface Inventory {
  platform: PlatformKey;
  system: { manufacturer: string; model: string; version: string; serialNumber: string; chassisPackageType: number };
  board: { manufacturer: string; model: string; version: string; serialNumber: string };
  /** releaseDate is YYYY-MM-DD. */
  bios: { vendor: string; version: string; releaseDate: string };
  processor: {
    /** The processor's brand string (not part of CIM_Processor; for people reading the state). */
    name: string;
    family: number;
    currentMhz: number;
    maxMhz: number;
    externalBusMhz: number;
    stepping: number;
    upgradeMethod: number;
  };
  memory: MemoryModule[];
  wired: PortSettings;
  /** Always present, as on firmware; an unset-up port has a zero MAC and no link. */
  wireless: PortSettings;
}

/** A MAC with no address behind it (AMT shows this for an unconfigured wireless port). */
export const ZERO_MAC = '00-00-00-00-00-00';

const pick = <T>(rnd: () => number, list: readonly T[]): T => {
  const item = list[randomInt(rnd, 0, list.length - 1)];
  if (item === undefined) throw new Error('empty choice');
  return item;
};

/** Fills a serial pattern: '#' a digit, '?' an upper-case letter or digit, the rest kept. */
function fillPattern(rnd: () => number, pattern: string): string {
  const alnum = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  return [...pattern]
    .map((ch) => (ch === '#' ? String(randomInt(rnd, 0, 9)) : ch === '?' ? pick(rnd, [...alnum]) : ch))
    .join('');
}

function macWith(rnd: () => number, oui: string): string {
  return `${oui}-${(randomHex(rnd, 3).match(/../g) ?? []).join('-')}`.toLowerCase();
}

const noAddress = (macAddress: string, linkUp: boolean): PortSettings => ({
  macAddress,
  linkUp,
  dhcp: true,
  ipAddress: null,
  subnetMask: null,
  gateway: null,
  primaryDns: null,
  secondaryDns: null,
});

/** A port with an address in 10.<net>.<hi>.<lo>/24, the gateway at .1 and DNS at .1/.2. */
function addressed(macAddress: string, dhcp: boolean, net: number, index: number): PortSettings {
  const prefix = `10.${net}.${Math.floor(index / 250) % 256}`;
  return {
    macAddress,
    linkUp: true,
    dhcp,
    ipAddress: `${prefix}.${(index % 250) + 2}`,
    subnetMask: '255.255.255.0',
    gateway: `${prefix}.1`,
    primaryDns: `${prefix}.1`,
    secondaryDns: `${prefix}.2`,
  };
}

/** How many modules a board with this many slots carries (1–4). */
function moduleCount(rnd: () => number, slots: number): number {
  if (slots <= 2) return rnd() < 0.7 ? 2 : 1;
  return pick(rnd, [1, 2, 2, 3, 4, 4]);
}

/** The memory of one unit: matched modules of one vendor in the first slots. */
function memoryFor(rnd: () => number, key: PlatformKey): MemoryModule[] {
  const spec = PLATFORMS[key];
  const capacity = pick(rnd, [4, 8, 8, 8, 16, 16, 16, 16, 32, 32] as const);
  const fitting = MODULE_TYPES.filter((m) => m.formFactor === spec.memoryFormFactor && m.capacityGiB === capacity);
  const type = pick(rnd, fitting);
  return spec.slots.slice(0, moduleCount(rnd, spec.slots.length)).map((bankLabel) => ({
    bankLabel,
    capacityGiB: type.capacityGiB,
    manufacturer: type.manufacturer,
    partNumber: type.partNumber,
    serialNumber: randomHex(rnd, 4),
    formFactor: type.formFactor,
    memoryType: 26,
    maxMts: type.ratedMts,
    configuredMts: Math.min(type.ratedMts, spec.memoryMts),
  }));
}

/**
 * The inventory of device `index` with this seed. The platform is drawn from the seed unless
 * given. Uses its own random stream, so the realm and UUID drawn from the seed stay as they were.
 */
export function generateInventory(seed: number, index: number, platform?: PlatformKey): Inventory {
  const rnd = seededRandom((seed ^ 0x1b7e4a3d) >>> 0);
  const drawn = pick(rnd, PLATFORM_KEYS);
  const key = platform ?? drawn;
  const spec = PLATFORMS[key];
  const serialNumber = fillPattern(rnd, spec.serialPattern);
  const [biosVersion, releaseDate] = pick(rnd, spec.biosReleases);
  const cpu = pick(rnd, spec.cpus);
  const net = randomInt(rnd, 0, 254);
  const wiredMac = macWith(rnd, spec.wiredOui);
  const wirelessMac = spec.wirelessOui === null ? ZERO_MAC : macWith(rnd, spec.wirelessOui);
  const dhcp = rnd() < 0.8;
  const wirelessSetUp = spec.laptop || (spec.wirelessOui !== null && rnd() < 0.5);
  return {
    platform: key,
    system: {
      manufacturer: spec.manufacturer,
      model: pick(rnd, spec.models),
      version: spec.version,
      serialNumber,
      chassisPackageType: spec.chassisPackageType,
    },
    board: {
      manufacturer: spec.boardManufacturer,
      model: pick(rnd, spec.boardModels),
      version: spec.boardVersion,
      serialNumber: fillPattern(rnd, spec.boardSerialPattern).replace('SVCTAG', serialNumber),
    },
    bios: { vendor: spec.biosVendor, version: biosVersion, releaseDate },
    processor: {
      name: cpu.name,
      family: cpu.family,
      currentMhz: cpu.currentMhz,
      maxMhz: cpu.maxMhz,
      externalBusMhz: 100,
      stepping: cpu.stepping,
      upgradeMethod: 52,
    },
    memory: memoryFor(rnd, key),
    // A laptop works over Wi-Fi with its wired port unplugged; a desktop is wired.
    wired: spec.laptop ? noAddress(wiredMac, false) : addressed(wiredMac, dhcp, net, index),
    wireless: spec.laptop
      ? addressed(wirelessMac, true, (net + 1) % 255, index)
      : noAddress(wirelessSetUp ? wirelessMac : ZERO_MAC, false),
  };
}

const MAC = /^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const PRINTABLE = /^[\x20-\x7e]*$/;

function checkPort(name: string, p: PortSettings): void {
  if (!MAC.test(p.macAddress)) throw new Error(`${name}: bad MAC address "${p.macAddress}".`);
  for (const [field, value] of Object.entries(p)) {
    if (field.endsWith('Dns') || ['ipAddress', 'subnetMask', 'gateway'].includes(field)) {
      if (value !== null && !(typeof value === 'string' && IPV4.test(value))) {
        throw new Error(`${name}: bad ${field} "${String(value)}".`);
      }
    }
  }
}

function checkText(where: string, record: Readonly<Record<string, unknown>>): void {
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === 'string' && !PRINTABLE.test(value)) throw new Error(`${where}.${field} is not printable.`);
  }
}

/** Throws a readable Error when an inventory cannot be reported as firmware would. */
export function checkInventory(inv: Inventory): void {
  if (!PLATFORM_KEYS.includes(inv.platform)) throw new Error(`Unknown platform "${inv.platform}".`);
  checkText('system', inv.system);
  checkText('board', inv.board);
  checkText('bios', inv.bios);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(inv.bios.releaseDate) || Number.isNaN(Date.parse(inv.bios.releaseDate))) {
    throw new Error(`bios.releaseDate "${inv.bios.releaseDate}" is not YYYY-MM-DD.`);
  }
  if (inv.memory.length > 8) throw new Error(`${inv.memory.length} memory modules; at most 8.`);
  const banks = new Set<string>();
  for (const m of inv.memory) {
    if (![4, 8, 16, 32].includes(m.capacityGiB))
      throw new Error(`Memory capacity ${m.capacityGiB} GiB; use 4, 8, 16 or 32.`);
    if (banks.has(m.bankLabel)) throw new Error(`Two memory modules in bank "${m.bankLabel}".`);
    banks.add(m.bankLabel);
    checkText('memory', { ...m });
  }
  checkPort('wired', inv.wired);
  checkPort('wireless', inv.wireless);
}

/** A deep copy, so an edit can be checked before it replaces the device's inventory. */
export function cloneInventory(inv: Inventory): Inventory {
  return structuredClone(inv);
}

/** The total memory in bytes. */
export function totalMemoryBytes(inv: Inventory): bigint {
  return inv.memory.reduce((sum, m) => sum + BigInt(m.capacityGiB) * 1024n ** 3n, 0n);
}
