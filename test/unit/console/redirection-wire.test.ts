// The redirection client's wire rules checked against the spec, not against our simulator: the
// digest response by a known answer computed here from redirection.md §3.3, and the framing of a
// hostile byte stream (foreign types once SOL runs, announced lengths over the caps); and the
// console's input split into pieces the IPC contract accepts.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_SOL_DATA, deviceMessageLength } from '../../../electron/redirection/protocol';
import { digestResponse } from '../../../electron/redirection/session';
import { SOL_INPUT_MAX } from '../../../shared/ipc/sol';
import { INPUT_CHUNK_MAX, inputChunks } from '../../../renderer/screens/device-page/console/input-chunks';

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

describe('the redirection digest', () => {
  const fixed = {
    username: 'admin',
    password: 'Secr3t!pass',
    realm: 'Digest:A3829B3827DE4D33D4449B366831FD01',
    nonce: 'f1a2b3c4d5e6f708192a3b4c5d6e7f80',
    cnonce: '0a4f113b9c2d8e7f6a5b4c3d2e1f0a9b',
    nc: '00000001',
  };

  it('type 4: MD5(HA1:nonce:nc:cnonce:qop:HA2) with HA1 = MD5(user:realm:password), HA2 = MD5(POST:/RedirectionService)', () => {
    const ha1 = md5(`admin:Digest:A3829B3827DE4D33D4449B366831FD01:Secr3t!pass`);
    const ha2 = md5('POST:/RedirectionService');
    const expected = md5(
      `${ha1}:f1a2b3c4d5e6f708192a3b4c5d6e7f80:00000001:0a4f113b9c2d8e7f6a5b4c3d2e1f0a9b:auth:${ha2}`,
    );
    expect(digestResponse({ ...fixed, qop: 'auth' })).toBe(expected);
  });

  it('type 3: MD5(HA1:nonce:HA2), cnonce and nc not hashed', () => {
    const ha1 = md5(`admin:Digest:A3829B3827DE4D33D4449B366831FD01:Secr3t!pass`);
    const ha2 = md5('POST:/RedirectionService');
    const expected = md5(`${ha1}:f1a2b3c4d5e6f708192a3b4c5d6e7f80:${ha2}`);
    expect(digestResponse(fixed)).toBe(expected);
    expect(digestResponse({ ...fixed, cnonce: 'other', nc: '00000002' })).toBe(expected);
  });
});

describe('framing a hostile device stream', () => {
  const solData = (announced: number) => {
    const b = Buffer.alloc(10);
    b[0] = 0x2a;
    b.writeUInt16LE(announced, 8);
    return b;
  };

  it('refuses SOL data over the cap at its header, before any body is buffered', () => {
    expect(deviceMessageLength(solData(MAX_SOL_DATA + 1), 'sol')).toEqual({
      refused: `SOL data of ${MAX_SOL_DATA + 1} bytes, over ${MAX_SOL_DATA}`,
    });
    // Within the cap: wait for the body, then frame it.
    expect(deviceMessageLength(solData(MAX_SOL_DATA), 'sol')).toBe(0);
    expect(deviceMessageLength(Buffer.concat([solData(3), Buffer.from('abc')]), 'sol')).toBe(13);
  });

  it('refuses an authentication reply that announces more than a login needs', () => {
    const b = Buffer.alloc(9);
    b[0] = 0x14;
    b.writeUInt32LE(0xffffffff, 5);
    const framing = deviceMessageLength(b);
    expect(typeof framing).toBe('object');
    expect(framing).toMatchObject({ refused: expect.stringContaining('4294967295 bytes') as unknown });
  });

  it('once SOL runs, refuses handshake and unknown types on their first byte', () => {
    for (const type of [0x11, 0x14, 0x21, 0x99]) {
      const framing = deviceMessageLength(Buffer.from([type]), 'sol');
      expect(framing).toEqual({
        refused: expect.stringContaining(`0x${type.toString(16)}`) as unknown,
      });
    }
    // The same start reply is fine during the handshake (it waits for its 13 bytes).
    expect(deviceMessageLength(Buffer.from([0x11]), 'handshake')).toBe(0);
    // SOL's own messages still frame.
    expect(deviceMessageLength(Buffer.from([0x2b, 0, 0, 0, 1, 0, 0, 0]), 'sol')).toBe(8);
    expect(deviceMessageLength(Buffer.from([0x29, 0, 0, 0, 1, 0, 0, 0, 3, 4]), 'sol')).toBe(10);
  });
});

describe('console input in pieces', () => {
  it('splits a long paste into pieces sol.input accepts, in order, losing nothing', () => {
    expect(INPUT_CHUNK_MAX).toBe(SOL_INPUT_MAX);
    const paste = Array.from({ length: 6000 }, (_, i) => `${i},`).join('');
    const pieces = inputChunks(paste);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length >= 1 && p.length <= SOL_INPUT_MAX)).toBe(true);
    expect(pieces.join('')).toBe(paste);
    expect(inputChunks('ab')).toEqual(['ab']);
  });

  it('never cuts between the halves of a surrogate pair', () => {
    const pieces = inputChunks('ab😀cd', 3);
    expect(pieces).toEqual(['ab', '😀c', 'd']);
    for (const p of pieces) expect(p).toBe(Buffer.from(p, 'utf8').toString('utf8'));
  });
});
