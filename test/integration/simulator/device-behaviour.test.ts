// What a simulated device does: UUID byte order, power state table, the boot-to-BIOS/PXE
// sequence, user consent in client control mode, paged enumeration, and fleets.
import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';
import {
  AMT,
  CIM,
  IPS,
  call,
  enumerateBody,
  envelope,
  getBody,
  invokeBody,
  pullBody,
  valueOf,
  valuesOf,
  type Target,
} from './wsman-test-client';

let fleet: Fleet | null = null;

afterEach(async () => {
  await fleet?.close();
  fleet = null;
});

async function oneDevice(device: Parameters<typeof startFleet>[0]['device'] = {}): Promise<{ t: Target; f: Fleet }> {
  fleet = await startFleet({ devices: 1, portBase: 0, device });
  const d = fleet.devices[0];
  if (d === undefined) throw new Error('no device');
  return { t: { host: d.host, port: d.port, user: fleet.user, password: fleet.password }, f: fleet };
}

const BOOT_SETTING = `${AMT}AMT_BootSettingData`;
const pxeSource =
  '<h:Source><Address xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</Address>' +
  '<ReferenceParameters xmlns="http://schemas.xmlsoap.org/ws/2004/08/addressing"><ResourceURI xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">' +
  `${CIM}CIM_BootSourceSetting</ResourceURI><SelectorSet xmlns="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">` +
  '<Selector Name="InstanceID">Intel(r) AMT: Force PXE Boot</Selector></SelectorSet></ReferenceParameters></h:Source>';

function putBootSettings(t: Target, flags: Record<string, string>): ReturnType<typeof call> {
  const props = Object.entries(flags)
    .map(([k, v]) => `<h:${k}>${v}</h:${k}>`)
    .join('');
  return call(
    t,
    envelope(
      'http://schemas.xmlsoap.org/ws/2004/09/transfer/Put',
      BOOT_SETTING,
      '3',
      `<h:AMT_BootSettingData xmlns:h="${BOOT_SETTING}">${props}<h:InstanceID>Intel(r) AMT:BootSettingData 0</h:InstanceID></h:AMT_BootSettingData>`,
    ),
  );
}

describe('identity', () => {
  it('GetUuid and PlatformGUID use SMBIOS byte order (spec vector)', async () => {
    const { t } = await oneDevice({ uuid: '55e3ae13-bfd2-61bb-17a0-88aedd7037ea' });
    const uuid = await call(t, invokeBody(`${AMT}AMT_SetupAndConfigurationService`, 'GetUuid', '1'));
    expect(valueOf(uuid.body, 'UUID')).toBe('E67jVdK/u2EXoIiu3XA36g==');
    const pkg = await call(t, getBody(`${CIM}CIM_ComputerSystemPackage`, '2'));
    expect(valueOf(pkg.body, 'PlatformGUID')).toBe('13AEE355D2BFBB6117A088AEDD7037EA');
  });

  it('reports version, provisioning state and control mode as configured', async () => {
    const { t } = await oneDevice({ amtVersion: '11.8.50', build: '3425', provisioningState: 2, controlMode: 1 });
    const sw = await call(t, enumerateBody(`${CIM}CIM_SoftwareIdentity`, '1'));
    const items = await call(
      t,
      pullBody(`${CIM}CIM_SoftwareIdentity`, '2', valueOf(sw.body, 'EnumerationContext') ?? ''),
    );
    expect(valuesOf(items.body, 'VersionString')).toContain('11.8.50');
    expect(items.headers.get('server')).toBe('Intel(R) Active Management Technology 11.8.50.3425');
    const setup = await call(t, getBody(`${AMT}AMT_SetupAndConfigurationService`, '3'));
    expect(valueOf(setup.body, 'ProvisioningState')).toBe('2');
    expect(valueOf(setup.body, 'ProvisioningMode')).toBe('4');
  });
});

