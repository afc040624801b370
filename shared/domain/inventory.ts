/**
 * One out-of-band inventory reading of a device (identity, firmware, state, power, network and
 * hardware, as the firmware reported them) and the field-by-field comparison of two readings.
 */
import { z } from 'zod';
import { TimestampSchema } from './common';
import { ControlModeSchema, ProvisioningStateSchema } from './device';

const text = z.string().max(1024).optional();
const mhz = z.number().int().nonnegative().optional();

/** Who the device says it is. */
export const InventoryIdentitySchema = z.object({
  /** The AMT UUID (GetUuid) as canonical text. */
  uuid: text,
  hostName: text,
  domainName: text,
});

/** Firmware versions by CIM_SoftwareIdentity InstanceID. */
export const InventoryFirmwareSchema = z.object({
  /** InstanceID `AMT`, e.g. "16.1.25". */
  amtVersion: text,
  /** InstanceID `Build Number`. */
  build: text,
  /** InstanceID `Sku`. */
  sku: text,
  /** The ME firmware version (InstanceID `Flash`), e.g. "12.0.67". */
  meVersion: text,
  /** InstanceID `AMT FW Core Version`. */
  coreVersion: text,
  /** InstanceID `Recovery Version`. */
  recoveryVersion: text,
});

/** Provisioning, control mode and TLS on the network interface. */
export const InventoryStateSchema = z.object({
  provisioningState: ProvisioningStateSchema.optional(),
  controlMode: ControlModeSchema,
  /** AMT_TLSSettingData "Intel(r) AMT 802.3 TLS Settings" Enabled; null when the device did not say. */
  tlsEnabled: z.boolean().nullable(),
});

/** The host's power state and what can be requested from it (DMTF PowerState codes). */
export const InventoryPowerSchema = z.object({
  state: z.number().int(),
  label: z.string(),
  available: z.array(z.number().int()),
  availableLabels: z.array(z.string()),
});

/** One AMT network interface. */
export const InventoryPortSchema = z.object({
  /** "wired", "wireless" (or the InstanceID), unique within a reading: the key changes are matched by. */
  name: z.string().min(1),
  instanceId: text,
  kind: z.enum(['wired', 'wireless', 'unknown']),
  /** "00:be:43:d8:22:a4". */
  mac: text,
  dhcp: z.boolean().optional(),
  ip: text,
  subnet: text,
  gateway: text,
  dns: z.array(z.string()),
  linkUp: z.boolean().optional(),
});

/** A chassis (system) or baseboard. */
export const InventoryPartSchema = z.object({
  manufacturer: text,
  model: text,
  serial: text,
  version: text,
});

/** The BIOS. */
export const InventoryBiosSchema = z.object({
  vendor: text,
  version: text,
  releaseDate: text,
});

/** One processor. */
export const InventoryProcessorSchema = z.object({
  /** DeviceID, e.g. "CPU 0"; unique within a reading. */
  id: z.string().min(1),
  /** The SMBIOS processor family code (e.g. 198 Intel Core i7). */
  family: z.number().int().optional(),
  maxClockMHz: mhz,
  currentClockMHz: mhz,
  stepping: text,
  cores: z.number().int().nonnegative().optional(),
});

/** One memory module; the capacity is exact decimal text (a uint64 does not fit a number). */
export const InventoryMemorySchema = z.object({
  /** BankLabel, e.g. "BANK 0"; unique within a reading. */
  bank: z.string().min(1),
  capacityBytes: z.string().regex(/^\d+$/, 'A capacity is a decimal number of bytes.'),
  speedMHz: mhz,
  /** JEDEC code or name, as the firmware gives it. */
  manufacturer: text,
  partNumber: text,
  serial: text,
  /** SMBIOS form factor, e.g. "SODIMM". */
  formFactor: text,
  /** SMBIOS memory type, e.g. "DDR4". */
  type: text,
});

/** One complete reading. Optional parts are absent when the firmware lacks the class. */
export const InventorySchema = z.object({
  identity: InventoryIdentitySchema,
  firmware: InventoryFirmwareSchema,
  state: InventoryStateSchema,
  power: InventoryPowerSchema.optional(),
  network: z.array(InventoryPortSchema),
  system: InventoryPartSchema.optional(),
  board: InventoryPartSchema.optional(),
  bios: InventoryBiosSchema.optional(),
  processors: z.array(InventoryProcessorSchema),
  memory: z.array(InventoryMemorySchema),
  /** Classes this firmware does not implement, so their part of the reading is empty. */
  unavailable: z.array(z.string()).default([]),
  readAt: TimestampSchema,
});

