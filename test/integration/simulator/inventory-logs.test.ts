// The simulated device's inventory, power capability classes, event log and audit log, read over
// WS-Man with requests built by wsman-messages: seeded variety, the inventory knob, paging of both
// logs (decoded here by a small decoder of our own), and the records actions add.
import { AMT as Amt, CIM as Cim, IPS as Ips } from '@device-management-toolkit/wsman-messages';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EXTENDED,
  PLATFORM_KEYS,
  SimDevice,
  availablePowerStates,
  encodeAuditRecord,
  encodeEventRecord,
  eventOf,
  generateInventory,
  startFleet,
  type AuditRecord,
  type EventRecord,
  type Fleet,
  type FleetDeviceOptions,
} from '../../../electron/simulator';
import {
  AMT,
  CIM,
  call,
  getBody,
  invokeBody,
  valueOf,
  valuesOf,
  type RawResponse,
  type Target,
} from './wsman-test-client';

const CAPTURED = '/work/shared/fixtures/wsman/captured';

// ---- An independent decoder of the two record formats (MeshCommander's reading of them). ----

interface DecodedEvent {
  time: number;
  deviceAddress: number;
  sensorType: number;
  eventType: number;
  offset: number;
  sourceType: number;
  severity: number;
  sensorNumber: number;
  entity: number;
  entityInstance: number;
  data: number[];
}

/** 21 bytes: uint32 LE seconds, nine single-byte fields, eight bytes of event data. */
function decodeEvent(b64: string): DecodedEvent {
  const e = [...Buffer.from(b64, 'base64')];
  if (e.length !== 21) throw new Error(`event record of ${e.length} bytes`);
  const at = (i: number): number => e[i] ?? -1;
  return {
    time: at(0) + at(1) * 0x100 + at(2) * 0x10000 + at(3) * 0x1000000,
    deviceAddress: at(4),
    sensorType: at(5),
    eventType: at(6),
    offset: at(7),
    sourceType: at(8),
    severity: at(9),
    sensorNumber: at(10),
    entity: at(11),
    entityInstance: at(12),
    data: e.slice(13, 21),
  };
}

interface DecodedAudit {
  appId: number;
  eventId: number;
  initiatorType: number;
  user: string | null;
  time: number;
  location: number;
  address: string;
  extended: number[];
}

/** AppId, EventId (BE), initiator, BE seconds, location, address, extended data; every byte used. */
function decodeAudit(b64: string): DecodedAudit {
  const e = [...Buffer.from(b64, 'base64')];
  const at = (i: number): number => e[i] ?? -1;
  const text = (from: number, n: number): string => String.fromCharCode(...e.slice(from, from + n));
  const initiatorType = at(4);
  let p = 5;
  let user: string | null = null;
  if (initiatorType === 0) {
    user = text(6, at(5));
    p = 6 + at(5);
  } else if (initiatorType === 1) {
    p = 10 + at(9);
  }
  const time = at(p) * 0x1000000 + at(p + 1) * 0x10000 + at(p + 2) * 0x100 + at(p + 3);
  p += 4;
  const location = at(p++);
  const netLen = at(p++);
  const address = text(p, netLen);
  p += netLen;
  const exLen = at(p++);
  const extended = e.slice(p, p + exLen);
  p += exLen;
  if (p !== e.length) throw new Error(`audit record: ${e.length - p} bytes left over`);
  return {
    appId: at(0) * 256 + at(1),
    eventId: at(2) * 256 + at(3),
    initiatorType,
    user,
    time,
    location,
    address,
    extended,
  };
}

const eventFields = (r: EventRecord): DecodedEvent => ({
  time: r.timestamp,
  deviceAddress: r.deviceAddress,
  sensorType: r.sensorType,
  eventType: r.eventType,
  offset: r.offset,
  sourceType: r.sourceType,
  severity: r.severity,
  sensorNumber: r.sensorNumber,
  entity: r.entity,
  entityInstance: r.entityInstance,
  data: [...r.data],
});