describe('power', () => {
  it('lists what may be requested from each state and refuses the rest with ReturnValue 2', async () => {
    const { t } = await oneDevice();
    const power = `${CIM}CIM_PowerManagementService`;
    const status = async (): Promise<[string | undefined, string[]]> => {
      const r = await call(t, getBody(`${CIM}CIM_AssociatedPowerManagementService`, 's'));
      return [valueOf(r.body, 'PowerState'), valuesOf(r.body, 'AvailableRequestedPowerStates')];
    };
    const request = async (s: number): Promise<string | undefined> =>
      valueOf(
        (await call(t, invokeBody(power, 'RequestPowerStateChange', 'p', `<h:PowerState>${s}</h:PowerState>`))).body,
        'ReturnValue',
      );

    expect(await status()).toEqual(['2', ['10', '8', '5', '11', '4', '7', '14', '12']]);
    expect(await request(4)).toBe('0');
    expect(await status()).toEqual(['4', ['8', '2', '5']]);
    expect(await request(10)).toBe('2');
    expect(await request(8)).toBe('0');
    expect(await status()).toEqual(['8', ['2']]);
    expect(await request(5)).toBe('2');
    expect(await request(2)).toBe('0');
    expect((await status())[0]).toBe('2');
  });
});

describe('boot options', () => {
  it('boot to PXE with BIOS setup: the next boot consumes the one-shot settings', async () => {
    const { t, f } = await oneDevice();
    const state = f.devices[0]?.state;
    const put = await putBootSettings(t, { BIOSSetup: 'true', UseSOL: 'false', WinREBootEnabled: 'false' });
    expect(put.status).toBe(200);
    expect(valueOf(put.body, 'Action')).toBe('http://schemas.xmlsoap.org/ws/2004/09/transfer/PutResponse');
    expect(valueOf(put.body, 'BIOSSetup')).toBe('true');
    // Read-only fields keep the firmware's value.
    expect(valueOf(put.body, 'WinREBootEnabled')).toBe('true');

    const role = await call(t, invokeBody(`${CIM}CIM_BootService`, 'SetBootConfigRole', '4', '<h:Role>1</h:Role>'));
    expect(valueOf(role.body, 'ReturnValue')).toBe('0');
    const order = await call(t, invokeBody(`${CIM}CIM_BootConfigSetting`, 'ChangeBootOrder', '5', pxeSource));
    expect(valueOf(order.body, 'ReturnValue')).toBe('0');
    expect(state?.bootSource).toBe('Intel(r) AMT: Force PXE Boot');

    const reset = await call(
      t,
      invokeBody(`${CIM}CIM_PowerManagementService`, 'RequestPowerStateChange', '6', '<h:PowerState>10</h:PowerState>'),
    );
    expect(valueOf(reset.body, 'ReturnValue')).toBe('0');
    expect(state?.lastBoot).toMatchObject({ via: 10, source: 'Intel(r) AMT: Force PXE Boot', biosSetup: true });
    const after = await call(t, getBody(BOOT_SETTING, '7'));
    expect(valueOf(after.body, 'BIOSSetup')).toBe('false');
    expect(state?.bootRole).toBe(32768);
  });

  it('rejects a Put with a value of the wrong type (wxf:InvalidRepresentation)', async () => {
    const { t } = await oneDevice();
    const r = await putBootSettings(t, { BIOSSetup: 'maybe' });
    expect(r.status).toBe(400);
    expect(r.body).toContain('<a:Value>d:InvalidRepresentation</a:Value>');
  });

  it('in client control mode, boot changes wait for user consent (StartOptIn, SendOptInCode)', async () => {
    const { t, f } = await oneDevice({ controlMode: 1 });
    const state = f.devices[0]?.state;
    const denied = await putBootSettings(t, { BIOSSetup: 'true' });
    expect(denied.status).toBe(400);
    expect(denied.body).toContain('<a:Value>e:AccessDenied</a:Value>');

    const optIn = `${IPS}IPS_OptInService`;
    expect(valueOf((await call(t, invokeBody(optIn, 'StartOptIn', '1'))).body, 'ReturnValue')).toBe('0');
    expect(valueOf((await call(t, getBody(optIn, '2'))).body, 'OptInState')).toBe('2');
    const wrong = state?.optIn.code === '000000' ? '111111' : '000000';
    const bad = await call(t, invokeBody(optIn, 'SendOptInCode', '3', `<h:OptInCode>${wrong}</h:OptInCode>`));
    expect(valueOf(bad.body, 'ReturnValue')).toBe('2');
    // The code is what the host's screen shows; the test reads it from the device.
    const good = await call(
      t,
      invokeBody(optIn, 'SendOptInCode', '4', `<h:OptInCode>${state?.optIn.code}</h:OptInCode>`),
    );
    expect(valueOf(good.body, 'ReturnValue')).toBe('0');
    expect(valueOf((await call(t, getBody(optIn, '5'))).body, 'OptInState')).toBe('3');
    expect((await putBootSettings(t, { BIOSSetup: 'true' })).status).toBe(200);
  });
});

