import { describe, expect, it } from 'vitest';
import {
  encodeSetupBin,
  validateSetupBinConfig,
  type SetupBinConfig,
  type SetupBinOptions,
} from '../../../shared/setupbin';
import { OutbandError } from '../../../shared/errors';

const base: SetupBinConfig = { currentMebxPassword: 'admin', newMebxPassword: 'P@ssw0rd!' };
const errors = (c: SetupBinConfig, o: SetupBinOptions = {}): string[] =>
  validateSetupBinConfig(c, o)
    .filter((i) => i.severity === 'error')
    .map((i) => `${i.field}: ${i.message}`);
const warnings = (c: SetupBinConfig, o: SetupBinOptions = {}): string[] =>
  validateSetupBinConfig(c, o)
    .filter((i) => i.severity === 'warning')
    .map((i) => i.code);

describe('validation messages', () => {
  it('accepts a typical ACM profile without issues', () => {
    const config: SetupBinConfig = {
      ...base,
      enableAmt: true,
      pkiDnsSuffix: 'corp.example.com',
      remoteConfiguration: true,
      certificateHashes: [{ name: 'Corp Root', algorithm: 'sha256', hash: '00'.repeat(32) }],
    };
    expect(validateSetupBinConfig(config)).toEqual([]);
  });

  it('requires the current password and a change away from "admin"', () => {
    expect(errors({ currentMebxPassword: '' })[0]).toMatch(/^currentMebxPassword: .*mandatory/);
    expect(errors({ currentMebxPassword: 'admin' })[0]).toMatch(/^newMebxPassword: .*factory default "admin"/);
    expect(errors({ currentMebxPassword: 'Old-Pass1' })).toEqual([]);
  });

  it('names the unmet strength rules of the new password', () => {
    const [msg] = errors({ currentMebxPassword: 'admin', newMebxPassword: 'password' });
    expect(msg).toMatch(/upper-case/);
    expect(msg).toMatch(/digit/);
    expect(msg).not.toMatch(/8 to 32/);
  });

  it('refuses by default what modern MEBx rejects, and says why', () => {
    expect(errors({ ...base, manualSetup: true }).join()).toMatch(/manual configuration unsupported/);
    expect(errors({ ...base, legacy: { pid: 'ABCD1234' } }, { version: '2' }).join()).toMatch(/TLS-PSK .* removed/);
    expect(errors({ ...base, legacy: { secureFwUpdate: true } }, { version: '2.1' }).join()).toMatch(/refused/);
    expect(() => encodeSetupBin({ ...base, manualSetup: true })).toThrow(OutbandError);
  });

  it('allows legacy variables only when targeting older firmware, as warnings', () => {
    const legacy: SetupBinOptions = { version: '2.1', target: 'legacy' };
    const config: SetupBinConfig = { ...base, legacy: { pid: 'ABCD1234', pps: 'A'.repeat(32), secureFwUpdate: false } };
    expect(errors(config, legacy)).toEqual([]);
    expect(warnings(config, legacy)).toContain('setupbin.legacy-variable');
    expect(encodeSetupBin(config, legacy).length).toBe(1024);
    // The ACU 12 manual-configuration key (§8 profile) needs the legacy target because of (2,29) = 1.
    const acu: SetupBinConfig = {
      ...base,
      powerPackage: '46732273-DC23-2F43-A98A-13D37982D855',
      dhcp: true,
      sharedFqdn: true,
      kvm: true,
      userConsent: 'none',
      remoteItConsent: true,
      manualSetup: true,
    };
    expect(() => encodeSetupBin(acu, { version: '4', scramble: true, reusable: true })).toThrow(
      /manual configuration unsupported/,
    );
    expect(encodeSetupBin(acu, { version: '4', scramble: true, reusable: true, target: 'legacy' }).length).toBe(1024);
  });

  it('checks what the file version can carry', () => {
    expect(errors({ ...base, kvm: true }, { version: '2.1' }).join()).toMatch(/KVM .* needs file version 3 or later/);
    expect(errors({ ...base, hostname: 'pc' }, { version: '2' }).join()).toMatch(/needs file version 2.1/);
    expect(
      errors(
        { ...base, certificateHashes: [{ name: 'x', algorithm: 'sha256', hash: '00'.repeat(32) }] },
        { version: '2.1' },
      ).join(),
    ).toMatch(/SHA256 hashes need file version 3/);
    expect(errors(base, { version: '3', scramble: true }).join()).toMatch(/only written in version 4/);
    expect(errors(base, { version: '1', reusable: true }).join()).toMatch(/always consumed/);
  });

  it('checks lengths, ranges and syntax with readable messages', () => {
    expect(errors({ ...base, hostname: '-bad-' })[0]).toMatch(/^hostname: .*one DNS label/);
    expect(errors({ ...base, hostname: 'a'.repeat(64) })[0]).toMatch(/^hostname/);
    expect(errors({ ...base, domain: 'exa mple.com' })[0]).toMatch(/^domain/);
    expect(
      errors({
        ...base,
        hostname: 'h'.repeat(60),
        domain: `${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}.${'d'.repeat(60)}`,
      })[0],
    ).toMatch(/255 characters/);
    expect(errors({ ...base, provisioningServer: 'rcs.example.com' })[0]).toMatch(/not an IPv4 or IPv6 address/);
    expect(errors({ ...base, provisioningServerPort: 70000 })[0]).toMatch(/1 to 65535/);
    expect(
      errors({
        ...base,
        staticIpv4: { address: '10.0.0.300', mask: '255.0.255.0', gateway: '10.0.0.1', primaryDns: '10.0.0.1' },
      }),
    ).toHaveLength(2);
    expect(
      errors({
        ...base,
        dhcp: true,
        staticIpv4: { address: '10.0.0.3', mask: '255.255.0.0', gateway: '10.0.0.1', primaryDns: '10.0.0.1' },
      })[0],
    ).toMatch(/^dhcp: /);
    expect(errors({ ...base, solIder: 9 })[0]).toMatch(/bitmask from 0 to 7/);
    expect(warnings({ ...base, solIder: 7 })).toContain('setupbin.sol-auth-deprecated');
    expect(errors({ ...base, idleTimeout: 70000 })[0]).toMatch(/65535/);
    expect(errors({ ...base, powerPackage: 'not-a-guid' })[0]).toMatch(/not a GUID/);
    expect(warnings({ ...base, dynamicDnsUpdate: true })).toContain('setupbin.ignored');
  });

  it('checks certificate hashes: count, length, name', () => {
    const h = { name: 'Root', algorithm: 'sha1' as const, hash: '11'.repeat(20) };
    expect(errors({ ...base, certificateHashes: [h, h, h, h] })[0]).toMatch(/At most 3/);
    expect(errors({ ...base, certificateHashes: [{ ...h, hash: '11'.repeat(19) }] })[0]).toMatch(
      /SHA1 hash is 20 bytes/,
    );
    expect(errors({ ...base, certificateHashes: [{ ...h, name: 'n'.repeat(32) }] })[0]).toMatch(/1 to 31 ASCII/);
  });

  it('refuses entries that do not fit in one 512-byte record', () => {
    const big: SetupBinConfig = {
      ...base,
      pkiDnsSuffix: `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.com`,
      fqdn: `${'f'.repeat(60)}.${'g'.repeat(60)}.example.com`,
      certificateHashes: [1, 2, 3].map((i) => ({
        name: `Root ${i}`.padEnd(31, 'x'),
        algorithm: 'sha384' as const,
        hash: '22'.repeat(48),
      })),
    };
    expect(errors(big).join()).toMatch(/need \d+ bytes but a record holds 488/);
    expect(errors(big, { chunksPerRecord: 2 })).toEqual([]);
  });

  it('throws one OutbandError that lists every issue in details', () => {
    try {
      encodeSetupBin({ currentMebxPassword: '', hostname: '-' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(OutbandError);
      const e = err as OutbandError;
      expect(e.code).toBe('setupbin.invalid');
      expect(e.message).toMatch(/and \d+ more problem/);
      expect((e.details?.issues as unknown[]).length).toBeGreaterThan(1);
    }
  });

  it('encodes one record per config and names the record that fails', () => {
    const bytes = encodeSetupBin([
      { ...base, hostname: 'pc1' },
      { ...base, hostname: 'pc2' },
    ]);
    expect(bytes.length).toBe(1536);
    expect(() =>
      encodeSetupBin([
        { ...base, hostname: 'pc1' },
        { ...base, hostname: 'bad_name' },
      ]),
    ).toThrow(/^Record 2: /);
  });
});