const auditFields = (r: AuditRecord): DecodedAudit => ({
  appId: r.appId,
  eventId: r.eventId,
  initiatorType: { digest: 0, kerberos: 1, local: 2, 'kvm-default-port': 3 }[r.initiator.kind],
  user: r.initiator.kind === 'digest' ? r.initiator.user : null,
  time: r.timestamp,
  location: r.address === null ? 2 : r.address.includes(':') ? 1 : 0,
  address: r.address ?? '',
  extended: [...r.extended],
});

// ---- Helpers. ----

const amt = new Amt.Messages();
const cim = new Cim.Messages();
const ips = new Ips.Messages();

async function fleetOf(n: number, seed: number, device: FleetDeviceOptions = {}): Promise<Fleet> {
  return startFleet({ devices: n, portBase: 0, seed, device });
}

function targetOf(f: Fleet, i = 0): Target {
  const d = f.devices[i];
  if (d === undefined) throw new Error('no device');
  return { host: d.host, port: d.port, user: f.user, password: f.password };
}

function deviceOf(f: Fleet, i = 0): Fleet['devices'][number] {
  const d = f.devices[i];
  if (d === undefined) throw new Error('no device');
  return d;
}

const num = (r: RawResponse, name: string): number => Number(valueOf(r.body, name));

/** GetRecords as wsman-messages builds it, with another MaxReadRecords than its fixed 390. */
const getRecords = (id: number, max = 390): string =>
  amt.MessageLog.GetRecords(id).replace(
    '<h:MaxReadRecords>390</h:MaxReadRecords>',
    `<h:MaxReadRecords>${max}</h:MaxReadRecords>`,
  );

/** Every item of an enumeration, built with wsman-messages. */
async function pullAll(t: Target, klass: { Enumerate(): string; Pull(ctx: string): string }): Promise<string> {
  const ctx = valueOf((await call(t, klass.Enumerate())).body, 'EnumerationContext') ?? '';
  return (await call(t, klass.Pull(ctx))).body;
}

/** The whole message log, page by page, as a console reads it. */
async function readEventLog(t: Target, max: number): Promise<{ pages: RawResponse[]; records: string[] }> {
  const first = await call(t, amt.MessageLog.PositionToFirstRecord());
  expect(num(first, 'ReturnValue')).toBe(0);
  let id = num(first, 'IterationIdentifier');
  const pages: RawResponse[] = [];
  for (;;) {
    const page = await call(t, getRecords(id, max));
    expect(num(page, 'ReturnValue')).toBe(0);
    pages.push(page);
    if (valueOf(page.body, 'NoMoreRecords') === 'true') break;
    id = num(page, 'IterationIdentifier');
    if (pages.length > 100) throw new Error('no end');
  }
  return { pages, records: pages.flatMap((p) => valuesOf(p.body, 'RecordArray')) };
}

/** The whole audit log by StartIndex, as MeshCommander reads it. */
async function readAuditLog(t: Target): Promise<{ pages: RawResponse[]; records: string[] }> {
  const pages: RawResponse[] = [];
  const records: string[] = [];
  for (;;) {
    const page = await call(t, amt.AuditLog.ReadRecords(records.length + 1));
    expect(num(page, 'ReturnValue')).toBe(0);
    pages.push(page);
    records.push(...valuesOf(page.body, 'EventRecords'));
    if (num(page, 'TotalRecordCount') <= records.length || pages.length > 300) break;
  }
  return { pages, records };
}

let fleet: Fleet | null = null;

afterEach(async () => {
  await fleet?.close();
  fleet = null;
});

// ---- The record layouts, checked against the captured firmware replies. ----

