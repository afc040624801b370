// The event log behind AMT_MessageLog: 21-byte PET-style records (ASF 2.0 DSP0136 §3.1.4; the
// byte layout is the one the captured GetRecords reply decodes to, and the one MeshCommander's
// GetMessageLog reads). Kept oldest first in `DeviceState.eventLog`; GetRecords serves newest
// first, as the captured reply does.

/** One event record. */
export interface EventRecord {
  /** Seconds since 1970 on the device clock. */
  readonly timestamp: number;
  /** SMBus address of the sensor device; 0xFF when there is none (firmware events). */
  readonly deviceAddress: number;
  /** IPMI sensor type, e.g. 0x0F system firmware progress, 0x05 physical security. */
  readonly sensorType: number;
  /** 0x6F: sensor-specific offsets. */
  readonly eventType: number;
  readonly offset: number;
  /** 0x68: ASF 1.0 (DSP0136 §3.1.4). */
  readonly sourceType: number;
  /** 0x01 monitor, 0x02 information, 0x04 OK, 0x08 non-critical, 0x10 critical, 0x20 non-recoverable. */
  readonly severity: number;
  readonly sensorNumber: number;
  /** IPMI entity id, e.g. 34 BIOS, 32 memory device, 23 system chassis, 38 the ME. */
  readonly entity: number;
  readonly entityInstance: number;
  /** Eight bytes of event data. */
  readonly data: readonly number[];
}

/** The length of one record. */
export const EVENT_RECORD_BYTES = 21;
/** AMT_MessageLog.MaxNumberOfRecords in the captured Get; the oldest records roll off. */
export const MESSAGE_LOG_CAPACITY = 390;

/** The events the simulator knows by name (ASF 2.0 §3.1.5 and the captured records). */
export type EventKind =
  | 'firmware-started'
  | 'memory-init'
  | 'disk-init'
  | 'pci-config'
  | 'option-rom'
  | 'bios-setup'
  | 'os-boot'
  | 'no-bootable-media'
  | 'memory-error'
  | 'chassis-intrusion'
  | 'watchdog-boot-failure'
  | 'os-hung'
  | 'auth-failed';

type Template = Omit<EventRecord, 'timestamp'>;

const MONITOR = 0x01;
const NON_CRITICAL = 0x08;
const CRITICAL = 0x10;

/** A record from the ASF tables: sensor type, offset, event data 1/2, entity and severity. */
function asf(sensorType: number, offset: number, ed1: number, ed2: number, entity: number, severity: number): Template {
  return {
    deviceAddress: 0xff,
    sensorType,
    eventType: 0x6f,
    offset,
    sourceType: 0x68,
    severity,
    sensorNumber: 0xff,
    entity,
    entityInstance: 0,
    data: [ed1, ed2, 0, 0, 0, 0, 0, 0],
  };
}

/** Each named event's fields; the timestamp is added when it is logged. */
export const EVENT_TEMPLATES: Readonly<Record<EventKind, Template>> = {
  // "System firmware started": entity presence, entity BIOS (DSP0136 §3.1.5.3).
  'firmware-started': asf(0x25, 0x00, 0x40, 0x00, 34, MONITOR),
  'memory-init': asf(0x0f, 0x02, 0x40, 0x01, 32, MONITOR),
  'disk-init': asf(0x0f, 0x02, 0x40, 0x02, 4, MONITOR),
  // Exactly the captured record 2 (PCI resource configuration, entity BIOS, severity monitor).
  'pci-config': asf(0x0f, 0x02, 0x40, 0x07, 34, MONITOR),
  'option-rom': asf(0x0f, 0x02, 0x40, 0x08, 11, MONITOR),
  'bios-setup': asf(0x0f, 0x02, 0x40, 0x05, 34, MONITOR),
  'os-boot': asf(0x0f, 0x02, 0x40, 0x13, 0, MONITOR),
  'no-bootable-media': asf(0x1e, 0x00, 0x40, 0x00, 0, NON_CRITICAL),
  'memory-error': asf(0x0f, 0x00, 0x40, 0x02, 32, CRITICAL),
  // IPMI physical security, offset 0 general chassis intrusion, entity system chassis.
  'chassis-intrusion': { ...asf(0x05, 0x00, 0x00, 0x00, 23, CRITICAL), data: [0, 0, 0, 0, 0, 0, 0, 0] },
  // Watchdog 2 expired while the OS loaded (DSP0136 §3.1.5.4).
  'watchdog-boot-failure': asf(0x23, 0x00, 0x40, 0x03, 0, CRITICAL),
  'os-hung': asf(0x20, 0x01, 0x00, 0x00, 0, CRITICAL),
  // Captured record 1: out-of-band password violation, entity the ME (0x26, instance 0x61); data
  // 0xAA then the failure count, little-endian (MeshCommander reads data[1] + data[2] << 8).
  'auth-failed': {
    deviceAddress: 0xff,
    sensorType: 0x06,
    eventType: 0x6f,
    offset: 0x05,
    sourceType: 0x68,
    severity: CRITICAL,
    sensorNumber: 0xff,
    entity: 0x26,
    entityInstance: 0x61,
    data: [0xaa, 10, 0, 0, 0, 0, 0, 0],
  },
};

