// The presence ping/pong and PKI Hello codecs on the specs' vectors and on fuzzed input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePresencePong, encodePresencePing } from '../../../electron/discovery/rmcp';
import { decodeHello, MAX_HELLO_BYTES, uuidFromSmbios } from '../../../electron/discovery/hello';
import { OutbandError } from '../../../shared/errors';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// rmcp.md §6 item 4: AMT 11.8, post-provisioned, TLS, tag 7.
const PONG_11_8 = hex('06 00 FF 06 00 00 11 BE 40 07 00 10 00 00 01 57 42 61 B8 02 01 20 0B 08 00 00 00 00');
// provisioning.md §4.3: the header of a real PKI Hello and its first hash entry.
const HELLO_HEAD = hex('0100 0300 00000000 4b529b93d413181de4871c697a6b7a2b');
const FIRST_HASH = 'c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4';

function helloWith(entries: Buffer[], head = HELLO_HEAD): Buffer {
  return Buffer.concat([head, Buffer.from([entries.length]), ...entries]);
}
const entry = (type: number, h: string) => Buffer.concat([Buffer.from([type, h.length / 2]), hex(h)]);

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return err instanceof OutbandError ? err.code : `untyped: ${String(err)}`;
  }
}

describe('RMCP presence ping and pong', () => {
  it('sends the 12 bytes the spec gives, with the tag', () => {
    expect(encodePresencePing(0).toString('hex')).toBe('06000006000011be80000000');
    expect(encodePresencePing(7)[9]).toBe(7);
    expect(() => encodePresencePing(255)).toThrow(RangeError);
  });

  it('reads the spec pong: AMT 11.8, post-provisioned, TLS on 16993', () => {
    expect(decodePresencePong(PONG_11_8)).toEqual({
      tag: 7,
      openPort: 16993,
      version: '11.8',
      provisioningState: 'post',
      dualPorts: false,
      tls: true,
    });
  });

  it('takes the version from the fallback bytes when the packed byte is 0 (AMT 16 and later)', () => {
    const modern = Buffer.from(PONG_11_8);
    modern[18] = 0;
    modern[22] = 16;
    modern[23] = 1;
    modern.writeUInt16BE(16992, 16);
    modern[19] = 0x01;
    expect(decodePresencePong(modern)).toMatchObject({ version: '16.1', provisioningState: 'in', tls: false });
  });

  it('refuses ACKs, other vendors, non-DASH devices and bad states with a typed error', () => {
    expect(codeOf(() => decodePresencePong(hex('06 00 00 86')))).toBe('discovery.bad-pong');
    const other = Buffer.from(PONG_11_8);
    other.writeUInt32BE(4542, 12);
    expect(codeOf(() => decodePresencePong(other))).toBe('discovery.bad-pong');
    const noDash = Buffer.from(PONG_11_8);
    noDash[21] = 0;
    expect(codeOf(() => decodePresencePong(noDash))).toBe('discovery.bad-pong');
    const state3 = Buffer.from(PONG_11_8);
    state3[19] = 3;
    expect(codeOf(() => decodePresencePong(state3))).toBe('discovery.bad-pong');
    const ping = encodePresencePing(1);
    expect(codeOf(() => decodePresencePong(Buffer.concat([ping, Buffer.alloc(16)])))).toBe('discovery.bad-pong');
  });

  it('never throws anything but a typed error on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const code = codeOf(() => decodePresencePong(bytes));
        expect(['no error', 'discovery.bad-pong']).toContain(code);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('PKI Hello', () => {
  it('reads the header of the spec capture: flag, version 3, retry 0, UUID byte order', () => {
    const hello = decodeHello(helloWith([entry(2, FIRST_HASH)]));
    expect(hello).toEqual({
      adminCredentialsSet: true,
      version: 3,
      retry: 0,
      uuid: '939b524b-13d4-1d18-e487-1c697a6b7a2b',
      hashes: [{ alg: 'sha256', hex: FIRST_HASH }],
    });
    expect(uuidFromSmbios(hex('4b529b93d413181de4871c697a6b7a2b'))).toBe('939b524b-13d4-1d18-e487-1c697a6b7a2b');
  });

  it('reads a 23-entry Hello of 807 bytes, as the capture is, and every hash type', () => {
    const entries = Array.from({ length: 23 }, (_, i) =>
      entry(2, i === 0 ? FIRST_HASH : `${i}`.padStart(2, '0').repeat(32)),
    );
    const hello = helloWith(entries);
    expect(hello.length).toBe(807);
    expect(decodeHello(hello).hashes).toHaveLength(23);
    const mixed = decodeHello(helloWith([entry(1, 'ab'.repeat(20)), entry(3, 'cd'.repeat(48))]));
    expect(mixed.hashes.map((h) => [h.alg, h.hex.length])).toEqual([
      ['sha1', 40],
      ['sha384', 96],
    ]);
  });

  it('refuses malformed Hellos, each with its reason', () => {
    const cases: [string, Buffer, RegExp][] = [
      ['short', HELLO_HEAD.subarray(0, 20), /shorter than the 25-byte header/],
      ['PSK', Buffer.concat([hex('0100 0200'), HELLO_HEAD.subarray(4), Buffer.alloc(9)]), /PSK Hello/],
      ['flag', Buffer.concat([hex('0500'), HELLO_HEAD.subarray(2), Buffer.from([0])]), /flag 5/],
      ['type', helloWith([entry(9, FIRST_HASH)]), /unknown type 9/],
      ['length', helloWith([Buffer.concat([Buffer.from([2, 20]), Buffer.alloc(20)])]), /is 20 bytes, not 32/],
      ['cut', helloWith([entry(2, FIRST_HASH)]).subarray(0, 40), /cut off/],
      ['count', Buffer.concat([helloWith([entry(2, FIRST_HASH)]), Buffer.from([1])]), /follow the last/],
      ['size', Buffer.alloc(MAX_HELLO_BYTES + 1), /more than 16000/],
    ];
    for (const [name, bytes, why] of cases) {
      try {
        decodeHello(bytes);
        throw new Error(`${name}: decoded`);
      } catch (err) {
        expect(err, name).toBeInstanceOf(OutbandError);
        expect((err as OutbandError).code, name).toBe('discovery.bad-hello');
        expect((err as Error).message, name).toMatch(why);
      }
    }
  });

  it('never throws anything but a typed error on fuzzed Hellos', () => {
    const valid = helloWith([entry(2, FIRST_HASH), entry(1, 'ab'.repeat(20))]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          // A valid Hello with random bytes changed, cut or appended.
          fc
            .tuple(
              fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }))),
              fc.nat(valid.length + 4),
            )
            .map(([edits, cut]) => {
              const b = Buffer.from(valid);
              for (const [at, v] of edits) b[at] = v;
              return cut <= b.length ? b.subarray(0, cut) : Buffer.concat([b, Buffer.alloc(cut - b.length, 7)]);
            }),
        ),
        (bytes) => {
          expect(['no error', 'discovery.bad-hello']).toContain(codeOf(() => decodeHello(bytes)));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
