// Every reply type the simulator produces has the structure of the captured firmware reply:
// same namespace declarations (prefix and URI), same header elements, same body elements and
// element order. Values may differ (they describe another machine).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';
import {
  AMT,
  CIM,
  IPS,
  call,
  enumerateBody,
  getBody,
  invokeBody,
  pullBody,
  valueOf,
  type RawResponse,
  type Target,
} from './wsman-test-client';
import { shapeOf } from './xml-shape';

const CAPTURED = '/work/shared/fixtures/wsman/captured';

interface Case {
  readonly fixture: string;
  readonly send: (t: Target, id: string) => Promise<RawResponse>;
  /** Local names allowed to differ (the fixtures come from several machines). */
  readonly ignore?: readonly string[];
  /** The fixture's header was edited by hand (see the fixtures README); compare the body only. */
  readonly editedHeader?: boolean;
}

const get =
  (uri: string, sel: Record<string, string> = {}) =>
  (t: Target, id: string) =>
    call(t, getBody(uri, id, sel));
const enumerate = (uri: string) => (t: Target, id: string) => call(t, enumerateBody(uri, id));
const pull = (uri: string) => async (t: Target, id: string) => {
  const ctx = valueOf((await call(t, enumerateBody(uri, `${id}0`))).body, 'EnumerationContext') ?? '';
  return call(t, pullBody(uri, id, ctx));
};
const invoke =
  (uri: string, method: string, inner = '') =>
  (t: Target, id: string) =>
    call(t, invokeBody(uri, method, id, inner));

const CASES: Case[] = [
  { fixture: 'amt/general/get.xml', send: get(`${AMT}AMT_GeneralSettings`) },
  { fixture: 'amt/general/enumerate.xml', send: enumerate(`${AMT}AMT_GeneralSettings`) },
  { fixture: 'amt/setupandconfiguration/get.xml', send: get(`${AMT}AMT_SetupAndConfigurationService`) },
  { fixture: 'amt/setupandconfiguration/enumerate.xml', send: enumerate(`${AMT}AMT_SetupAndConfigurationService`) },
  { fixture: 'amt/setupandconfiguration/pull.xml', send: pull(`${AMT}AMT_SetupAndConfigurationService`) },
  { fixture: 'amt/boot/capabilities/get.xml', send: get(`${AMT}AMT_BootCapabilities`) },
  { fixture: 'amt/boot/settingdata/get.xml', send: get(`${AMT}AMT_BootSettingData`) },
  {
    fixture: 'amt/ethernetport/get.xml',
    send: get(`${AMT}AMT_EthernetPortSettings`, { InstanceID: 'Intel(r) AMT Ethernet Port Settings 0' }),
    ignore: ['IPAddress'],
  },
  { fixture: 'amt/ethernetport/enumerate.xml', send: enumerate(`${AMT}AMT_EthernetPortSettings`) },
  {
    fixture: 'amt/ethernetport/pull.xml',
    send: pull(`${AMT}AMT_EthernetPortSettings`),
    ignore: ['IPAddress', 'SecondaryDNS'],
  },
  { fixture: 'amt/redirectionservice/get.xml', send: get(`${AMT}AMT_RedirectionService`) },
  {
    fixture: 'amt/redirectionservice/requeststatechange.xml',
    send: invoke(`${AMT}AMT_RedirectionService`, 'RequestStateChange', '<h:RequestedState>32771</h:RequestedState>'),
  },
  {
    fixture: 'amt/timesynchronization/getlowaccuracytimesynch.xml',
    send: invoke(`${AMT}AMT_TimeSynchronizationService`, 'GetLowAccuracyTimeSynch'),
  },
  { fixture: 'cim/associatedpower/managementservice/get.xml', send: get(`${CIM}CIM_AssociatedPowerManagementService`) },
  {
    fixture: 'cim/associatedpower/managementservice/enumerate.xml',
    send: enumerate(`${CIM}CIM_AssociatedPowerManagementService`),
  },
  {
    fixture: 'cim/associatedpower/managementservice/pull.xml',
    send: pull(`${CIM}CIM_AssociatedPowerManagementService`),
  },
  { fixture: 'cim/bios/element/get.xml', send: get(`${CIM}CIM_BIOSElement`) },
  { fixture: 'cim/chassis/get.xml', send: get(`${CIM}CIM_Chassis`) },
  { fixture: 'cim/computer/systempackage/get.xml', send: get(`${CIM}CIM_ComputerSystemPackage`) },
  { fixture: 'cim/kvm/get.xml', send: get(`${CIM}CIM_KVMRedirectionSAP`) },
  { fixture: 'cim/physical/memory/enumerate.xml', send: enumerate(`${CIM}CIM_PhysicalMemory`) },
  { fixture: 'cim/physical/memory/pull.xml', send: pull(`${CIM}CIM_PhysicalMemory`) },
  { fixture: 'cim/physical/processor/get.xml', send: get(`${CIM}CIM_Processor`) },
  { fixture: 'cim/physical/processor/pull.xml', send: pull(`${CIM}CIM_Processor`) },
  { fixture: 'cim/power/managementservice/get.xml', send: get(`${CIM}CIM_PowerManagementService`) },
  {
    fixture: 'cim/power/managementservice/requestpowerstatechange.xml',
    send: invoke(`${CIM}CIM_PowerManagementService`, 'RequestPowerStateChange', '<h:PowerState>10</h:PowerState>'),
  },
  { fixture: 'cim/software/identity/enumerate.xml', send: enumerate(`${CIM}CIM_SoftwareIdentity`) },
  { fixture: 'cim/software/identity/pull.xml', send: pull(`${CIM}CIM_SoftwareIdentity`) },
  { fixture: 'cim/boot/sourcesetting/pull.xml', send: pull(`${CIM}CIM_BootSourceSetting`) },
  {
    fixture: 'cim/boot/configsetting/changebootorder.xml',
    send: invoke(`${CIM}CIM_BootConfigSetting`, 'ChangeBootOrder'),
  },
  {
    fixture: 'cim/boot/service/setbootconfigrole.xml',
    send: invoke(`${CIM}CIM_BootService`, 'SetBootConfigRole', '<h:Role>32768</h:Role>'),
    editedHeader: true,
  },
  { fixture: 'ips/optin/get.xml', send: get(`${IPS}IPS_OptInService`) },
  { fixture: 'ips/optin/canceloptin.xml', send: invoke(`${IPS}IPS_OptInService`, 'CancelOptIn') },
  { fixture: 'ips/optin/startoptin.xml', send: invoke(`${IPS}IPS_OptInService`, 'StartOptIn') },
  {
    fixture: 'ips/optin/sendoptincode.xml',
    send: invoke(`${IPS}IPS_OptInService`, 'SendOptInCode', '<h:OptInCode>000000</h:OptInCode>'),
  },
  { fixture: 'ips/hostbasedsetup/get.xml', send: get(`${IPS}IPS_HostBasedSetupService`) },
];

