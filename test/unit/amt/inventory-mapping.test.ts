// The inventory: its mapping from captured firmware replies, readInventory against a loopback
// device answering with the captures (and faults for the classes it "lacks"), and
// inventoryChanges between two readings.
import { afterEach, describe, expect, it } from 'vitest';
import {
  itemsOfClass,
  parseResponse,
  readEnumerationPage,
  readInstance,
  readMethodOutput,
  textProp,
} from '../../../electron/wsman';
import {
  isMissingClass,
  readInventory,
  tlsEnabledOf,
  toInventory,
  toInventoryMemory,
  toInventoryPorts,
  type InventoryParts,
} from '../../../electron/amt/inventory';
import {
  toFirmwareVersions,
  toGeneralSettings,
  toHostBasedSetup,
  toSetupAndConfiguration,
} from '../../../electron/amt/info';
import { toNetworkPort, type NetworkPort } from '../../../electron/amt/network';
import { toPowerStatus } from '../../../electron/amt/power';
import { decodeAmtUuid } from '../../../electron/amt/uuid';
import {
  InventorySchema,
  formatCapacity,
  inventoryChanges,
  memoryFormFactorLabel,
  memoryTypeLabel,
  uniqueNames,
  type Inventory,
} from '../../../shared/domain/inventory';
import { OutbandError } from '../../../shared/errors';
import { captured } from '../wsman/helpers/fixtures';
import { DESTINATION_UNREACHABLE, fault, startCannedDevice } from './helpers/canned-device';

const instance = (file: string, cls: string) => readInstance(parseResponse(captured(file)), cls);
const pulled = (file: string, cls: string) =>
  itemsOfClass(readEnumerationPage(parseResponse(captured(file))).items, cls);

const READ_AT = new Date('2025-05-01T10:00:00.000Z');

function captureParts(): InventoryParts {
  const uuidOut = readMethodOutput(
    parseResponse(captured('amt/setupandconfiguration/getuuid.xml')),
    'AMT_SetupAndConfigurationService',
    'GetUuid',
  );
  const setup = toSetupAndConfiguration(
    instance('amt/setupandconfiguration/get.xml', 'AMT_SetupAndConfigurationService'),
  );
  const hbs = toHostBasedSetup(instance('ips/hostbasedsetup/get.xml', 'IPS_HostBasedSetupService'));
  return {
    general: toGeneralSettings(instance('amt/general/get.xml', 'AMT_GeneralSettings')),
    uuid: decodeAmtUuid(textProp(uuidOut.output, 'UUID') ?? ''),
    firmware: toFirmwareVersions(pulled('cim/software/identity/pull.xml', 'CIM_SoftwareIdentity')),
    provisioning: { provisioningState: setup.provisioningState, controlMode: hbs.currentControlMode ?? 'none' },
    tlsSettings: pulled('amt/tls/settingdata/pull.xml', 'AMT_TLSSettingData'),
    power: toPowerStatus(
      instance('cim/associatedpower/managementservice/get.xml', 'CIM_AssociatedPowerManagementService'),
    ),
    ports: pulled('amt/ethernetport/pull.xml', 'AMT_EthernetPortSettings').map(toNetworkPort),
    chassis: instance('cim/chassis/get.xml', 'CIM_Chassis'),
    bios: instance('cim/bios/element/get.xml', 'CIM_BIOSElement'),
    processors: pulled('cim/physical/processor/pull.xml', 'CIM_Processor'),
    memory: pulled('cim/physical/memory/pull.xml', 'CIM_PhysicalMemory'),
    unavailable: ['CIM_Card'],
    readAt: READ_AT,
  };
}

