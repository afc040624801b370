// Every captured AMT reply in ../shared/fixtures/wsman/captured parses into the typed result it stands for.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  boolProp,
  eprProp,
  expectMethodSuccess,
  intListProp,
  intProp,
  itemsOfClass,
  parseResponse,
  readEnumerationPage,
  readInstance,
  readMethodOutput,
  textProp,
  uint64Prop,
  type WsmanObject,
} from '../../../electron/wsman';
import { CAPTURED } from './helpers/fixtures';
import { errorOf } from '../../support/errors';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const load = (rel: string) => parseResponse(readFileSync(join(CAPTURED, rel), 'utf8'));

/** The class of the instance each Get/Put/Pull file holds, and the method of each method reply. */
const INSTANCES: Record<string, string> = {
  'amt/boot/capabilities/get.xml': 'AMT_BootCapabilities',
  'amt/boot/settingdata/get.xml': 'AMT_BootSettingData',
  'amt/boot/settingdata/put.xml': 'AMT_BootSettingData',
  'amt/ethernetport/get.xml': 'AMT_EthernetPortSettings',
  'amt/general/get.xml': 'AMT_GeneralSettings',
  'amt/redirectionservice/get.xml': 'AMT_RedirectionService',
  'amt/setupandconfiguration/get.xml': 'AMT_SetupAndConfigurationService',
  'amt/tls/settingdata/put.xml': 'AMT_TLSSettingData',
  'cim/associatedpower/managementservice/get.xml': 'CIM_AssociatedPowerManagementService',
  'cim/bios/element/get.xml': 'CIM_BIOSElement',
  'cim/chassis/get.xml': 'CIM_Chassis',
  'cim/computer/systempackage/get.xml': 'CIM_ComputerSystemPackage',
  'cim/kvm/get.xml': 'CIM_KVMRedirectionSAP',
  'cim/physical/processor/get.xml': 'CIM_Processor',
  'cim/power/managementservice/get.xml': 'CIM_PowerManagementService',
  'ips/hostbasedsetup/get.xml': 'IPS_HostBasedSetupService',
  'ips/optin/get.xml': 'IPS_OptInService',
};
const PULLS: Record<string, [string, number]> = {
  'amt/ethernetport/pull.xml': ['AMT_EthernetPortSettings', 2],
  'amt/publickey/certificate/pull.xml': ['AMT_PublicKeyCertificate', 3],
  'amt/setupandconfiguration/pull.xml': ['AMT_SetupAndConfigurationService', 1],
  'amt/tls/settingdata/pull.xml': ['AMT_TLSSettingData', 2],
  'cim/associatedpower/managementservice/pull.xml': ['CIM_AssociatedPowerManagementService', 1],
  'cim/boot/sourcesetting/pull.xml': ['CIM_BootSourceSetting', 3],
  'cim/physical/memory/pull.xml': ['CIM_PhysicalMemory', 2],
  'cim/physical/processor/pull.xml': ['CIM_Processor', 1],
  'cim/software/identity/pull.xml': ['CIM_SoftwareIdentity', 11],
  'ips/alarmclock/pull.xml': ['IPS_AlarmClockOccurrence', 1],
};
/** Class, method and the ReturnValue the capture holds (the opt-in captures hold 2, INVALID_STATE). */
const METHODS: Record<string, [string, string, number | undefined]> = {
  'amt/alarmclock/addalarm.xml': ['AMT_AlarmClockService', 'AddAlarm', 0],
  'amt/auditlog/readrecords.xml': ['AMT_AuditLog', 'ReadRecords', 0],
  'amt/authorization/setadminaclentryex.xml': ['AMT_AuthorizationService', 'SetAdminAclEntryEx', 0],
  'amt/messagelog/getrecords.xml': ['AMT_MessageLog', 'GetRecords', 0],
  'amt/messagelog/positiontofirstrecord.xml': ['AMT_MessageLog', 'PositionToFirstRecord', 0],
  'amt/publickey/management/addcertificate.xml': ['AMT_PublicKeyManagementService', 'AddCertificate', 0],
  'amt/publickey/management/addkey.xml': ['AMT_PublicKeyManagementService', 'AddKey', 0],
  'amt/publickey/management/addtrustedrootcertificate.xml': [
    'AMT_PublicKeyManagementService',
    'AddTrustedRootCertificate',
    0,
  ],
  'amt/publickey/management/generatekeypair.xml': ['AMT_PublicKeyManagementService', 'GenerateKeyPair', 0],
  'amt/redirectionservice/requeststatechange.xml': ['AMT_RedirectionService', 'RequestStateChange', 0],
  'amt/setupandconfiguration/commitchanges.xml': ['AMT_SetupAndConfigurationService', 'CommitChanges', 0],
  'amt/setupandconfiguration/getuuid.xml': ['AMT_SetupAndConfigurationService', 'GetUuid', undefined],
  'amt/setupandconfiguration/setmebxpassword.xml': ['AMT_SetupAndConfigurationService', 'SetMEBxPassword', 0],
  'amt/setupandconfiguration/unprovision.xml': ['AMT_SetupAndConfigurationService', 'Unprovision', 0],
  'amt/timesynchronization/getlowaccuracytimesynch.xml': [
    'AMT_TimeSynchronizationService',
    'GetLowAccuracyTimeSynch',
    0,
  ],
  'amt/timesynchronization/sethighaccuracytimesynch.xml': [
    'AMT_TimeSynchronizationService',
    'SetHighAccuracyTimeSynch',
    0,
  ],
  'cim/boot/configsetting/changebootorder.xml': ['CIM_BootConfigSetting', 'ChangeBootOrder', 0],
  'cim/boot/service/setbootconfigrole.xml': ['CIM_BootService', 'SetBootConfigRole', 0],
  'cim/power/managementservice/requestpowerstatechange.xml': [
    'CIM_PowerManagementService',
    'RequestPowerStateChange',
    0,
  ],
  'ips/hostbasedsetup/addnextcertinchain.xml': ['IPS_HostBasedSetupService', 'AddNextCertInChain', 0],
  'ips/hostbasedsetup/adminsetup.xml': ['IPS_HostBasedSetupService', 'AdminSetup', 0],
  'ips/hostbasedsetup/setup.xml': ['IPS_HostBasedSetupService', 'Setup', 0],
  'ips/hostbasedsetup/upgradeclienttoadmin.xml': ['IPS_HostBasedSetupService', 'UpgradeClientToAdmin', 0],
  'ips/optin/canceloptin.xml': ['IPS_OptInService', 'CancelOptIn', 2],
  'ips/optin/sendoptincode.xml': ['IPS_OptInService', 'SendOptInCode', 2],
  'ips/optin/startoptin.xml': ['IPS_OptInService', 'StartOptIn', 2],
};
const ENUMERATES = [
  'amt/ethernetport/enumerate.xml',
  'amt/general/enumerate.xml',
  'amt/setupandconfiguration/enumerate.xml',
  'cim/associatedpower/managementservice/enumerate.xml',
  'cim/physical/memory/enumerate.xml',
  'cim/software/identity/enumerate.xml',
];