/** A named event at a time; `failures` sets the count of an auth-failed event. */
export function eventOf(kind: EventKind, timestamp: number, failures?: number): EventRecord {
  const t = EVENT_TEMPLATES[kind];
  const data = failures === undefined ? t.data : [0xaa, failures & 0xff, (failures >> 8) & 0xff, 0, 0, 0, 0, 0];
  return { ...t, data, timestamp };
}

const byte = (name: string, v: number): number => {
  if (!Number.isInteger(v) || v < 0 || v > 255) throw new Error(`Event ${name} ${v} is not a byte.`);
  return v;
};

/** The 21 bytes of a record: timestamp (uint32 little-endian), ten single bytes, 8 bytes of data. */
export function encodeEventRecord(r: EventRecord): Buffer {
  if (!Number.isInteger(r.timestamp) || r.timestamp <= 0 || r.timestamp >= 0xffffffff) {
    throw new Error(`Event timestamp ${r.timestamp} is out of range.`);
  }
  if (r.data.length !== 8) throw new Error(`Event data has ${r.data.length} bytes, not 8.`);
  const out = Buffer.alloc(EVENT_RECORD_BYTES);
  out.writeUInt32LE(r.timestamp, 0);
  const fields: Array<[string, number]> = [
    ['deviceAddress', r.deviceAddress],
    ['sensorType', r.sensorType],
    ['eventType', r.eventType],
    ['offset', r.offset],
    ['sourceType', r.sourceType],
    ['severity', r.severity],
    ['sensorNumber', r.sensorNumber],
    ['entity', r.entity],
    ['entityInstance', r.entityInstance],
  ];
  fields.forEach(([name, v], i) => out.writeUInt8(byte(name, v), 4 + i));
  r.data.forEach((v, i) => out.writeUInt8(byte('data', v), 13 + i));
  return out;
}

/** Appends records, dropping the oldest beyond the capacity (OverwritePolicy 2, wraps when full). */
export function appendEvents(log: EventRecord[], records: readonly EventRecord[]): void {
  for (const r of records) encodeEventRecord(r);
  log.push(...records);
  if (log.length > MESSAGE_LOG_CAPACITY) log.splice(0, log.length - MESSAGE_LOG_CAPACITY);
}

/** What the BIOS reports on one boot: started, memory, PCI, then setup or the OS loader. */
export function bootSequence(at: number, into: 'os' | 'setup' | 'network'): EventRecord[] {
  const last: EventKind = into === 'setup' ? 'bios-setup' : into === 'network' ? 'option-rom' : 'os-boot';
  return (['firmware-started', 'memory-init', 'pci-config', last] as const).map((k, i) => eventOf(k, at + i));
}

/**
 * A seeded history of `count` records ending before `until` (device seconds): boots every few
 * hours to days, most ending in the OS, some in setup or a network boot, and now and then a
 * chassis intrusion, a watchdog expiry, a hung OS, no bootable media or failed log-ons.
 */
export function seedEventLog(rnd: () => number, until: number, count: number): EventRecord[] {
  const clusters: EventRecord[][] = [];
  let t = until - 600 - Math.floor(rnd() * 7200);
  let total = 0;
  while (total < count) {
    const roll = rnd();
    let cluster: EventRecord[];
    if (roll < 0.05) cluster = [eventOf('chassis-intrusion', t)];
    else if (roll < 0.1) cluster = [...bootSequence(t, 'os').slice(0, 3), eventOf('watchdog-boot-failure', t + 120)];
    else if (roll < 0.14) cluster = [eventOf('os-hung', t)];
    else if (roll < 0.18) cluster = [...bootSequence(t, 'os').slice(0, 3), eventOf('no-bootable-media', t + 8)];
    else if (roll < 0.23) cluster = [eventOf('auth-failed', t, 3 + Math.floor(rnd() * 20))];
    else if (roll < 0.3) cluster = bootSequence(t, 'setup');
    else if (roll < 0.35) cluster = bootSequence(t, 'network');
    else if (roll < 0.37) cluster = [eventOf('memory-error', t)];
    else cluster = bootSequence(t, 'os');
    clusters.unshift(cluster);
    total += cluster.length;
    t -= 1800 + Math.floor(rnd() * 3 * 86_400);
  }
  // Oldest first; trim the oldest records so exactly `count` remain.
  return clusters.flat().slice(total - count);
}