const EXPECTED: Inventory = {
  identity: {
    uuid: '55e3ae13-bfd2-61bb-17a0-88aedd7037ea',
    hostName: 'Test Host Name',
    domainName: 'Test Domain Name',
  },
  firmware: {
    amtVersion: '12.0.67',
    build: '1579',
    sku: '16392',
    meVersion: '12.0.67',
    coreVersion: '12.0.67',
    recoveryVersion: '12.0.67',
  },
  state: { provisioningState: 'post', controlMode: 'admin', tlsEnabled: false },
  power: {
    state: 2,
    label: 'Power On',
    available: [10, 8, 5, 11, 4, 7, 14, 12],
    availableLabels: [
      'Reset',
      'Power Off',
      'Power Cycle Reset',
      'Diagnostic Interrupt (NMI)',
      'Sleep',
      'Hibernate',
      'Graceful Reset',
      'Graceful Power Off',
    ],
  },
  network: [
    {
      name: 'wired',
      instanceId: 'Intel(r) AMT Ethernet Port Settings 0',
      kind: 'wired',
      mac: '00:be:43:d8:22:a4',
      dhcp: true,
      ip: undefined,
      subnet: '255.255.255.0',
      gateway: '192.168.6.1',
      dns: ['192.168.6.1'],
      linkUp: true,
    },
    {
      name: 'wireless',
      instanceId: 'Intel(r) AMT Ethernet Port Settings 1',
      kind: 'wireless',
      mac: '00:00:00:00:00:00',
      dhcp: true,
      ip: undefined,
      subnet: undefined,
      gateway: undefined,
      dns: [],
      linkUp: false,
    },
  ],
  system: {
    manufacturer: 'Intel(R) Client Systems',
    model: 'NUC9V7QNX',
    serial: 'JRQN0243007J',
    version: 'K47174-402',
  },
  board: undefined,
  bios: { vendor: 'Intel Corp.', version: 'QNCFLX70.0054.2020.0810.2227', releaseDate: '2020-08-10T00:00:00Z' },
  processors: [
    { id: 'CPU 0', family: 198, maxClockMHz: 8300, currentClockMHz: 2400, stepping: '13', cores: undefined },
  ],
  memory: [
    {
      bank: 'BANK 0',
      capacityBytes: '17179869184',
      speedMHz: 2400,
      manufacturer: '859B',
      partNumber: 'CT16G4SFD824A.M16FE',
      serial: 'E0E8D670',
      formFactor: 'SODIMM',
      type: 'DDR4',
    },
    {
      bank: 'BANK 2',
      capacityBytes: '17179869184',
      speedMHz: 2400,
      manufacturer: '859B',
      partNumber: 'CT16G4SFD824A.M16FE',
      serial: 'E0E8D070',
      formFactor: 'SODIMM',
      type: 'DDR4',
    },
  ],
  unavailable: ['CIM_Card'],
  readAt: '2025-05-01T10:00:00.000Z',
};