describe('the record layouts match the captured records', () => {
  const captured = (path: string, element: string): string[] =>
    valuesOf(readFileSync(join(CAPTURED, path), 'utf8'), element);

  it('decodes the captured event records and re-encodes them byte for byte', () => {
    const [failed, pci, pciAgain] = captured('amt/messagelog/getrecords.xml', 'RecordArray');
    expect(decodeEvent(failed ?? '')).toEqual({
      time: 0x6598c863,
      deviceAddress: 0xff,
      sensorType: 0x06,
      eventType: 0x6f,
      offset: 0x05,
      sourceType: 0x68,
      severity: 0x10,
      sensorNumber: 0xff,
      entity: 0x26,
      entityInstance: 0x61,
      data: [0xaa, 10, 0, 0, 0, 0, 0, 0],
    });
    expect(decodeEvent(pci ?? '')).toMatchObject({ time: 0x65010622, sensorType: 0x0f, offset: 0x02, entity: 34 });
    expect(decodeEvent(pci ?? '').data).toEqual([0x40, 0x07, 0, 0, 0, 0, 0, 0]);
    // Newest first: the January 2024 record before the September 2023 ones.
    expect(decodeEvent(failed ?? '').time).toBeGreaterThan(decodeEvent(pciAgain ?? '').time);
    expect(encodeEventRecord(eventOf('auth-failed', 0x6598c863, 10)).toString('base64')).toBe(failed);
    expect(encodeEventRecord(eventOf('pci-config', 0x65010622)).toString('base64')).toBe(pci);
  });

  it('decodes the captured audit records and re-encodes them byte for byte', () => {
    const records = captured('amt/auditlog/readrecords.xml', 'EventRecords');
    const first = decodeAudit(records[0] ?? '');
    expect(first).toEqual({
      appId: 19,
      eventId: 0,
      initiatorType: 2,
      user: null,
      time: 0x3ff4cd6e,
      location: 2,
      address: '',
      // Firmware Updated: 12.0.40.1433 and 12.0.36.1428, four big-endian words each.
      extended: [0, 12, 0, 0, 0, 40, 5, 0x99, 0, 12, 0, 0, 0, 36, 5, 0x94],
    });
    const again = encodeAuditRecord({
      appId: 19,
      eventId: 0,
      initiator: { kind: 'local' },
      timestamp: 0x3ff4cd6e,
      address: null,
      extended: EXTENDED.firmwareUpdated([12, 0, 40, 1433], [12, 0, 36, 1428]),
    });
    expect(again.toString('base64')).toBe(records[0]);
    expect(decodeAudit(records[1] ?? '').time).toBe(first.time + 1);
  });
});

// ---- Inventory. ----

