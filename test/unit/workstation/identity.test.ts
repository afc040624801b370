import { describe, expect, it } from 'vitest';
import { networkInterfaces, hostname } from 'node:os';
import { isThisWorkstation, localIdentity, type WorkstationIdentity } from '../../../electron/workstation/identity';

const me: WorkstationIdentity = {
  hostNames: ['tech-laptop.example.lan', 'tech-laptop'],
  addresses: ['10.1.2.3', 'fe80::1'],
  uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32',
};

describe('workstation identity', () => {
  it('recognises this workstation by SMBIOS UUID regardless of case', () => {
    expect(isThisWorkstation({ address: 'amt-99.example.lan', uuid: '4C4C4544-0042-3510-8052-B4C04F4E4D32' }, me)).toBe(
      true,
    );
  });

  it('recognises it by address and by host name, short or fully qualified', () => {
    expect(isThisWorkstation({ address: '10.1.2.3' }, me)).toBe(true);
    expect(isThisWorkstation({ address: '[fe80::1]' }, me)).toBe(true);
    expect(isThisWorkstation({ address: 'TECH-LAPTOP.example.lan' }, me)).toBe(true);
    expect(isThisWorkstation({ address: '10.9.9.9', hostName: 'tech-laptop' }, me)).toBe(true);
  });

  it('does not mistake other devices for it', () => {
    expect(isThisWorkstation({ address: '10.1.2.4', uuid: '00000000-0000-0000-0000-000000000001' }, me)).toBe(false);
    expect(isThisWorkstation({ address: 'tech-laptop2.example.lan' }, me)).toBe(false);
  });

  it('reads the real host name and external addresses of this machine', async () => {
    const identity = await localIdentity();
    expect(identity.hostNames).toContain(hostname().toLowerCase());
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal)
      .map((a) => a!.address.toLowerCase());
    for (const a of external) expect(identity.addresses).toContain(a.replace(/%.*$/, ''));
    expect(identity.addresses).not.toContain('127.0.0.1');
  });
});
