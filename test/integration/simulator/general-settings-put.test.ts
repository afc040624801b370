// A Put of AMT_GeneralSettings (provisioning sets host and domain name) as clients send it:
// the whole instance back, with the names changed; bad names are refused as firmware does.
import { AMT as Messages } from '@device-management-toolkit/wsman-messages';
import { afterEach, describe, expect, it } from 'vitest';
import { startFleet, type Fleet } from '../../../electron/simulator';
import { AMT, call, getBody, valueOf } from './wsman-test-client';

let fleet: Fleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

describe('AMT_GeneralSettings Put', () => {
  it('takes HostName and DomainName, echoes the instance, and refuses a bad name', async () => {
    fleet = await startFleet({ devices: 1, portBase: 0 });
    const d = fleet.devices[0]!;
    const target = { host: d.host, port: d.port, user: fleet.user, password: fleet.password };
    const before = await call(target, getBody(`${AMT}AMT_GeneralSettings`, '1'));
    expect(valueOf(before.body, 'HostName')).toBe('amt-sim-0001');
    const put = (host: string) =>
      new Messages.Messages().GeneralSettings.Put({
        InstanceID: 'Intel(r) AMT: General Settings',
        ElementName: 'Intel(r) AMT: General Settings',
        HostName: host,
        DomainName: 'example.test',
        DigestRealm: d.state.digestRealm,
      } as unknown as Parameters<Messages.Messages['GeneralSettings']['Put']>[0]);
    const ok = await call(target, put('desk-01'));
    expect(ok.status).toBe(200);
    expect(valueOf(ok.body, 'HostName')).toBe('desk-01');
    expect(valueOf(ok.body, 'DomainName')).toBe('example.test');
    expect(d.state.hostname).toBe('desk-01');
    const bad = await call(target, put('not a host'));
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('InvalidRepresentation');
    expect(d.state.hostname).toBe('desk-01');
  });
});