describe('inventory', () => {
  it('differs between seeds, is the same for a seed, and is what the classes report', async () => {
    fleet = await fleetOf(2, 100);
    const reports: Array<Array<string | undefined>> = [];
    for (const i of [0, 1]) {
      const t = targetOf(fleet, i);
      const inv = deviceOf(fleet, i).state.inventory;
      const chassis = await call(t, cim.Chassis.Get());
      const card = await call(t, cim.Card.Get());
      const bios = await call(t, cim.BIOSElement.Get());
      const cpu = await pullAll(t, cim.Processor);
      const memory = await pullAll(t, cim.PhysicalMemory);
      const ports = await pullAll(t, amt.EthernetPortSettings);
      expect(valueOf(chassis.body, 'Manufacturer')).toBe(inv.system.manufacturer);
      expect(valueOf(chassis.body, 'Model')).toBe(inv.system.model);
      expect(valueOf(chassis.body, 'SerialNumber')).toBe(inv.system.serialNumber);
      expect(valueOf(card.body, 'SerialNumber')).toBe(inv.board.serialNumber);
      expect(valueOf(card.body, 'Model')).toBe(inv.board.model);
      expect(valueOf(bios.body, 'Version')).toBe(inv.bios.version);
      expect(valueOf(bios.body, 'Datetime')).toBe(`${inv.bios.releaseDate}T00:00:00Z`);
      expect(valueOf(bios.body, 'Manufacturer')).toBe(inv.bios.vendor);
      expect(Number(valueOf(cpu, 'Family'))).toBe(inv.processor.family);
      expect(Number(valueOf(cpu, 'MaxClockSpeed'))).toBe(inv.processor.maxMhz);
      expect(valuesOf(memory, 'Capacity')).toEqual(inv.memory.map((m) => String(m.capacityGiB * 1024 ** 3)));
      expect(valuesOf(memory, 'PartNumber')).toEqual(inv.memory.map((m) => m.partNumber));
      expect(valuesOf(memory, 'Manufacturer')).toEqual(inv.memory.map((m) => m.manufacturer));
      expect(valuesOf(ports, 'MACAddress')).toEqual([inv.wired.macAddress, inv.wireless.macAddress]);
      reports.push([valueOf(chassis.body, 'SerialNumber'), valueOf(card.body, 'SerialNumber'), inv.wired.macAddress]);
    }
    // Two seeds: other serials, other MACs, another inventory.
    expect(reports[0]?.every((v, k) => v !== reports[1]?.[k])).toBe(true);
    expect(deviceOf(fleet, 0).state.inventory).not.toEqual(deviceOf(fleet, 1).state.inventory);
    // The same seed again: the same inventory.
    expect(new SimDevice({ seed: 100 }).state.inventory).toEqual(deviceOf(fleet, 0).state.inventory);
  });

  it('varies across seeds: every model, 1–4 modules of 4–32 GiB, several BIOS releases, DHCP and static', () => {
    const all = Array.from({ length: 300 }, (_, seed) => generateInventory(seed, seed % 250));
    expect(new Set(all.map((i) => i.platform))).toEqual(new Set(PLATFORM_KEYS));
    expect(new Set(all.map((i) => i.memory.length))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(all.flatMap((i) => i.memory.map((m) => m.capacityGiB)))).toEqual(new Set([4, 8, 16, 32]));
    expect(new Set(all.flatMap((i) => i.memory.map((m) => m.manufacturer))).size).toBeGreaterThanOrEqual(4);
    for (const key of PLATFORM_KEYS) {
      expect(new Set(all.filter((i) => i.platform === key).map((i) => i.bios.version)).size).toBeGreaterThan(1);
    }
    expect(new Set(all.map((i) => i.wired.dhcp))).toEqual(new Set([true, false]));
    // Laptops work over Wi-Fi; the others are wired.
    for (const inv of all) expect(inv.wireless.ipAddress !== null).toBe(inv.platform === 'dell-latitude-5420');
    expect(new Set(all.map((i) => i.system.serialNumber)).size).toBe(all.length);
  });

  it('changeInventory changes the next reply: a module out and one in, a BIOS upgrade, a MAC, the host name', async () => {
    fleet = await fleetOf(1, 7, { platform: 'dell-optiplex-7090' });
    const t = targetOf(fleet);
    const sim = deviceOf(fleet).sim;
    const before = valuesOf(await pullAll(t, cim.PhysicalMemory), 'BankLabel');
    expect(before).toEqual(sim.state.inventory.memory.map((m) => m.bankLabel));

    const kept = sim.state.inventory.memory[0];
    if (kept === undefined) throw new Error('no memory');
    sim.changeInventory((inv) => {
      inv.memory = [kept, { ...kept, bankLabel: 'DIMM4', capacityGiB: 32, serialNumber: 'DEADBEEF' }];
    });
    const after = await pullAll(t, cim.PhysicalMemory);
    expect(valuesOf(after, 'BankLabel')).toEqual([before[0], 'DIMM4']);
    expect(valuesOf(after, 'Capacity')[1]).toBe('34359738368');
    expect(valuesOf(after, 'SerialNumber')[1]).toBe('DEADBEEF');

    sim.changeInventory((inv, state) => {
      inv.bios = { ...inv.bios, version: '1.30.0', releaseDate: '2025-01-15' };
      inv.wired.macAddress = 'a4-bb-6d-00-00-01';
      state.hostname = 'renamed-pc';
    });
    const bios = await call(t, cim.BIOSElement.Get());
    expect(valueOf(bios.body, 'Version')).toBe('1.30.0');
    expect(valueOf(bios.body, 'SoftwareElementID')).toBe('1.30.0');
    expect(valueOf(bios.body, 'Datetime')).toBe('2025-01-15T00:00:00Z');
    expect(valuesOf(await pullAll(t, amt.EthernetPortSettings), 'MACAddress')[0]).toBe('a4-bb-6d-00-00-01');
    expect(sim.state.macAddress).toBe('a4-bb-6d-00-00-01');
    expect(valueOf((await call(t, amt.GeneralSettings.Get())).body, 'HostName')).toBe('renamed-pc');

    // An inventory firmware could not report is refused, and nothing changes.
    expect(() =>
      sim.changeInventory((inv) => {
        inv.memory = inv.memory.map((m) => ({ ...m, capacityGiB: 12 as 16 }));
      }),
    ).toThrow(/capacity 12/);
    expect(() =>
      sim.changeInventory((inv) => {
        inv.wired.macAddress = 'not a mac';
      }),
    ).toThrow(/MAC/);
    expect(valuesOf(await pullAll(t, cim.PhysicalMemory), 'Capacity')).toEqual([
      String(kept.capacityGiB * 1024 ** 3),
      '34359738368',
    ]);
  });
});

