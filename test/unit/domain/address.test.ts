import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIpv4, isIpv6, validateAddress, formatHostForUrl, defaultAmtPort } from '../../../shared/domain/address';

describe('validateAddress', () => {
  it.each([
    ['192.168.1.10', 'ipv4', '192.168.1.10'],
    [' 10.0.0.1 ', 'ipv4', '10.0.0.1'],
    ['fe80::1', 'ipv6', 'fe80::1'],
    ['[2001:DB8::1]', 'ipv6', '2001:db8::1'],
    ['::ffff:10.0.0.1', 'ipv6', '::ffff:10.0.0.1'],
    ['AMT-PC1.corp.example.com', 'fqdn', 'amt-pc1.corp.example.com'],
    ['amt-pc1.example.com.', 'fqdn', 'amt-pc1.example.com'],
    ['nuc9', 'hostname', 'nuc9'],
  ])('accepts %s as %s', (text, kind, address) => {
    expect(validateAddress(text)).toEqual({ ok: true, kind, address });
  });

  it.each([
    ['', 'Enter an IP address'],
    ['256.1.1.1', 'not a valid IPv4'],
    ['10.0.0', 'not a valid IPv4'],
    ['010.0.0.1', 'not a valid IPv4'],
    ['1.2.3.4.5', 'not a valid IPv4'],
    ['https://pc1.example.com', 'without http'],
    ['pc1.example.com:16993', 'port field'],
    ['fe80::1%eth0', 'zone ids'],
    ['1::2::3', 'not a valid IPv6'],
    ['-pc.example.com', 'letters, digits'],
    ['pc_1.example.com', 'letters, digits'],
    ['a..b', 'empty part'],
    ['my pc', 'spaces'],
    [`${'a'.repeat(64)}.com`, 'longer than 63'],
  ])('rejects %j with a readable reason', (text, reason) => {
    const check = validateAddress(text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toContain(reason);
  });

  it('agrees with Node on IPv4 for any dotted quad', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 }), (parts) => {
        const text = parts.join('.');
        expect(isIpv4(text)).toBe(isIP(text) === 4);
      }),
    );
  });

  it('accepts every IPv6 address fast-check makes, as Node does', () => {
    fc.assert(
      fc.property(fc.ipV6(), (text) => {
        expect(isIP(text)).toBe(6);
        expect(isIpv6(text)).toBe(true);
      }),
    );
  });

  it('agrees with Node on mangled IPv6 text', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.nat(40), fc.constantFrom(':', '::', 'g', '.', '1'), (text, at, insert) => {
        const mangled = text.slice(0, at) + insert + text.slice(at);
        expect(isIpv6(mangled)).toBe(isIP(mangled) === 6);
      }),
      { numRuns: 500 },
    );
  });

  it('knows the AMT ports and URL brackets', () => {
    expect(defaultAmtPort('tls')).toBe(16993);
    expect(defaultAmtPort('plain')).toBe(16992);
    expect(formatHostForUrl('fd00::1')).toBe('[fd00::1]');
    expect(formatHostForUrl('10.0.0.1')).toBe('10.0.0.1');
  });
});