export type Inventory = z.infer<typeof InventorySchema>;
export type InventoryPort = z.infer<typeof InventoryPortSchema>;
export type InventoryProcessor = z.infer<typeof InventoryProcessorSchema>;
export type InventoryMemory = z.infer<typeof InventoryMemorySchema>;
export type InventoryPower = z.infer<typeof InventoryPowerSchema>;

const SMBIOS_MEMORY_TYPES: Record<number, string> = {
  1: 'Other',
  2: 'Unknown',
  3: 'DRAM',
  4: 'EDRAM',
  5: 'VRAM',
  6: 'SRAM',
  7: 'RAM',
  8: 'ROM',
  9: 'Flash',
  10: 'EEPROM',
  11: 'FEPROM',
  12: 'EPROM',
  13: 'CDRAM',
  14: '3DRAM',
  15: 'SDRAM',
  16: 'SGRAM',
  17: 'RDRAM',
  18: 'DDR',
  19: 'DDR2',
  20: 'DDR2 FB-DIMM',
  24: 'DDR3',
  25: 'FBD2',
  26: 'DDR4',
  27: 'LPDDR',
  28: 'LPDDR2',
  29: 'LPDDR3',
  30: 'LPDDR4',
  31: 'Logical non-volatile device',
  32: 'HBM',
  33: 'HBM2',
  34: 'DDR5',
  35: 'LPDDR5',
  36: 'HBM3',
};

const SMBIOS_FORM_FACTORS: Record<number, string> = {
  1: 'Other',
  2: 'Unknown',
  3: 'SIMM',
  4: 'SIP',
  5: 'Chip',
  6: 'DIP',
  7: 'ZIP',
  8: 'Proprietary card',
  9: 'DIMM',
  10: 'TSOP',
  11: 'Row of chips',
  12: 'RIMM',
  13: 'SODIMM',
  14: 'SRIMM',
  15: 'FB-DIMM',
  16: 'Die',
  17: 'CAMM',
};

/**
 * The name of a CIM_PhysicalMemory.MemoryType. AMT passes the SMBIOS type 17 code through (26 is
 * DDR4 in both SMBIOS and CIM; below 24 the two tables differ and SMBIOS is what AMT sends).
 */
export function memoryTypeLabel(code: number | undefined): string | undefined {
  if (code === undefined || code === 0) return undefined;
  return SMBIOS_MEMORY_TYPES[code] ?? `type ${code}`;
}

/**
 * The name of a CIM_PhysicalMemory.FormFactor, as SMBIOS numbers it (a captured Crucial SO-DIMM,
 * part CT16G4SFD824A, reports 13: SMBIOS SODIMM, where CIM's own table would say SRIMM).
 */
export function memoryFormFactorLabel(code: number | undefined): string | undefined {
  if (code === undefined || code === 0) return undefined;
  return SMBIOS_FORM_FACTORS[code] ?? `form factor ${code}`;
}

/** One field that differs between two readings. */
export interface InventoryChangeEntry {
  path: string;
  old: string;
  new: string;
}

const NONE = '(none)';

type Fields = Record<string, string | undefined>;

function yesNo(v: boolean | undefined, yes: string, no: string): string | undefined {
  return v === undefined ? undefined : v ? yes : no;
}

/** "17179869184" → "16 GiB"; sizes that are not whole GiB or MiB stay in bytes. */
export function formatCapacity(bytes: string): string {
  if (!/^\d+$/.test(bytes)) return bytes;
  const n = BigInt(bytes);
  const gib = 1024n ** 3n;
  const mib = 1024n ** 2n;
  if (n > 0n && n % gib === 0n) return `${n / gib} GiB`;
  if (n > 0n && n % mib === 0n) return `${n / mib} MiB`;
  return `${n} bytes`;
}

const withUnit = (n: number | undefined, unit: string) => (n === undefined ? undefined : `${n} ${unit}`);

function identityFields(i: Inventory['identity']): Fields {
  return { uuid: i.uuid, hostName: i.hostName, domainName: i.domainName };
}

function firmwareFields(f: Inventory['firmware']): Fields {
  return {
    amtVersion: f.amtVersion,
    build: f.build,
    sku: f.sku,
    meVersion: f.meVersion,
    coreVersion: f.coreVersion,
    recoveryVersion: f.recoveryVersion,
  };
}

function stateFields(s: Inventory['state']): Fields {
  return {
    provisioningState: s.provisioningState,
    controlMode: s.controlMode,
    tlsEnabled: s.tlsEnabled === null ? 'unknown' : yesNo(s.tlsEnabled, 'enabled', 'disabled'),
  };
}

function powerFields(p: InventoryPower | undefined): Fields {
  if (!p) return {};
  return {
    state: `${p.label} (${p.state})`,
    available: p.available.length > 0 ? p.available.join(', ') : undefined,
  };
}

function partFields(p: Inventory['system']): Fields {
  if (!p) return {};
  return { manufacturer: p.manufacturer, model: p.model, serial: p.serial, version: p.version };
}