// ---- Power capability classes. ----

describe('power capability classes', () => {
  it('list the states of the power table, name the service as firmware does, and associate it', async () => {
    fleet = await startFleet({
      devices: 2,
      portBase: 0,
      seed: 30,
      perDevice: (i) => (i === 0 ? { amtVersion: '16.1.25' } : { amtVersion: '8.1.71', build: '3608' }),
    });
    for (const [i, changes] of [
      [0, ['2', '3', '4', '7', '8']],
      [1, ['2', '3', '4', '7']],
    ] as const) {
      const t = targetOf(fleet, i);
      const state = deviceOf(fleet, i).state;
      const caps = await call(t, getBody(`${CIM}CIM_PowerManagementCapabilities`, '1'));
      const union = new Set<number>();
      const was = state.powerState;
      for (const p of [2, 4, 7, 8]) {
        state.powerState = p;
        for (const s of availablePowerStates(state)) union.add(s);
      }
      state.powerState = was;
      expect(new Set(valuesOf(caps.body, 'PowerStatesSupported').map(Number))).toEqual(union);
      expect(valuesOf(caps.body, 'RequestedPowerStatesSupported')).toEqual(valuesOf(caps.body, 'PowerStatesSupported'));
      expect(valuesOf(caps.body, 'PowerChangeCapabilities')).toEqual(changes);
      expect(valueOf(caps.body, 'InstanceID')).toBe('Intel(r) AMT:PowerManagementCapabilities 0');
    }

    const t = targetOf(fleet, 0);
    const state = deviceOf(fleet, 0).state;
    const service = await call(t, ips.PowerManagementService.Get());
    expect(valueOf(service.body, 'Name')).toBe('Intel(r) AMT Power Management Service');
    expect(valueOf(service.body, 'CreationClassName')).toBe('IPS_PowerManagementService');
    expect(valueOf(service.body, 'OSPowerSavingState')).toBe('2');
    const association = await pullAll(t, cim.ServiceAvailableToElement);
    expect(association).toContain('<h:CIM_AssociatedPowerManagementService>');
    expect(valueOf(association, 'PowerState')).toBe('2');
    expect(valuesOf(association, 'Selector')).toContain('ManagedSystem');
    expect(valuesOf(association, 'Selector')).toContain('Intel(r) AMT Power Management Service');

    // Off: OSPowerSavingState is not reported, and the association shows the new state.
    state.powerState = 8;
    expect(valueOf((await call(t, ips.PowerManagementService.Get())).body, 'OSPowerSavingState')).toBeUndefined();
    expect(valueOf(await pullAll(t, cim.ServiceAvailableToElement), 'PowerState')).toBe('8');
    // AMT 8 has no OSPowerSavingState at all.
    const old = await call(targetOf(fleet, 1), ips.PowerManagementService.Get());
    expect(valueOf(old.body, 'OSPowerSavingState')).toBeUndefined();
  });
});

// ---- The event log. ----