describe('enumeration', () => {
  it('pages with MaxElements and hands back a context until EndOfSequence', async () => {
    const { t } = await oneDevice();
    const uri = `${CIM}CIM_SoftwareIdentity`;
    const ctx = valueOf((await call(t, enumerateBody(uri, '1'))).body, 'EnumerationContext') ?? '';
    expect(ctx).toMatch(/^[0-9A-F]{8}-0000-0000-0000-000000000000$/);
    const seen: string[] = [];
    let next: string | undefined = ctx;
    let pulls = 0;
    while (next !== undefined) {
      const r = await call(t, pullBody(uri, String(pulls), next, 4));
      seen.push(...valuesOf(r.body, 'InstanceID'));
      next = valueOf(r.body, 'EnumerationContext');
      pulls += 1;
      if (next === undefined) expect(r.body).toContain('<g:EndOfSequence></g:EndOfSequence>');
    }
    expect(pulls).toBe(3);
    expect(seen).toHaveLength(11);
    const stale = await call(t, pullBody(uri, '9', ctx, 4));
    expect(stale.status).toBe(400);
    expect(stale.body).toContain('<a:Value>c:InvalidEnumerationContext</a:Value>');
  });

  it('faults a multi-instance Get without selectors, and unknown methods', async () => {
    const { t } = await oneDevice();
    const r = await call(t, getBody(`${AMT}AMT_EthernetPortSettings`, '1'));
    expect(r.body).toContain('<a:Value>e:InvalidSelectors</a:Value>');
    const m = await call(t, invokeBody(`${CIM}CIM_PowerManagementService`, 'Explode', '2'));
    expect(m.body).toContain('<a:Value>b:ActionNotSupported</a:Value>');
  });
});

describe('fleets', () => {
  it('puts devices on consecutive 127.0.x.y addresses, each with its own state', async () => {
    fleet = await startFleet({ devices: 3, addressing: 'addresses', portBase: 0 });
    expect(fleet.devices.map((d) => d.host)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    const [a, b] = fleet.devices;
    if (a === undefined || b === undefined) throw new Error('missing devices');
    const tb: Target = { host: b.host, port: b.port, user: fleet.user, password: fleet.password };
    await call(
      tb,
      invokeBody(`${CIM}CIM_PowerManagementService`, 'RequestPowerStateChange', '1', '<h:PowerState>8</h:PowerState>'),
    );
    expect(b.state.powerState).toBe(8);
    expect(a.state.powerState).toBe(2);
    expect(new Set(fleet.devices.map((d) => d.uuid)).size).toBe(3);
    expect(new Set(fleet.devices.map((d) => d.state.digestRealm)).size).toBe(3);
  });

  it('runs 1,000 TLS devices in one process sharing one certificate', async () => {
    fleet = await startFleet({ devices: 1000, portBase: 0, tls: true });
    const fingerprints = new Set(fleet.devices.map((d) => d.fingerprint));
    expect(fingerprints.size).toBe(1);
    const last = fleet.devices[999];
    if (last === undefined || fleet.tlsIdentity === null) throw new Error('fleet incomplete');
    const t: Target = {
      host: last.host,
      port: last.port,
      user: fleet.user,
      password: fleet.password,
      ca: fleet.tlsIdentity.certPem,
    };
    const r = await call(t, getBody(`${AMT}AMT_GeneralSettings`, '1'), { tls: true });
    expect(r.status).toBe(200);
    expect(valueOf(r.body, 'HostName')).toBe('amt-sim-1000');
  });
});
