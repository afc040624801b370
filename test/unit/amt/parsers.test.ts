// The typed AMT results built from captured firmware replies, and the pure helpers of electron/amt.
import { describe, expect, it } from 'vitest';
import { itemsOfClass, parseResponse, readEnumerationPage, readInstance } from '../../../electron/wsman';
import {
  toFirmwareVersions,
  toGeneralSettings,
  toHostBasedSetup,
  toSetupAndConfiguration,
  controlModeFromSetup,
} from '../../../electron/amt/info';
import { toPowerStatus } from '../../../electron/amt/power';
import { toOptInStatus, bootNeedsConsent } from '../../../electron/amt/consent';
import { toNetworkPort } from '../../../electron/amt/network';
import {
  toBiosInfo,
  toMemoryModule,
  toPhysicalPart,
  toProcessorInfo,
  totalCapacity,
} from '../../../electron/amt/hardware';
import { bootSettingsFor } from '../../../electron/amt/boot';
import { decodeAmtUuid, decodePlatformGuid, isPlaceholderUuid } from '../../../electron/amt/uuid';
import { POWER_STATES, parsePowerState, powerStateInfo } from '../../../electron/amt/power-states';
import { captured } from '../wsman/helpers/fixtures';

const instance = (file: string, cls: string) => readInstance(parseResponse(captured(file)), cls);
const pulled = (file: string, cls: string) =>
  itemsOfClass(readEnumerationPage(parseResponse(captured(file))).items, cls);

describe('typed results from captured replies', () => {
  it('general settings', () => {
    expect(toGeneralSettings(instance('amt/general/get.xml', 'AMT_GeneralSettings'))).toMatchObject({
      hostName: 'Test Host Name',
      domainName: 'Test Domain Name',
      digestRealm: 'Digest:F3EB554784E729164447A89F60B641C5',
      sharedFqdn: true,
      networkEnabled: true,
      idleWakeTimeout: 1,
    });
  });

  it('firmware versions by InstanceID', () => {
    const fw = toFirmwareVersions(pulled('cim/software/identity/pull.xml', 'CIM_SoftwareIdentity'));
    expect(fw).toMatchObject({ amtVersion: '12.0.67', buildNumber: '1579', sku: '16392', coreVersion: '12.0.67' });
    expect(Object.keys(fw.all)).toHaveLength(11);
  });

  it('provisioning state and control mode', () => {
    const setup = toSetupAndConfiguration(
      instance('amt/setupandconfiguration/get.xml', 'AMT_SetupAndConfigurationService'),
    );
    expect(setup).toMatchObject({
      provisioningState: 'post',
      provisioningMode: 1,
      zeroTouchEnabled: true,
      passwordModel: 1,
    });
    expect(controlModeFromSetup(setup)).toBe('admin');
    expect(controlModeFromSetup({ ...setup, provisioningMode: 4 })).toBe('client');
    expect(controlModeFromSetup({ ...setup, provisioningState: 'pre' })).toBe('none');
    const hbs = toHostBasedSetup(instance('ips/hostbasedsetup/get.xml', 'IPS_HostBasedSetupService'));
    expect(hbs).toEqual({
      currentControlMode: 'admin',
      allowedControlModes: ['admin', 'client'],
      certChainStatus: 0,
      configurationNonce: '4P3sY7swlhjkhJNxDkEBIUcmpHE=',
    });
  });

  it('power status with names, from a Get and from a Pull', () => {
    const s = toPowerStatus(
      instance('cim/associatedpower/managementservice/get.xml', 'CIM_AssociatedPowerManagementService'),
    );
    expect(s.powerState).toMatchObject({ code: 2, name: 'on' });
    expect(s.available.map((a) => a.name)).toEqual([
      'reset',
      'off',
      'cycle',
      'nmi',
      'sleep',
      'hibernate',
      'graceful-reset',
      'graceful-off',
    ]);
    const [p] = pulled('cim/associatedpower/managementservice/pull.xml', 'CIM_AssociatedPowerManagementService');
    expect(toPowerStatus(p)).toEqual(s);
  });

  it('opt-in status and when consent is needed', () => {
    const st = toOptInStatus(instance('ips/optin/get.xml', 'IPS_OptInService'));
    expect(st).toEqual({ required: 'none', state: 'not-started', codeTimeoutSeconds: 120, displayTimeoutSeconds: 300 });
    expect(bootNeedsConsent('admin', st)).toBe(false);
    expect(bootNeedsConsent('client', st)).toBe(true);
    expect(bootNeedsConsent('admin', { ...st, required: 'all' })).toBe(true);
    expect(bootNeedsConsent('client', { ...st, state: 'received' })).toBe(false);
  });

  it('wired and wireless ports', () => {
    const ports = pulled('amt/ethernetport/pull.xml', 'AMT_EthernetPortSettings').map(toNetworkPort);
    expect(ports[0]).toMatchObject({
      kind: 'wired',
      macAddress: '00:be:43:d8:22:a4',
      dhcpEnabled: true,
      linkUp: true,
      linkPolicy: [1, 14],
    });
    expect(ports[1]).toMatchObject({
      kind: 'wireless',
      linkUp: false,
      instanceId: 'Intel(r) AMT Ethernet Port Settings 1',
    });
  });

  it('hardware parts, exact memory sizes and the platform GUID', () => {
    expect(toPhysicalPart(instance('cim/chassis/get.xml', 'CIM_Chassis'))).toEqual({
      manufacturer: 'Intel(R) Client Systems',
      model: 'NUC9V7QNX',
      serialNumber: 'JRQN0243007J',
      version: 'K47174-402',
    });
    expect(toBiosInfo(instance('cim/bios/element/get.xml', 'CIM_BIOSElement'))).toEqual({
      manufacturer: 'Intel Corp.',
      version: 'QNCFLX70.0054.2020.0810.2227',
      releaseDate: '2020-08-10T00:00:00Z',
      primary: true,
    });
    expect(toProcessorInfo(instance('cim/physical/processor/get.xml', 'CIM_Processor'))).toMatchObject({
      deviceId: 'CPU 0',
      family: 198,
      maxClockSpeedMhz: 8300,
    });
    const memory = pulled('cim/physical/memory/pull.xml', 'CIM_PhysicalMemory').map(toMemoryModule);
    expect(memory[0]).toMatchObject({
      bankLabel: 'BANK 0',
      capacityBytes: '17179869184',
      speedMhz: 2400,
      partNumber: 'CT16G4SFD824A.M16FE',
    });
    expect(totalCapacity(memory)).toBe('34359738368');
    expect(totalCapacity([{ capacityBytes: '18446744073709551615' }, { capacityBytes: '1' }])).toBe(
      '18446744073709551616',
    );
  });
});

