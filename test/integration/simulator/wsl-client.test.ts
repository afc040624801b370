// Proves the simulator speaks standard WS-Man: Debian's `wsl` client (curl + xmllint underneath)
// identifies, gets, enumerates and invokes against it, over plain HTTP and over TLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { WslSandbox } from './wsl-runner';

const AMT_GENERAL = 'http://intel.com/wbem/wscim/1/amt-schema/1/AMT_GeneralSettings';

describe.each([
  { name: 'plain HTTP', tls: false },
  { name: 'TLS (curl --cacert with the device certificate)', tls: true },
])('wsl against the simulator over $name', ({ tls }) => {
  let fleet: Fleet;
  let wsl: WslSandbox;

  beforeAll(async () => {
    fleet = await startFleet({ devices: 1, portBase: 0, tls, seed: 42 });
    const d = fleet.devices[0];
    if (d === undefined) throw new Error('no device');
    const identity = fleet.tlsIdentity === null ? null : { certPem: fleet.tlsIdentity.certPem };
    wsl = new WslSandbox(`${d.host}:${d.port}`, fleet.user, fleet.password, identity);
  });

  afterAll(async () => {
    wsl.dispose();
    await fleet.close();
  });

  it('identify answers without credentials', async () => {
    const r = await wsl.run(['identify', 'check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<b:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd</b:ProtocolVersion>');
    expect(r.stdout).toContain('<b:ProductVersion>AMT 16.1</b:ProductVersion>');
    expect(fleet.devices[0]?.sim.stats.unauthorized).toBe(0);
  });

  it('get AMT_GeneralSettings returns the device realm and host name, RelatesTo echoing wsl MessageID', async () => {
    // wsl's exit status checks the reply for the selector it sent, so address the instance.
    const r = await wsl.run(['get', AMT_GENERAL, 'InstanceID=Intel(r) AMT: General Settings']);
    const state = fleet.devices[0]?.state;
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`<g:DigestRealm>${state?.digestRealm}</g:DigestRealm>`);
    expect(r.stdout).toContain(`<g:HostName>${state?.hostname}</g:HostName>`);
    expect(r.stdout).toMatch(/<b:RelatesTo>[0-9a-f-]{36}<\/b:RelatesTo>/);
    expect(r.stdout).toMatch(/<b:MessageID>uuid:00000000-8086-8086-8086-[0-9A-F]{12}<\/b:MessageID>/);
  });

  it('get of a CIM class with a selector returns that instance', async () => {
    const r = await wsl.run(['get', 'CIM_Chassis', 'CreationClassName=CIM_Chassis', 'Tag=CIM_Chassis']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`<g:SerialNumber>${fleet.devices[0]?.state.serialNumber}</g:SerialNumber>`);
  });

  it('enumerate CIM_SoftwareIdentity lists the 11 firmware components (Enumerate, then Pull)', async () => {
    const r = await wsl.run(['enum', 'CIM_SoftwareIdentity']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('EnumerateResponse');
    expect(r.stdout).toContain('<g:EndOfSequence/>');
    expect(r.stdout.match(/<h:CIM_SoftwareIdentity>/g)).toHaveLength(11);
    expect(r.stdout).toContain('<h:InstanceID>AMT FW Core Version</h:InstanceID>');
  });

  it('invoke RequestPowerStateChange follows the power state machine', async () => {
    const state = fleet.devices[0]?.state;
    if (state === undefined) throw new Error('no device');
    state.powerState = 2;
    const off = await wsl.run(['invoke', 'CIM_PowerManagementService', 'RequestPowerStateChange', 'PowerState=8']);
    expect(off.code).toBe(0);
    expect(off.stdout).toContain('RequestPowerStateChangeResponse');
    expect(off.stdout).toContain('<g:ReturnValue>0</g:ReturnValue>');
    expect(state.powerState).toBe(8);

    const status = await wsl.run(['enum', 'CIM_AssociatedPowerManagementService']);
    expect(status.stdout).toContain('<h:PowerState>8</h:PowerState>');
    expect(status.stdout.match(/<h:AvailableRequestedPowerStates>(\d+)</g)).toEqual([
      '<h:AvailableRequestedPowerStates>2<',
    ]);

    // A reset is not available while off: firmware answers ReturnValue 2.
    const reset = await wsl.run(['invoke', 'CIM_PowerManagementService', 'RequestPowerStateChange', 'PowerState=10']);
    expect(reset.stdout).toContain('<g:ReturnValue>2</g:ReturnValue>');
    expect(state.powerState).toBe(8);

    const on = await wsl.run(['invoke', 'CIM_PowerManagementService', 'RequestPowerStateChange', 'PowerState=2']);
    expect(on.stdout).toContain('<g:ReturnValue>0</g:ReturnValue>');
    expect(state.powerState).toBe(2);
  });

  it('a class the firmware does not have comes back as a DestinationUnreachable fault', async () => {
    // wsl maps bare non-CIM class names to the Dell schema, which AMT does not serve.
    const r = await wsl.run(['get', 'AMT_GeneralSettings']);
    expect(r.stdout).toContain('<a:Value>b:DestinationUnreachable</a:Value>');
    expect(r.stdout).toContain('http://schemas.xmlsoap.org/ws/2004/08/addressing/fault');
  });
});