describe('the event log (AMT_MessageLog)', () => {
  let f: Fleet;

  beforeAll(async () => {
    f = await fleetOf(1, 21, { eventLogRecords: 25, auditLogRecords: 23 });
  });

  afterAll(async () => {
    await f.close();
  });

  it('pages newest first by MaxReadRecords, every record once, decoding to the seeded events', async () => {
    const t = targetOf(f);
    const state = deviceOf(f).state;
    const { pages, records } = await readEventLog(t, 10);
    expect(pages.map((p) => valuesOf(p.body, 'RecordArray').length)).toEqual([10, 10, 5]);
    expect(pages.map((p) => valueOf(p.body, 'NoMoreRecords'))).toEqual(['false', 'false', 'true']);
    expect(pages.map((p) => num(p, 'IterationIdentifier'))).toEqual([11, 21, 26]);
    expect(records).toHaveLength(25);
    expect(new Set(records).size).toBeGreaterThan(1);
    expect(records.map(decodeEvent)).toEqual([...state.eventLog].reverse().map(eventFields));
    const times = records.map((r) => decodeEvent(r).time);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // wsman-messages' own request (390 at a time) gets them all in one page.
    const all = await readEventLog(t, 390);
    expect(all.pages).toHaveLength(1);
    expect(all.records).toEqual(records);
  });

  it('refuses a position past the end, and logEvent adds a record the next read shows first', async () => {
    const t = targetOf(f);
    const sim = deviceOf(f).sim;
    const past = await call(t, getRecords(27, 5));
    expect(num(past, 'ReturnValue')).toBe(2);
    const atEnd = await call(t, getRecords(26, 5));
    expect(num(atEnd, 'ReturnValue')).toBe(0);
    expect(valuesOf(atEnd.body, 'RecordArray')).toEqual([]);
    expect(valueOf(atEnd.body, 'NoMoreRecords')).toBe('true');

    const added = sim.logEvent('chassis-intrusion');
    sim.logEvent({ kind: 'auth-failed', failures: 7 });
    const page = await call(t, getRecords(1, 2));
    const [newest, next] = valuesOf(page.body, 'RecordArray').map(decodeEvent);
    expect(newest).toMatchObject({ sensorType: 0x06, entity: 0x26, severity: 0x10 });
    expect(newest?.data.slice(0, 3)).toEqual([0xaa, 7, 0]);
    expect(next).toEqual(eventFields(added));
    expect(next).toMatchObject({ sensorType: 0x05, offset: 0, entity: 23, severity: 0x10 });
    expect(Math.abs((next?.time ?? 0) - Math.floor(Date.now() / 1000))).toBeLessThan(5);
    const get = await call(t, amt.MessageLog.Get());
    expect(valueOf(get.body, 'CurrentNumberOfRecords')).toBe('27');
  });
});

// ---- The audit log and what actions add to it. ----