function biosFields(b: Inventory['bios']): Fields {
  if (!b) return {};
  return { vendor: b.vendor, version: b.version, releaseDate: b.releaseDate };
}

function portFields(p: InventoryPort): Fields {
  return {
    kind: p.kind,
    instanceId: p.instanceId,
    mac: p.mac,
    dhcp: yesNo(p.dhcp, 'on', 'off'),
    ip: p.ip,
    subnet: p.subnet,
    gateway: p.gateway,
    dns: p.dns.length > 0 ? p.dns.join(', ') : undefined,
    link: yesNo(p.linkUp, 'up', 'down'),
  };
}

function portSummary(p: InventoryPort): string {
  return [p.kind, p.mac, p.ip].filter((x) => x !== undefined && x !== '').join(', ');
}

function processorFields(p: InventoryProcessor): Fields {
  return {
    family: p.family === undefined ? undefined : String(p.family),
    maxClock: withUnit(p.maxClockMHz, 'MHz'),
    currentClock: withUnit(p.currentClockMHz, 'MHz'),
    stepping: p.stepping,
    cores: p.cores === undefined ? undefined : String(p.cores),
  };
}

function processorSummary(p: InventoryProcessor): string {
  return [p.family === undefined ? undefined : `family ${p.family}`, withUnit(p.maxClockMHz, 'MHz')]
    .filter((x) => x !== undefined)
    .join(', ');
}

function memoryFields(m: InventoryMemory): Fields {
  return {
    capacity: formatCapacity(m.capacityBytes),
    speed: withUnit(m.speedMHz, 'MHz'),
    manufacturer: m.manufacturer,
    partNumber: m.partNumber,
    serial: m.serial,
    formFactor: m.formFactor,
    type: m.type,
  };
}

function memorySummary(m: InventoryMemory): string {
  return [formatCapacity(m.capacityBytes), m.type, m.formFactor, withUnit(m.speedMHz, 'MHz'), m.partNumber]
    .filter((x) => x !== undefined && x !== '')
    .join(', ');
}

function compareFields(prefix: string, before: Fields, after: Fields, out: InventoryChangeEntry[]): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  for (const key of keys) {
    const a = before[key] || NONE;
    const b = after[key] || NONE;
    if (a !== b) out.push({ path: `${prefix}.${key}`, old: a, new: b });
  }
}

function compareKeyed<T>(
  prefix: string,
  before: readonly T[],
  after: readonly T[],
  keyOf: (item: T) => string,
  fields: (item: T) => Fields,
  summary: (item: T) => string,
  out: InventoryChangeEntry[],
): void {
  const a = new Map(before.map((item) => [keyOf(item), item]));
  const b = new Map(after.map((item) => [keyOf(item), item]));
  for (const [key, item] of a) {
    const other = b.get(key);
    if (other === undefined) out.push({ path: `${prefix}[${key}]`, old: summary(item) || key, new: NONE });
    else compareFields(`${prefix}[${key}]`, fields(item), fields(other), out);
  }
  for (const [key, item] of b) {
    if (!a.has(key)) out.push({ path: `${prefix}[${key}]`, old: NONE, new: summary(item) || key });
  }
}

/**
 * What changed between two readings, field by field, with readable paths such as `bios.version`,
 * `memory[BANK 2].capacity` or `network[wired].ip`. Ports, processors and memory modules are
 * matched by name, id and bank; one that appeared or disappeared is a single change from or to
 * "(none)". The reading time and the list of unavailable classes are not compared.
 */
export function inventoryChanges(before: Inventory, after: Inventory): InventoryChangeEntry[] {
  const out: InventoryChangeEntry[] = [];
  compareFields('identity', identityFields(before.identity), identityFields(after.identity), out);
  compareFields('firmware', firmwareFields(before.firmware), firmwareFields(after.firmware), out);
  compareFields('state', stateFields(before.state), stateFields(after.state), out);
  compareFields('power', powerFields(before.power), powerFields(after.power), out);
  compareKeyed('network', before.network, after.network, (p) => p.name, portFields, portSummary, out);
  compareFields('system', partFields(before.system), partFields(after.system), out);
  compareFields('board', partFields(before.board), partFields(after.board), out);
  compareFields('bios', biosFields(before.bios), biosFields(after.bios), out);
  compareKeyed('processors', before.processors, after.processors, (p) => p.id, processorFields, processorSummary, out);
  compareKeyed('memory', before.memory, after.memory, (m) => m.bank, memoryFields, memorySummary, out);
  return out;
}

/** Makes names unique within a list by suffixing repeats with " #2", " #3" … (keys for matching). */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; used.has(candidate); n++) candidate = `${name} #${n}`;
    used.add(candidate);
    return candidate;
  });
}
