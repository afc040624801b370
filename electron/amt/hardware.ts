/** Hardware inventory: chassis, baseboard, BIOS, processors and memory (wsman-amt.md §6). */
import {
  boolProp,
  intProp,
  itemsOfClass,
  readInstance,
  textProp,
  uint64Prop,
  type CallOptions,
  type WsmanObject,
} from '../wsman';
import type { AmtSession } from './session';
import { decodePlatformGuid } from './uuid';

/** Manufacturer, model, serial and version of a chassis or board. */
export interface PhysicalPart {
  manufacturer?: string;
  model?: string;
  serialNumber?: string;
  version?: string;
}

/** The BIOS. */
export interface BiosInfo {
  manufacturer?: string;
  version?: string;
  releaseDate?: string;
  primary?: boolean;
}

/** One processor. */
export interface ProcessorInfo {
  deviceId?: string;
  family?: number;
  maxClockSpeedMhz?: number;
  currentClockSpeedMhz?: number;
  stepping?: string;
}

/** One memory module; capacity is exact decimal text (uint64). */
export interface MemoryModule {
  bankLabel?: string;
  capacityBytes?: string;
  speedMhz?: number;
  memoryType?: number;
  formFactor?: number;
  manufacturer?: string;
  partNumber?: string;
  serialNumber?: string;
}

/** The whole summary. */
export interface HardwareSummary {
  chassis?: PhysicalPart;
  baseboard?: PhysicalPart;
  bios?: BiosInfo;
  processors: ProcessorInfo[];
  memory: MemoryModule[];
  /** Sum of module capacities, exact decimal text. */
  totalMemoryBytes: string;
  /** CIM_ComputerSystemPackage.PlatformGUID as canonical UUID text. */
  platformGuid?: string;
}

/** Reads CIM_Chassis or CIM_Card properties. */
export function toPhysicalPart(o: WsmanObject): PhysicalPart {
  return {
    manufacturer: textProp(o, 'Manufacturer'),
    model: textProp(o, 'Model'),
    serialNumber: textProp(o, 'SerialNumber'),
    version: textProp(o, 'Version'),
  };
}

/** Reads CIM_BIOSElement properties. */
export function toBiosInfo(o: WsmanObject): BiosInfo {
  return {
    manufacturer: textProp(o, 'Manufacturer'),
    version: textProp(o, 'Version'),
    releaseDate: textProp(o, 'ReleaseDate'),
    primary: boolProp(o, 'PrimaryBIOS'),
  };
}

/** Reads CIM_Processor properties. */
export function toProcessorInfo(o: WsmanObject): ProcessorInfo {
  return {
    deviceId: textProp(o, 'DeviceID'),
    family: intProp(o, 'Family'),
    maxClockSpeedMhz: intProp(o, 'MaxClockSpeed'),
    currentClockSpeedMhz: intProp(o, 'CurrentClockSpeed'),
    stepping: textProp(o, 'Stepping'),
  };
}

/** Reads CIM_PhysicalMemory properties. */
export function toMemoryModule(o: WsmanObject): MemoryModule {
  const configured = intProp(o, 'ConfiguredMemoryClockSpeed');
  const speed = intProp(o, 'Speed');
  return {
    bankLabel: textProp(o, 'BankLabel'),
    capacityBytes: uint64Prop(o, 'Capacity'),
    speedMhz: configured || speed || undefined,
    memoryType: intProp(o, 'MemoryType'),
    formFactor: intProp(o, 'FormFactor'),
    manufacturer: textProp(o, 'Manufacturer'),
    partNumber: textProp(o, 'PartNumber')?.trim(),
    serialNumber: textProp(o, 'SerialNumber'),
  };
}

/** Exact sum of decimal capacities. */
export function totalCapacity(modules: MemoryModule[]): string {
  return modules.reduce((sum, m) => sum + BigInt(m.capacityBytes ?? '0'), 0n).toString();
}

async function getOptional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    // Some platforms do not implement every class (e.g. no CIM_Card); the rest still counts.
    if ((err as { code?: string }).code === 'wsman.destination-unreachable') return undefined;
    throw err;
  }
}

/** Reads chassis, baseboard, BIOS, processors, memory and the platform GUID. */
export async function getHardwareSummary(s: AmtSession, opts?: CallOptions): Promise<HardwareSummary> {
  const get = async (envelope: string, cls: string) => readInstance(await s.wsman.send(envelope, opts), cls);
  const chassis = await getOptional(() => get(s.cim.Chassis.Get(), 'CIM_Chassis'));
  const card = await getOptional(() => get(s.cim.Card.Get(), 'CIM_Card'));
  const bios = await getOptional(() => get(s.cim.BIOSElement.Get(), 'CIM_BIOSElement'));
  const pkg = await getOptional(() => get(s.cim.ComputerSystemPackage.Get(), 'CIM_ComputerSystemPackage'));
  const cpuItems = await s.wsman.enumerate(s.cim.Processor.Enumerate(), (c) => s.cim.Processor.Pull(c), opts);
  const memItems = await s.wsman.enumerate(s.cim.PhysicalMemory.Enumerate(), (c) => s.cim.PhysicalMemory.Pull(c), opts);
  const memory = itemsOfClass(memItems, 'CIM_PhysicalMemory').map(toMemoryModule);
  const guid = pkg && textProp(pkg, 'PlatformGUID');
  return {
    chassis: chassis && toPhysicalPart(chassis),
    baseboard: card && toPhysicalPart(card),
    bios: bios && toBiosInfo(bios),
    processors: itemsOfClass(cpuItems, 'CIM_Processor').map(toProcessorInfo),
    memory,
    totalMemoryBytes: totalCapacity(memory),
    platformGuid: guid && /^[0-9a-fA-F]{32}$/.test(guid) ? decodePlatformGuid(guid) : undefined,
  };
}
