/**
 * The out-of-band inventory of one device, read in one session (wsman-amt.md §4, §6): identity,
 * firmware, provisioning and TLS state, power, network ports and hardware. The identity, firmware
 * and provisioning classes are required; a class the firmware does not implement (a
 * DestinationUnreachable or ActionNotSupported fault) leaves its part empty and is named in
 * `unavailable`, while any other failure fails the reading.
 */
import { OutbandError } from '../../shared/errors';
import { describeIssues } from '../../shared/domain/common';
import {
  InventorySchema,
  memoryFormFactorLabel,
  memoryTypeLabel,
  uniqueNames,
  type Inventory,
  type InventoryMemory,
  type InventoryPort,
  type InventoryPower,
  type InventoryProcessor,
} from '../../shared/domain/inventory';
import { boolProp, intProp, itemsOfClass, readInstance, textProp, type CallOptions, type WsmanObject } from '../wsman';
import { toBiosInfo, toMemoryModule, toPhysicalPart, toProcessorInfo } from './hardware';
import {
  getFirmwareVersions,
  getGeneralSettings,
  getProvisioning,
  getUuid,
  type ControlMode,
  type FirmwareVersions,
  type GeneralSettings,
  type ProvisioningState,
} from './info';
import { getNetworkPorts, type NetworkPort } from './network';
import { getPowerStatus, type PowerStatus } from './power';
import type { AmtSession } from './session';

/** The InstanceID of the TLS settings of the network interface (the other one is the LMS's). */
export const REMOTE_TLS_SETTINGS = 'Intel(r) AMT 802.3 TLS Settings';

const MISSING_CLASS_CODES = new Set(['wsman.destination-unreachable', 'wsman.action-not-supported']);

/** True for the faults a firmware answers for a class (or action) it does not implement. */
export function isMissingClass(err: unknown): boolean {
  return err instanceof OutbandError && MISSING_CLASS_CODES.has(err.code);
}

/** Everything read from the device, before it becomes an Inventory. */
export interface InventoryParts {
  general: GeneralSettings;
  uuid?: string;
  firmware: FirmwareVersions;
  provisioning: { provisioningState?: ProvisioningState; controlMode: ControlMode };
  /** AMT_TLSSettingData instances (undefined when the class is missing). */
  tlsSettings?: WsmanObject[];
  power?: PowerStatus;
  ports?: NetworkPort[];
  chassis?: WsmanObject;
  card?: WsmanObject;
  bios?: WsmanObject;
  processors?: WsmanObject[];
  memory?: WsmanObject[];
  /** Classes the firmware does not implement. */
  unavailable: string[];
  readAt: Date;
}