describe('UUIDs (spec §4.1 byte order)', () => {
  it('decodes the GetUuid vector and the matching PlatformGUID', () => {
    expect(decodeAmtUuid('E67jVdK/u2EXoIiu3XA36g==')).toBe('55e3ae13-bfd2-61bb-17a0-88aedd7037ea');
    expect(decodePlatformGuid('13AEE355D2BFBB6117A088AEDD7037EA')).toBe('55e3ae13-bfd2-61bb-17a0-88aedd7037ea');
  });

  it('refuses malformed input and spots placeholder UUIDs', () => {
    expect(() => decodeAmtUuid('AAAA')).toThrow(/16 bytes/);
    expect(isPlaceholderUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(isPlaceholderUuid('03000200-0400-0500-0006-000700080009')).toBe(true);
    expect(isPlaceholderUuid('55e3ae13-bfd2-61bb-17a0-88aedd7037ea')).toBe(false);
  });
});

describe('power-state table', () => {
  it('has every DMTF code 1-17 once, with unique names', () => {
    expect(POWER_STATES.map((p) => p.code)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(new Set(POWER_STATES.map((p) => p.name)).size).toBe(17);
  });

  it('parses names, aliases, labels and numbers of requestable states only', () => {
    expect(parsePowerState('on')?.code).toBe(2);
    expect(parsePowerState('OFF')?.code).toBe(8);
    expect(parsePowerState('reset')?.code).toBe(10);
    expect(parsePowerState('cycle')?.code).toBe(5);
    expect(parsePowerState('Power Cycle Reset')?.code).toBe(5);
    expect(parsePowerState('graceful_off')?.code).toBe(12);
    expect(parsePowerState('reboot')?.code).toBe(14);
    expect(parsePowerState('hibernate')?.code).toBe(7);
    expect(parsePowerState('4')?.code).toBe(4);
    expect(parsePowerState('6')).toBeUndefined();
    expect(parsePowerState('warp')).toBeUndefined();
    expect(powerStateInfo(99)).toMatchObject({ name: 'unknown-99', requestable: false });
  });
});

describe('boot settings for the Put', () => {
  it('drops read-only fields, clears every flag and sets only the wanted one', () => {
    const current = instance('amt/boot/settingdata/get.xml', 'AMT_BootSettingData');
    const bios = bootSettingsFor({ ...current, UseSOL: 'true', LockKeyboard: 'true' }, 'bios');
    expect(bios.BIOSSetup).toBe('true');
    expect(bios.UseSOL).toBe('false');
    expect(bios.LockKeyboard).toBe('false');
    for (const ro of ['WinREBootEnabled', 'BootguardStatus', 'OptionsCleared', 'BIOSLastStatus', 'RPEEnabled'])
      expect(bios).not.toHaveProperty(ro);
    expect(bios.InstanceID).toBe('Intel(r) AMT:BootSettingData 0');
    expect(bootSettingsFor(current, 'pxe').BIOSSetup).toBe('false');
  });
});