describe('captured AMT replies', () => {
  const files = walk(CAPTURED)
    .map((f) => relative(CAPTURED, f).split('\\').join('/'))
    .sort();

  it('every captured file is covered by exactly one table', () => {
    const covered = [...Object.keys(INSTANCES), ...Object.keys(PULLS), ...Object.keys(METHODS), ...ENUMERATES].sort();
    expect(covered).toEqual(files);
  });

  it.each(Object.entries(INSTANCES))('%s is a %s instance', (file, cls) => {
    const obj = readInstance(load(file), cls);
    expect(Object.keys(obj).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(PULLS))('%s holds its items and ends the sequence', (file, [cls, count]) => {
    const page = readEnumerationPage(load(file));
    expect(page.endOfSequence).toBe(true);
    expect(itemsOfClass(page.items, cls)).toHaveLength(count);
  });

  it.each(Object.entries(METHODS))('%s is a %s output with its ReturnValue', (file, [cls, method, rv]) => {
    const out = readMethodOutput(load(file), cls, method);
    expect(out.returnValue).toBe(rv);
    if (rv !== undefined && rv !== 0) {
      const err = errorOf(() => expectMethodSuccess(load(file), cls, method));
      expect(err.code).toBe('amt.invalid-state');
      expect(err.details).toMatchObject({ method, returnValue: rv, returnName: 'INVALID_STATE' });
    } else {
      expect(expectMethodSuccess(load(file), cls, method).output).toBeTypeOf('object');
    }
  });

  it.each(ENUMERATES)('%s returns an enumeration context', (file) => {
    const page = readEnumerationPage(load(file));
    expect(page.context).toMatch(/^[0-9A-F]+-0000-0000-0000-000000000000$/);
    expect(page.endOfSequence).toBe(false);
  });
});

describe('values in captured replies', () => {
  it('keeps repeated AvailableRequestedPowerStates as a list, in order', () => {
    const o = readInstance(
      load('cim/associatedpower/managementservice/get.xml'),
      'CIM_AssociatedPowerManagementService',
    );
    expect(intProp(o, 'PowerState')).toBe(2);
    expect(intListProp(o, 'AvailableRequestedPowerStates')).toEqual([10, 8, 5, 11, 4, 7, 14, 12]);
    const service = eprProp(o, 'ServiceProvided');
    expect(service?.resourceUri).toBe('http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_PowerManagementService');
    expect(service?.selectors.Name).toBe('Intel(r) AMT Power Management Service');
  });

  it('unwraps the CIM datetime of the BIOS release date', () => {
    const o = readInstance(load('cim/bios/element/get.xml'), 'CIM_BIOSElement');
    expect(textProp(o, 'ReleaseDate')).toBe('2020-08-10T00:00:00Z');
    expect(boolProp(o, 'PrimaryBIOS')).toBe(true);
  });

  it('keeps uint64 memory capacity exact and text values untrimmed', () => {
    const items = itemsOfClass(readEnumerationPage(load('cim/physical/memory/pull.xml')).items, 'CIM_PhysicalMemory');
    expect(items.map((i: WsmanObject) => uint64Prop(i, 'Capacity'))).toEqual(['17179869184', '17179869184']);
    expect(textProp(items[0], 'PartNumber')).toBe('CT16G4SFD824A.M16FE ');
  });

  it('reads the UUID output even where the real reply used the default namespace', () => {
    const out = readMethodOutput(
      load('amt/setupandconfiguration/getuuid.xml'),
      'AMT_SetupAndConfigurationService',
      'GetUuid',
    );
    expect(textProp(out.output, 'UUID')).toBe('E67jVdK/u2EXoIiu3XA36g==');
  });

  it('reads header fields by namespace, trimming the wrapped Action', () => {
    const r = load('amt/authorization/setadminaclentryex.xml');
    expect(r.action).toBe(
      'http://intel.com/wbem/wscim/1/amt-schema/1/AMT_AuthorizationService/SetAdminAclEntryExResponse',
    );
    expect(r.messageId).toBe('uuid:00000000-8086-8086-8086-0000000002E5');
    expect(r.relatesTo).toBe('2');
  });
});