function withoutIgnored(lines: string[], ignore: readonly string[]): string[] {
  return lines.filter((l) => !ignore.some((name) => l.includes(`:${name}{`)));
}

let fleet: Fleet;
let target: Target;

beforeAll(async () => {
  fleet = await startFleet({ devices: 1, portBase: 0, seed: 3 });
  const d = fleet.devices[0];
  if (d === undefined) throw new Error('no device');
  target = { host: d.host, port: d.port, user: fleet.user, password: fleet.password };
});

afterAll(async () => {
  await fleet.close();
});

describe('reply structure equals the captured firmware reply', () => {
  it.each(CASES)('$fixture', async (c) => {
    const expected = shapeOf(readFileSync(join(CAPTURED, c.fixture), 'utf8'));
    const reply = await c.send(target, '42');
    expect(reply.status).toBe(200);
    const actual = shapeOf(reply.body);
    const ignore = c.ignore ?? [];
    expect(actual.declarations).toEqual(expected.declarations);
    if (c.editedHeader !== true) expect(actual.header).toEqual(expected.header);
    expect(withoutIgnored(actual.body, ignore)).toEqual(withoutIgnored(expected.body, ignore));
    expect(valueOf(reply.body, 'RelatesTo')).toBe('42');
    expect(valueOf(reply.body, 'MessageID')).toMatch(/^uuid:00000000-8086-8086-8086-[0-9A-F]{12}$/);
    const expectedAction = valueOf(readFileSync(join(CAPTURED, c.fixture), 'utf8').replace(/>\s+/g, '>'), 'Action');
    if (c.editedHeader !== true) expect(valueOf(reply.body, 'Action')).toBe(expectedAction?.trim());
  });

  it('GetUuid puts UUID and ReturnValue in the class namespace (the fixture header and body were edited)', async () => {
    const reply = await call(target, invokeBody(`${AMT}AMT_SetupAndConfigurationService`, 'GetUuid', '5'));
    const shape = shapeOf(reply.body);
    const ns = `${AMT}AMT_SetupAndConfigurationService`;
    expect(shape.body).toEqual([`1 g:GetUuid_OUTPUT{${ns}}`, `2 g:UUID{${ns}}`, `2 g:ReturnValue{${ns}}`]);
    expect(valueOf(reply.body, 'Action')).toBe(`${ns}/GetUuidResponse`);
  });

  it('faults use the firmware fault prefix assignment', async () => {
    const reply = await call(target, getBody(`${AMT}AMT_NoSuchClass`, '31'));
    expect(reply.status).toBe(400);
    expect(reply.headers.get('connection')).toBe('close');
    const shape = shapeOf(reply.body);
    expect(shape.declarations.map(([p]) => p)).toEqual(['g', 'f', 'e', 'd', 'c', 'b', 'a', 'h', 'i', 'xsi']);
    expect(Object.fromEntries(shape.declarations)).toMatchObject({
      a: 'http://www.w3.org/2003/05/soap-envelope',
      b: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
      c: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
      d: 'http://schemas.xmlsoap.org/ws/2004/09/transfer',
      e: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
      g: 'http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd',
    });
    expect(shape.header.map((l) => l.split('{')[0])).toEqual([
      '1 b:To',
      '1 b:RelatesTo',
      '1 b:Action',
      '1 b:MessageID',
    ]);
    expect(reply.body).toContain('<a:Subcode><a:Value>b:DestinationUnreachable</a:Value></a:Subcode>');
    expect(valueOf(reply.body, 'RelatesTo')).toBe('31');
  });
});