describe('inventory from captured replies', () => {
  it('maps every part', () => {
    const inv = toInventory(captureParts());
    expect(inv).toEqual(EXPECTED);
    // What is stored survives JSON and the schema.
    expect(InventorySchema.parse(JSON.parse(JSON.stringify(inv)))).toEqual(JSON.parse(JSON.stringify(inv)));
  });

  it('reads TLS from the 802.3 settings only', () => {
    const items = pulled('amt/tls/settingdata/pull.xml', 'AMT_TLSSettingData');
    expect(tlsEnabledOf(items)).toBe(false);
    expect(tlsEnabledOf([{ ...items[0]!, Enabled: 'true' }, items[1]!])).toBe(true);
    expect(tlsEnabledOf([{ ...items[1]!, Enabled: 'true' }])).toBeNull();
    expect(tlsEnabledOf(undefined)).toBeNull();
    expect(tlsEnabledOf([{ ...items[0]!, Enabled: null }])).toBeNull();
  });

  it('names ports uniquely and labels memory the SMBIOS way', () => {
    const base: NetworkPort = { kind: 'wired', linkPolicy: [] };
    expect(
      toInventoryPorts([
        base,
        base,
        { ...base, kind: 'unknown', instanceId: 'Port X' },
        { ...base, kind: 'unknown' },
      ]).map((p) => p.name),
    ).toEqual(['wired', 'wired #2', 'Port X', 'port 3']);
    expect(uniqueNames(['a', 'a #2', 'a'])).toEqual(['a', 'a #2', 'a #3']);
    expect(memoryTypeLabel(26)).toBe('DDR4');
    expect(memoryTypeLabel(34)).toBe('DDR5');
    expect(memoryTypeLabel(0)).toBeUndefined();
    expect(memoryTypeLabel(99)).toBe('type 99');
    expect(memoryFormFactorLabel(9)).toBe('DIMM');
    expect(memoryFormFactorLabel(13)).toBe('SODIMM');
    expect(toInventoryMemory({ Capacity: '18446744073709551615' }, 4)).toMatchObject({
      bank: 'module 5',
      capacityBytes: '18446744073709551615',
    });
    expect(formatCapacity('17179869184')).toBe('16 GiB');
    expect(formatCapacity('536870912')).toBe('512 MiB');
    expect(formatCapacity('1000')).toBe('1000 bytes');
  });

  it('refuses a reading that does not fit the schema with a typed error', () => {
    const parts = captureParts();
    const bad = { ...parts.processors![0]!, MaxClockSpeed: '-5' };
    for (const wrong of [
      { ...parts, processors: [bad] },
      { ...parts, readAt: new Date(Number.NaN) },
    ]) {
      const err = (() => {
        try {
          toInventory(wrong);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(OutbandError);
      expect(err).toMatchObject({ code: 'amt.inventory-invalid' });
    }
    expect(isMissingClass(new OutbandError('wsman.action-not-supported', 'x'))).toBe(true);
    expect(isMissingClass(new OutbandError('wsman.access-denied', 'x'))).toBe(false);
  });
});

describe('readInventory against a device answering with the captures', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  const FILES: Record<string, string> = {
    'AMT_GeneralSettings Get': 'amt/general/get.xml',
    'AMT_SetupAndConfigurationService GetUuid': 'amt/setupandconfiguration/getuuid.xml',
    'AMT_SetupAndConfigurationService Get': 'amt/setupandconfiguration/get.xml',
    'CIM_SoftwareIdentity Enumerate': 'cim/software/identity/enumerate.xml',
    'CIM_SoftwareIdentity Pull': 'cim/software/identity/pull.xml',
    'IPS_HostBasedSetupService Get': 'ips/hostbasedsetup/get.xml',
    'AMT_TLSSettingData Enumerate': 'amt/general/enumerate.xml',
    'AMT_TLSSettingData Pull': 'amt/tls/settingdata/pull.xml',
    'CIM_AssociatedPowerManagementService Get': 'cim/associatedpower/managementservice/get.xml',
    'AMT_EthernetPortSettings Enumerate': 'amt/ethernetport/enumerate.xml',
    'AMT_EthernetPortSettings Pull': 'amt/ethernetport/pull.xml',
    'CIM_Chassis Get': 'cim/chassis/get.xml',
    'CIM_BIOSElement Get': 'cim/bios/element/get.xml',
    'CIM_Processor Enumerate': 'cim/physical/memory/enumerate.xml',
    'CIM_Processor Pull': 'cim/physical/processor/pull.xml',
    'CIM_PhysicalMemory Enumerate': 'cim/physical/memory/enumerate.xml',
    'CIM_PhysicalMemory Pull': 'cim/physical/memory/pull.xml',
  };

  async function device(overrides: Record<string, string> = {}) {
    const d = await startCannedDevice((req) => {
      const key = `${req.className} ${req.action.slice(req.action.lastIndexOf('/') + 1)}`;
      const override = overrides[key];
      if (override !== undefined) return override;
      const file = FILES[key];
      return file ? captured(file) : DESTINATION_UNREACHABLE;
    });
    close = d.close;
    return d;
  }

  it('reads everything and leaves the class the firmware lacks empty', async () => {
    const d = await device();
    const inv = await readInventory(d.session, { now: () => READ_AT });
    expect(inv).toEqual(InventorySchema.parse(EXPECTED));
    expect(d.requests.some((r) => r.className === 'CIM_Card')).toBe(true);
  });

  it('takes ActionNotSupported on an optional class as missing too', async () => {
    const d = await device({
      'AMT_TLSSettingData Enumerate': fault('b:ActionNotSupported', 'The action is not supported by the service.'),
      'CIM_PhysicalMemory Enumerate': DESTINATION_UNREACHABLE,
    });
    const inv = await readInventory(d.session, { now: () => READ_AT });
    expect(inv.state.tlsEnabled).toBeNull();
    expect(inv.memory).toEqual([]);
    expect(inv.unavailable).toEqual(['AMT_TLSSettingData', 'CIM_Card', 'CIM_PhysicalMemory']);
  });

  it('fails on any other fault, and when a required class is missing', async () => {
    const denied = fault('e:AccessDenied', 'The sender was not authorized to access the resource.');
    let d = await device({ 'CIM_Chassis Get': denied });
    await expect(readInventory(d.session)).rejects.toMatchObject({ code: 'wsman.access-denied' });
    await close?.();
    d = await device({ 'AMT_GeneralSettings Get': DESTINATION_UNREACHABLE });
    await expect(readInventory(d.session)).rejects.toMatchObject({ code: 'wsman.destination-unreachable' });
  });
});

describe('inventoryChanges', () => {
  const before = (): Inventory => structuredClone(InventorySchema.parse(EXPECTED));

  it('finds nothing between equal readings, whatever the time', () => {
    expect(inventoryChanges(before(), { ...before(), readAt: '2026-01-01T00:00:00.000Z' })).toEqual([]);
  });

  it('lists changed fields with readable paths', () => {
    const after = before();
    after.bios!.version = 'QNCFLX70.0060.2021.0101.0000';
    after.memory[1]!.capacityBytes = '34359738368';
    after.network[0]!.ip = '192.168.6.20';
    after.network[0]!.dns = ['192.168.6.1', '1.1.1.1'];
    after.state.tlsEnabled = true;
    after.firmware.amtVersion = '12.0.70';
    after.power = { ...after.power!, state: 8, label: 'Power Off' };
    expect(inventoryChanges(before(), after)).toEqual([
      { path: 'firmware.amtVersion', old: '12.0.67', new: '12.0.70' },
      { path: 'state.tlsEnabled', old: 'disabled', new: 'enabled' },
      { path: 'power.state', old: 'Power On (2)', new: 'Power Off (8)' },
      { path: 'network[wired].ip', old: '(none)', new: '192.168.6.20' },
      { path: 'network[wired].dns', old: '192.168.6.1', new: '192.168.6.1, 1.1.1.1' },
      { path: 'bios.version', old: 'QNCFLX70.0054.2020.0810.2227', new: 'QNCFLX70.0060.2021.0101.0000' },
      { path: 'memory[BANK 2].capacity', old: '16 GiB', new: '32 GiB' },
    ]);
  });

  it('reports added and removed modules, ports and parts as (none) changes', () => {
    const after = before();
    after.memory = [after.memory[0]!, { ...after.memory[1]!, bank: 'BANK 3', capacityBytes: '8589934592' }];
    after.network = [after.network[0]!];
    after.board = { manufacturer: 'Intel Corporation', model: 'NUC9VXQNB' };
    after.system = undefined;
    expect(inventoryChanges(before(), after)).toEqual([
      { path: 'network[wireless]', old: 'wireless, 00:00:00:00:00:00', new: '(none)' },
      { path: 'system.manufacturer', old: 'Intel(R) Client Systems', new: '(none)' },
      { path: 'system.model', old: 'NUC9V7QNX', new: '(none)' },
      { path: 'system.serial', old: 'JRQN0243007J', new: '(none)' },
      { path: 'system.version', old: 'K47174-402', new: '(none)' },
      { path: 'board.manufacturer', old: '(none)', new: 'Intel Corporation' },
      { path: 'board.model', old: '(none)', new: 'NUC9VXQNB' },
      { path: 'memory[BANK 2]', old: '16 GiB, DDR4, SODIMM, 2400 MHz, CT16G4SFD824A.M16FE', new: '(none)' },
      { path: 'memory[BANK 3]', old: '(none)', new: '8 GiB, DDR4, SODIMM, 2400 MHz, CT16G4SFD824A.M16FE' },
    ]);
  });

  it('reports a processor that changed and the control mode', () => {
    const after = before();
    after.processors[0]!.maxClockMHz = 4700;
    after.state.controlMode = 'client';
    after.identity.hostName = undefined;
    expect(inventoryChanges(before(), after)).toEqual([
      { path: 'identity.hostName', old: 'Test Host Name', new: '(none)' },
      { path: 'state.controlMode', old: 'admin', new: 'client' },
      { path: 'processors[CPU 0].maxClock', old: '8300 MHz', new: '4700 MHz' },
    ]);
  });
});