/** A trimmed text, or undefined when it is empty (AMT sends empty elements for unknown values). */
function clean(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/** Whether TLS is on for the network interface: the Enabled of the 802.3 settings, null if not said. */
export function tlsEnabledOf(items: readonly WsmanObject[] | undefined): boolean | null {
  const remote = items?.find(
    (o) => textProp(o, 'InstanceID') === REMOTE_TLS_SETTINGS || textProp(o, 'ElementName') === REMOTE_TLS_SETTINGS,
  );
  return (remote && boolProp(remote, 'Enabled')) ?? null;
}

/** The power part: the DMTF code and label now, and the codes that may be requested. */
export function toInventoryPower(p: PowerStatus): InventoryPower {
  return {
    state: p.powerState.code,
    label: p.powerState.label,
    available: p.available.map((a) => a.code),
    availableLabels: p.available.map((a) => a.label),
  };
}

/** Network ports, named "wired"/"wireless" (the InstanceID for others) and made unique. */
export function toInventoryPorts(ports: readonly NetworkPort[]): InventoryPort[] {
  const names = uniqueNames(ports.map((p, i) => (p.kind !== 'unknown' ? p.kind : (p.instanceId ?? `port ${i}`))));
  return ports.map((p, i) => ({
    name: names[i] as string,
    instanceId: p.instanceId,
    kind: p.kind,
    mac: clean(p.macAddress),
    dhcp: p.dhcpEnabled,
    ip: clean(p.ipAddress),
    subnet: clean(p.subnetMask),
    gateway: clean(p.defaultGateway),
    dns: [p.primaryDns, p.secondaryDns].map(clean).filter((d): d is string => d !== undefined),
    linkUp: p.linkUp,
  }));
}

/** One CIM_Processor; `id` is its DeviceID (made unique by the caller). */
export function toInventoryProcessor(o: WsmanObject, index = 0): InventoryProcessor {
  const p = toProcessorInfo(o);
  return {
    id: clean(p.deviceId) ?? `CPU ${index}`,
    family: p.family,
    maxClockMHz: p.maxClockSpeedMhz || undefined,
    currentClockMHz: p.currentClockSpeedMhz || undefined,
    stepping: clean(p.stepping),
    // Not in the captured firmware; read when a newer CIM_Processor carries it.
    cores: intProp(o, 'NumberOfEnabledCores') || undefined,
  };
}

/** One CIM_PhysicalMemory; `bank` is its BankLabel (made unique by the caller). */
export function toInventoryMemory(o: WsmanObject, index = 0): InventoryMemory {
  const m = toMemoryModule(o);
  return {
    bank: clean(m.bankLabel) ?? `module ${index + 1}`,
    capacityBytes: m.capacityBytes ?? '0',
    speedMHz: m.speedMhz,
    manufacturer: clean(m.manufacturer),
    partNumber: clean(m.partNumber),
    serial: clean(m.serialNumber),
    formFactor: memoryFormFactorLabel(m.formFactor),
    type: memoryTypeLabel(m.memoryType),
  };
}

function withUniqueKeys<T, K extends keyof T>(items: T[], key: K): T[] {
  const names = uniqueNames(items.map((i) => String(i[key])));
  return items.map((item, i) => ({ ...item, [key]: names[i] }));
}

/** Builds the Inventory from what was read, and checks it against the schema. */
export function toInventory(parts: InventoryParts): Inventory {
  const chassis = parts.chassis && toPhysicalPart(parts.chassis);
  const card = parts.card && toPhysicalPart(parts.card);
  const bios = parts.bios && toBiosInfo(parts.bios);
  const inventory = {
    identity: {
      uuid: clean(parts.uuid),
      hostName: clean(parts.general.hostName),
      domainName: clean(parts.general.domainName),
    },
    firmware: {
      amtVersion: parts.firmware.amtVersion,
      build: parts.firmware.buildNumber,
      sku: parts.firmware.sku,
      meVersion: parts.firmware.flash,
      coreVersion: parts.firmware.coreVersion,
      recoveryVersion: parts.firmware.recoveryVersion,
    },
    state: {
      provisioningState: parts.provisioning.provisioningState,
      controlMode: parts.provisioning.controlMode,
      tlsEnabled: tlsEnabledOf(parts.tlsSettings),
    },
    power: parts.power && toInventoryPower(parts.power),
    network: toInventoryPorts(parts.ports ?? []),
    system: chassis && {
      manufacturer: clean(chassis.manufacturer),
      model: clean(chassis.model),
      serial: clean(chassis.serialNumber),
      version: clean(chassis.version),
    },
    board: card && {
      manufacturer: clean(card.manufacturer),
      model: clean(card.model),
      serial: clean(card.serialNumber),
      version: clean(card.version),
    },
    bios: bios && {
      vendor: clean(bios.manufacturer),
      version: clean(bios.version),
      releaseDate: clean(bios.releaseDate),
    },
    processors: withUniqueKeys((parts.processors ?? []).map(toInventoryProcessor), 'id'),
    memory: withUniqueKeys((parts.memory ?? []).map(toInventoryMemory), 'bank'),
    unavailable: [...parts.unavailable],
    readAt: Number.isNaN(parts.readAt.getTime()) ? 'invalid date' : parts.readAt.toISOString(),
  };
  const checked = InventorySchema.safeParse(inventory);
  if (!checked.success) {
    throw new OutbandError(
      'amt.inventory-invalid',
      `The device's inventory does not fit the expected shape: ${describeIssues(checked.error)}.`,
    );
  }
  return checked.data;
}

/** Options of readInventory. */
export interface ReadInventoryOptions extends CallOptions {
  /** The clock for readAt (tests). */
  now?: () => Date;
}

/** Reads the whole inventory of a device; classes the firmware lacks leave their part empty. */
export async function readInventory(s: AmtSession, opts: ReadInventoryOptions = {}): Promise<Inventory> {
  const call: CallOptions = { signal: opts.signal };
  const general = await getGeneralSettings(s, call);
  const uuid = await getUuid(s, call);
  const firmware = await getFirmwareVersions(s, call);
  const provisioning = await getProvisioning(s, call);

  const unavailable: string[] = [];
  const optional = async <T>(className: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (err) {
      if (!isMissingClass(err)) throw err;
      unavailable.push(className);
      return undefined;
    }
  };
  const get = (className: string, envelope: string) =>
    optional(className, async () => readInstance(await s.wsman.send(envelope, call), className));
  const all = (className: string, enumerate: string, pull: (context: string) => string) =>
    optional(className, async () => itemsOfClass(await s.wsman.enumerate(enumerate, pull, call), className));

  const tls = s.amt.TLSSettingData;
  const tlsSettings = await all('AMT_TLSSettingData', tls.Enumerate(), (c) => tls.Pull(c));
  const power = await optional('CIM_AssociatedPowerManagementService', () => getPowerStatus(s, call));
  const ports = await optional('AMT_EthernetPortSettings', () => getNetworkPorts(s, call));
  const chassis = await get('CIM_Chassis', s.cim.Chassis.Get());
  const card = await get('CIM_Card', s.cim.Card.Get());
  const bios = await get('CIM_BIOSElement', s.cim.BIOSElement.Get());
  const processors = await all('CIM_Processor', s.cim.Processor.Enumerate(), (c) => s.cim.Processor.Pull(c));
  const memory = await all('CIM_PhysicalMemory', s.cim.PhysicalMemory.Enumerate(), (c) => s.cim.PhysicalMemory.Pull(c));

  return toInventory({
    general,
    uuid,
    firmware,
    provisioning,
    tlsSettings,
    power,
    ports,
    chassis,
    card,
    bios,
    processors,
    memory,
    unavailable,
    readAt: opts.now?.() ?? new Date(),
  });
}
