import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeSetupBin,
  encodeSetupBin,
  entriesToConfig,
  validateSetupBinConfig,
  type SetupBinConfig,
  type SetupBinOptions,
} from '../../../shared/setupbin';
import { bytesToGuid, formatIpv6, parseIpv6 } from '../../../shared/setupbin/bytes';

const bytes = (n: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ minLength: n, maxLength: n });
const hexOf = (n: number): fc.Arbitrary<string> =>
  bytes(n).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const ipv6 = bytes(16).map(formatIpv6);
const mask = fc.integer({ min: 1, max: 32 }).map((p) => {
  const m = p === 32 ? 0xffffffff : ~(0xffffffff >>> p) >>> 0;
  return [m >>> 24, (m >>> 16) & 255, (m >>> 8) & 255, m & 255].join('.');
});
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,14}[a-z0-9])?$/);
const dnsName = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => l.join('.'));
const printable = fc.string({
  unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 32,
});
const strongPassword = fc
  .string({ unit: fc.constantFrom(...'abcXYZ019!@#$%^*_-+='.split('')), minLength: 4, maxLength: 28 })
  .map((s) => `Aa1!${s}`);
const certHash = fc.oneof(
  fc.record({ name: label, algorithm: fc.constant('sha1' as const), hash: hexOf(20) }),
  fc.record({ name: label, algorithm: fc.constant('sha256' as const), hash: hexOf(32) }),
  fc.record({ name: label, algorithm: fc.constant('sha384' as const), hash: hexOf(48) }),
);

const configArb: fc.Arbitrary<SetupBinConfig> = fc
  .tuple(
    fc.record({ currentMebxPassword: printable, newMebxPassword: strongPassword }),
    fc.record(
      {
        enableAmt: fc.constant(true),
        localFwUpdate: fc.constantFrom('disabled' as const, 'enabled' as const),
        powerPackage: bytes(16).map(bytesToGuid),
        pkiDnsSuffix: dnsName,
        fqdn: dnsName,
        remoteConfiguration: fc.boolean(),
        preinstalledCertHashes: fc.boolean(),
        userDefinedCertHashes: fc.constantFrom('disabled' as const, 'enabled' as const, 'delete' as const),
        certificateHashes: fc.array(certHash, { minLength: 1, maxLength: 2 }),
        solIder: fc.integer({ min: 0, max: 3 }),
        hostname: label,
        domain: dnsName,
        idleTimeout: fc.integer({ min: 0, max: 65535 }),
        provisioningServer: fc.oneof(ipv4, ipv6),
        provisioningServerPort: fc.integer({ min: 1, max: 65535 }),
        passwordPolicy: fc.nat(255),
        sharedFqdn: fc.boolean(),
        kvm: fc.boolean(),
        userConsent: fc.constantFrom('none' as const, 'kvm' as const, 'all' as const),
        remoteItConsent: fc.boolean(),
        provisioning: fc.constantFrom('start' as const, 'halt' as const),
        manualSetup: fc.constant(false),
      },
      { requiredKeys: [] },
    ),
    fc.option(
      fc.record(
        { address: ipv4, mask, gateway: ipv4, primaryDns: ipv4, secondaryDns: ipv4.filter((a) => a !== '0.0.0.0') },
        { requiredKeys: ['address', 'mask', 'gateway', 'primaryDns'] },
      ),
      { nil: undefined },
    ),
    fc.option(
      fc.record({
        interfaceIndex: fc.nat(255),
        enabled: fc.boolean(),
        interfaceIdType: fc.nat(255),
        interfaceId: hexOf(17),
        address: ipv6,
        defaultRouter: ipv6,
        primaryDns: ipv6,
        secondaryDns: ipv6,
      }),
      { nil: undefined },
    ),
  )
  .map(([pw, rest, staticIpv4, ipv6Settings]) => {
    const c: SetupBinConfig = { ...pw, ...rest };
    if (staticIpv4) Object.assign(c, { staticIpv4, dhcp: false });
    if (ipv6Settings) c.ipv6 = ipv6Settings;
    return c;
  });

const optionsArb: fc.Arbitrary<SetupBinOptions> = fc
  .record({
    version: fc.constantFrom('3' as const, '4' as const),
    reusable: fc.boolean(),
    scramble: fc.boolean(),
    records: fc.integer({ min: 1, max: 3 }),
  })
  .map((o) => ({ ...o, scramble: o.scramble && o.version === '4' }));

const writable = (c: SetupBinConfig, o: SetupBinOptions): boolean =>
  !validateSetupBinConfig(c, o).some((i) => i.severity === 'error');

describe('round trip (property)', () => {
  it('IPv6 text survives parse and format', () => {
    fc.assert(
      fc.property(bytes(16), (b) => {
        expect(parseIpv6(formatIpv6(b))).toEqual(b);
      }),
    );
  });

  it('decode(encode(config)) gives the config back, with no problems, and re-encodes to the same bytes', () => {
    let checked = 0;
    fc.assert(
      fc.property(configArb, optionsArb, (config, options) => {
        fc.pre(writable(config, options));
        const file = encodeSetupBin(config, options);
        expect(file.length).toBe((1 + (options.records ?? 1)) * 512);
        const decoded = decodeSetupBin(file);
        expect(decoded.problems).toEqual([]);
        expect(decoded.header).toMatchObject({
          version: options.version,
          reusable: options.reusable,
          dataRecordCount: options.records,
        });
        for (const rec of decoded.records) {
          expect(rec.problems).toEqual([]);
          expect(rec.scrambled).toBe(options.scramble);
          expect(rec.entries.flatMap((e) => e.problems)).toEqual([]);
          expect(entriesToConfig(rec.entries)).toEqual(config);
        }
        expect(encodeSetupBin(entriesToConfig(decoded.records[0].entries), options)).toEqual(file);
        checked++;
      }),
      { numRuns: 300 },
    );
    // Guard against a generator whose configs are mostly skipped as unwritable.
    expect(checked).toBe(300);
  });

  it('the decoder never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 2048 }), fc.boolean(), (junk, withHeader) => {
        const data = junk.slice();
        if (withHeader && data.length >= 1024) {
          data.set(encodeSetupBin({ currentMebxPassword: 'x' }).subarray(0, 40));
        }
        const file = decodeSetupBin(data);
        expect(Array.isArray(file.problems)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