describe('the audit log (AMT_AuditLog)', () => {
  it('pages ten at a time by StartIndex, oldest first, decoding to the seeded records', async () => {
    fleet = await fleetOf(1, 21, { auditLogRecords: 23 });
    const t = targetOf(fleet);
    const state = deviceOf(fleet).state;
    const { pages, records } = await readAuditLog(t);
    expect(pages.map((p) => [num(p, 'TotalRecordCount'), num(p, 'RecordsReturned')])).toEqual([
      [23, 10],
      [23, 10],
      [23, 3],
    ]);
    expect(records.map(decodeAudit)).toEqual(state.auditLog.map(auditFields));
    const times = records.map((r) => decodeAudit(r).time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // A provisioned ACM device: provisioning by admin from the console, then remote work.
    const decoded = records.map(decodeAudit);
    expect(decoded.some((r) => r.appId === 16 && r.eventId === 1 && r.user === 'admin' && r.location === 0)).toBe(true);
    expect(decoded.every((r) => r.initiatorType === 2 || r.user === 'admin')).toBe(true);
    // Past the end: PT_STATUS_INVALID_INDEX.
    expect(num(await call(t, amt.AuditLog.ReadRecords(24)), 'ReturnValue')).toBe(35);
    expect(num(await call(t, amt.AuditLog.ReadRecords(21)), 'RecordsReturned')).toBe(3);
  });

  it('records a power change (and the boot it causes in the event log), a clock set and a consent code', async () => {
    fleet = await fleetOf(1, 22, { auditLogRecords: 15, eventLogRecords: 12 });
    const t = targetOf(fleet);
    const state = deviceOf(fleet).state;
    expect(num(await call(t, cim.PowerManagementService.RequestPowerStateChange(10)), 'ReturnValue')).toBe(0);
    const { records } = await readAuditLog(t);
    expect(records).toHaveLength(16);
    const reset = decodeAudit(records[15] ?? '');
    expect(reset).toMatchObject({ appId: 17, eventId: 3, initiatorType: 0, user: 'admin', location: 0 });
    expect(reset.address).toBe('127.0.0.1');
    expect(reset.extended).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(Math.abs(reset.time - Math.floor(Date.now() / 1000))).toBeLessThan(5);
    // The reset booted the host: the BIOS's progress events, newest first.
    const boot = (await call(t, getRecords(1, 4))).body;
    const events = valuesOf(boot, 'RecordArray').map(decodeEvent);
    expect(events.map((e) => [e.sensorType, e.data[1]])).toEqual([
      [0x0f, 0x13],
      [0x0f, 0x07],
      [0x0f, 0x01],
      [0x25, 0x00],
    ]);
    expect(state.eventLog).toHaveLength(16);

    // Power off: Performed Power Down, no boot.
    expect(num(await call(t, cim.PowerManagementService.RequestPowerStateChange(8)), 'ReturnValue')).toBe(0);
    const down = await call(t, amt.AuditLog.ReadRecords(17));
    expect(decodeAudit(valuesOf(down.body, 'EventRecords')[0] ?? '')).toMatchObject({
      appId: 17,
      eventId: 1,
      extended: [],
    });
    expect(state.eventLog).toHaveLength(16);
    // A refused request (reset while off) adds nothing.
    expect(num(await call(t, cim.PowerManagementService.RequestPowerStateChange(10)), 'ReturnValue')).toBe(2);
    expect(state.auditLog).toHaveLength(17);

    // Time sync: Intel(R) ME Time Set, with the new device time.
    const now = Math.floor(Date.now() / 1000);
    const sync = `<h:Ta0>${now}</h:Ta0><h:Tm1>${now}</h:Tm1><h:Tm2>${now}</h:Tm2>`;
    await call(t, invokeBody(`${AMT}AMT_TimeSynchronizationService`, 'SetHighAccuracyTimeSynch', '5', sync));
    const timeSet = decodeAudit(valuesOf((await call(t, amt.AuditLog.ReadRecords(18))).body, 'EventRecords')[0] ?? '');
    expect(timeSet).toMatchObject({ appId: 21, eventId: 0, user: 'admin' });
    const set = timeSet.extended;
    expect(
      Math.abs((set[0] ?? 0) * 0x1000000 + (set[1] ?? 0) * 0x10000 + (set[2] ?? 0) * 0x100 + (set[3] ?? 0) - now),
    ).toBeLessThan(5);
  });

  it('is readable in client control mode too, and empty logs answer as firmware does', async () => {
    fleet = await startFleet({
      devices: 2,
      portBase: 0,
      seed: 50,
      perDevice: (i) =>
        i === 0 ? { controlMode: 1 } : { eventLogRecords: 0, auditLogRecords: 0, provisioningState: 0 },
    });
    const ccm = await readAuditLog(targetOf(fleet, 0));
    expect(ccm.records.length).toBeGreaterThan(0);
    expect(ccm.records.map(decodeAudit).some((r) => r.appId === 16 && r.eventId === 1)).toBe(false);

    const t = targetOf(fleet, 1);
    const state = deviceOf(fleet, 1).state;
    expect(state.auditLog).toEqual([]);
    expect(state.eventLog).toEqual([]);
    expect(num(await call(t, amt.MessageLog.PositionToFirstRecord()), 'ReturnValue')).toBe(2);
    expect(num(await call(t, getRecords(1, 10)), 'ReturnValue')).toBe(3);
    const empty = await call(t, amt.AuditLog.ReadRecords(1));
    expect([num(empty, 'TotalRecordCount'), num(empty, 'RecordsReturned'), num(empty, 'ReturnValue')]).toEqual([
      0, 0, 0,
    ]);
    expect(num(await call(t, amt.AuditLog.ReadRecords(2)), 'ReturnValue')).toBe(35);
    // logAudit adds a record for tests.
    deviceOf(fleet, 1).sim.logAudit({ appId: 16, eventId: 0, initiator: { kind: 'local' }, address: null });
    const one = await call(t, amt.AuditLog.ReadRecords(1));
    expect(decodeAudit(valuesOf(one.body, 'EventRecords')[0] ?? '')).toMatchObject({
      appId: 16,
      eventId: 0,
      location: 2,
    });
  });
});
