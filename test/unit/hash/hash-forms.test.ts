import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  HASH_FORMS,
  algorithmForByteLength,
  allHashForms,
  describeHash,
  formatHash,
  formatHashForMebx,
  parseHash,
  sameHash,
  tryParseHash,
} from '../../../shared/hash';
import { errorOf } from '../../support/errors';

// The seed's example (ZENworks OOB reference 3.2.1 / 3.2.2).
const SEED_COLON = '1F:0E:1C:88:A0:88:B5:6A:E8:82:6D:28:01:D4:2F:B4:6F:8D:16:77';
const SEED_MEBX = '1F0E-1C88-A088-B56A-E882-6D28-01D4-2FB4-6F8D-1677';
const SEED_BYTES = Uint8Array.from(SEED_COLON.split(':').map((p) => parseInt(p, 16)));

describe('formatHash', () => {
  it('spells the seed example in the colon and MEBx forms the seed shows', () => {
    expect(formatHash(SEED_BYTES, 'colon')).toBe(SEED_COLON);
    expect(formatHash(SEED_BYTES, 'mebx')).toBe(SEED_MEBX);
    expect(formatHashForMebx(SEED_BYTES)).toBe(SEED_MEBX);
    expect(formatHash(SEED_BYTES, 'hex-lower')).toBe('1f0e1c88a088b56ae8826d2801d42fb46f8d1677');
    expect(formatHash(SEED_BYTES, 'hex-upper')).toBe('1F0E1C88A088B56AE8826D2801D42FB46F8D1677');
  });

  it('gives every form at once, and describes a hash with its algorithm', () => {
    expect(allHashForms(SEED_BYTES)).toEqual({
      colon: SEED_COLON,
      hexLower: '1f0e1c88a088b56ae8826d2801d42fb46f8d1677',
      hexUpper: '1F0E1C88A088B56AE8826D2801D42FB46F8D1677',
      mebx: SEED_MEBX,
    });
    const d = describeHash('sha1', SEED_BYTES);
    expect(d.algorithmName).toBe('SHA-1');
    expect(d.byteLength).toBe(20);
  });

  it('keeps leading zero digits', () => {
    expect(formatHash(Uint8Array.from([0, 1, 0x0a, 0xff]), 'colon')).toBe('00:01:0A:FF');
    expect(formatHash(Uint8Array.from([0, 1, 0x0a, 0xff]), 'mebx')).toBe('0001-0AFF');
  });

  it('maps lengths to algorithms', () => {
    expect([16, 20, 32, 48, 64, 0].map(algorithmForByteLength)).toEqual([
      'md5',
      'sha1',
      'sha256',
      'sha384',
      null,
      null,
    ]);
  });
});

describe('parseHash', () => {
  it('reads every form of the seed example to the same SHA-1', () => {
    const inputs = [
      SEED_COLON,
      SEED_MEBX,
      SEED_COLON.toLowerCase(),
      SEED_MEBX.toLowerCase(),
      '1f0e1c88a088b56ae8826d2801d42fb46f8d1677',
      '1F 0E 1C 88 A0 88 B5 6A E8 82 6D 28 01 D4 2F B4 6F 8D 16 77',
      '  0x1F0E1C88A088B56AE8826D2801D42FB46F8D1677\n',
      `SHA1 Fingerprint=${SEED_COLON}`,
      `sha-1: ${SEED_MEBX}`,
    ];
    for (const input of inputs) {
      const parsed = parseHash(input);
      expect(parsed.algorithm, input).toBe('sha1');
      expect(parsed.algorithmName).toBe('SHA-1');
      expect(Array.from(parsed.bytes)).toEqual(Array.from(SEED_BYTES));
      expect(parsed.hex).toBe('1f0e1c88a088b56ae8826d2801d42fb46f8d1677');
    }
  });

  it('infers MD5, SHA-256 and SHA-384 from the length', () => {
    expect(parseHash('ab'.repeat(16)).algorithm).toBe('md5');
    expect(parseHash('ab'.repeat(32)).algorithm).toBe('sha256');
    expect(parseHash('AB:'.repeat(47) + 'AB').algorithm).toBe('sha384');
  });

  it('names a bad character and its 1-based position', () => {
    const err = errorOf(() => parseHash('1F:0G:1C'));
    expect(err.code).toBe('hash.bad-character');
    expect(err.message).toContain("'G'");
    expect(err.message).toContain('position 5');
    expect(errorOf(() => parseHash('ab\u0000cd')).message).toContain('U+0000 at position 3');
  });

  it('counts positions after a label the same way a person does', () => {
    const err = errorOf(() => parseHash('sha1: 1F0Z'));
    expect(err.message).toContain("'Z' at position 10");
  });

  it('rejects an odd number of digits', () => {
    const err = errorOf(() => parseHash(SEED_MEBX.slice(0, -1)));
    expect(err.code).toBe('hash.odd-digits');
    expect(err.message).toContain('39 hexadecimal digits');
  });

  it('rejects a length that matches no algorithm and lists the valid ones', () => {
    const err = errorOf(() => parseHash('ab'.repeat(19)));
    expect(err.code).toBe('hash.unknown-length');
    expect(err.message).toContain('19 bytes (38 digits)');
    expect(err.message).toContain('SHA-1 20 bytes (40 digits)');
    expect(err.message).toContain('SHA-384 48 bytes');
  });

  it('rejects empty input', () => {
    expect(errorOf(() => parseHash('')).code).toBe('hash.empty');
    expect(errorOf(() => parseHash(' : - ')).code).toBe('hash.empty');
    expect(errorOf(() => parseHash('0x')).code).toBe('hash.empty');
  });

  it('rejects a label that disagrees with the length', () => {
    const err = errorOf(() => parseHash(`SHA-256: ${SEED_COLON}`));
    expect(err.code).toBe('hash.algorithm-mismatch');
    expect(err.message).toContain('SHA-256');
    expect(err.message).toContain('SHA-1');
  });

  it('round-trips every form for random digests of every length', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(16, 20, 32, 48).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        fc.constantFrom(...HASH_FORMS),
        (bytes, form) => {
          const parsed = parseHash(formatHash(bytes, form));
          expect(Array.from(parsed.bytes)).toEqual(Array.from(bytes));
          expect(parsed.algorithm).toBe(algorithmForByteLength(bytes.length));
        },
      ),
    );
  });
});

describe('tryParseHash and sameHash', () => {
  it('returns errors as values', () => {
    const bad = tryParseHash('xyz');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('hash.bad-character');
    const good = tryParseHash(SEED_MEBX);
    expect(good.ok && good.hash.algorithm).toBe('sha1');
  });

  it('compares hashes across forms', () => {
    expect(sameHash(SEED_COLON, SEED_MEBX.toLowerCase())).toBe(true);
    expect(sameHash(SEED_COLON, SEED_MEBX.replace('1F0E', '1F0F'))).toBe(false);
    expect(sameHash(SEED_COLON, 'nonsense')).toBe(false);
  });
});
