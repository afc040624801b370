/**
 * Wire format of the AMT redirection protocol as the console sees it (redirection.md §2–§4): message
 * codes, the messages the console sends, and the framing of what the device sends. There is no
 * generic length field, so the receiver needs a per-type length rule and must buffer partial
 * messages. Integers are little-endian.
 */

/** The plain redirection port. */
export const REDIRECTION_PORT = 16994;
/** The TLS redirection port (same bytes inside TLS). */
export const REDIRECTION_TLS_PORT = 16995;

/** Message codes (first byte). */
export const MSG = {
  startSession: 0x10,
  startSessionReply: 0x11,
  endSession: 0x12,
  authenticate: 0x13,
  authenticateReply: 0x14,
  startSol: 0x20,
  startSolReply: 0x21,
  endSol: 0x22,
  endSolReply: 0x23,
  keepAlivePing: 0x24,
  keepAlivePong: 0x25,
  solDataToHost: 0x28,
  solControls: 0x29,
  solDataFromHost: 0x2a,
  heartbeat: 0x2b,
} as const;

/** Authentication types of AuthenticateSession (§3). */
export const AUTH = { query: 0, plain: 1, kerberos: 2, digest: 3, digestQop: 4 } as const;

/** StartRedirectionSessionReply status values. */
export const SESSION_STATUS = { ok: 0, unknownType: 1, busy: 2, unsupported: 3, error: 0xff } as const;

/** The digest URI and HA2 method inside the redirection channel (§3.3). */
export const DIGEST_URI = '/RedirectionService';
export const DIGEST_METHOD = 'POST';

/** The 0x29 status flag "system power on". */
export const STATUS_POWER_ON = 0x04;

/** SOL settings of StartSOLRedirection, in the wire order (§4). */
export interface SolSettings {
  maxTxBuffer: number;
  txBufferTimeoutMs: number;
  txOverflowTimeoutMs: number;
  hostSessionRxTimeoutMs: number;
  hostFifoRxFlushTimeoutMs: number;
  /** 0 = the device sends no heartbeats. */
  heartbeatIntervalMs: number;
}

/** amtterm's values (known to work with real firmware): 5 s device heartbeats that the console echoes. */
export const DEFAULT_SOL_SETTINGS: SolSettings = {
  maxTxBuffer: 1000,
  txBufferTimeoutMs: 100,
  txOverflowTimeoutMs: 0,
  hostSessionRxTimeoutMs: 10_000,
  hostFifoRxFlushTimeoutMs: 0,
  heartbeatIntervalMs: 5000,
};

function header(type: number, length: number, seq?: number): Buffer {
  const b = Buffer.alloc(length);
  b[0] = type;
  if (seq !== undefined) b.writeUInt32LE(seq >>> 0, 4);
  return b;
}

/** StartRedirectionSession for SOL: 10 00 00 00 "SOL ". */
export function startSessionMessage(): Buffer {
  const b = header(MSG.startSession, 8);
  b.write('SOL ', 4, 'latin1');
  return b;
}

/** EndRedirectionSession: 12 00 00 00. */
export function endSessionMessage(): Buffer {
  return header(MSG.endSession, 4);
}

/** AuthenticateSession: 13 00 00 00 | type | L (LE32) | data. */
export function authenticateMessage(type: number, data: Buffer): Buffer {
  const b = header(MSG.authenticate, 9 + data.length);
  b[4] = type;
  b.writeUInt32LE(data.length, 5);
  data.copy(b, 9);
  return b;
}

/** Length-prefixed strings (1 length byte, no terminator), as digest fields are sent. */
export function lengthPrefixed(fields: readonly string[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of fields) {
    const bytes = Buffer.from(f, 'utf8');
    if (bytes.length > 255) throw new RangeError('A redirection auth field is longer than 255 bytes.');
    parts.push(Buffer.from([bytes.length]), bytes);
  }
  return Buffer.concat(parts);
}

/** Splits length-prefixed strings; null when a length runs past the end. */
export function readLengthPrefixed(data: Buffer): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i < data.length) {
    const n = data[i];
    if (i + 1 + n > data.length) return null;
    out.push(data.subarray(i + 1, i + 1 + n).toString('utf8'));
    i += 1 + n;
  }
  return out;
}

/** StartSOLRedirection (24 bytes). */
export function startSolMessage(seq: number, s: SolSettings): Buffer {
  const b = header(MSG.startSol, 24, seq);
  b.writeUInt16LE(s.maxTxBuffer, 8);
  b.writeUInt16LE(s.txBufferTimeoutMs, 10);
  b.writeUInt16LE(s.txOverflowTimeoutMs, 12);
  b.writeUInt16LE(s.hostSessionRxTimeoutMs, 14);
  b.writeUInt16LE(s.hostFifoRxFlushTimeoutMs, 16);
  b.writeUInt16LE(s.heartbeatIntervalMs, 18);
  return b;
}

/** EndSOLRedirection (8 bytes). */
export function endSolMessage(seq: number): Buffer {
  return header(MSG.endSol, 8, seq);
}

/** Heartbeat (8 bytes), the console's keep-alive. */
export function heartbeatMessage(seq: number): Buffer {
  return header(MSG.heartbeat, 8, seq);
}

/** SOL data to the host: header (10) + bytes. */
export function solDataMessage(seq: number, data: Uint8Array): Buffer {
  const b = header(MSG.solDataToHost, 10 + data.length, seq);
  b.writeUInt16LE(data.length, 8);
  b.set(data, 10);
  return b;
}

/** The most SOL data one device message may announce (firmware sends at most maxTxBuffer, ~1000). */
export const MAX_SOL_DATA = 4096;
/** The most data an authentication reply may announce (methods, or realm + nonce + qop of ≤255 each). */
export const MAX_AUTH_DATA = 1024;

/** The messages a device may send once SOL runs; anything else ends the session at its first byte. */
const SOL_TYPES: ReadonlySet<number> = new Set([
  MSG.solDataFromHost,
  MSG.solControls,
  MSG.heartbeat,
  MSG.keepAlivePing,
  MSG.keepAlivePong,
  MSG.endSolReply,
]);

/** The framing of the next device message: its total length, `0` = more bytes needed, or why it is refused. */
export type Framing = number | { refused: string };

/**
 * The total length of the device message at the start of `buf`, checked before a byte of its body
 * is kept: a type that does not belong to the phase (`sol` once SOL runs) or a length above the
 * caps is refused, so a hostile device can neither make the console buffer without bound nor slip
 * handshake messages into a running session.
 */
export function deviceMessageLength(buf: Buffer, phase: 'handshake' | 'sol' = 'handshake'): Framing {
  if (buf.length === 0) return 0;
  const type = buf[0];
  const hex = `0x${type.toString(16).padStart(2, '0')}`;
  if (phase === 'sol' && !SOL_TYPES.has(type)) return { refused: `unexpected message type ${hex} during SOL` };
  const need = (total: number): number => (buf.length >= total ? total : 0);
  switch (type) {
    case MSG.startSessionReply:
      // 13 bytes, then an OEM tail whose length is byte 12 (at most 255).
      return buf.length < 13 ? 0 : need(13 + buf[12]);
    case MSG.authenticateReply: {
      if (buf.length < 9) return 0;
      const length = buf.readUInt32LE(5);
      if (length > MAX_AUTH_DATA) return { refused: `authentication reply of ${length} bytes, over ${MAX_AUTH_DATA}` };
      return need(9 + length);
    }
    case MSG.startSolReply:
      return need(23);
    case MSG.endSolReply:
    case MSG.keepAlivePing:
    case MSG.keepAlivePong:
    case MSG.heartbeat:
      return need(8);
    case MSG.solControls:
      return need(10);
    case MSG.solDataFromHost: {
      if (buf.length < 10) return 0;
      const length = buf.readUInt16LE(8);
      if (length > MAX_SOL_DATA) return { refused: `SOL data of ${length} bytes, over ${MAX_SOL_DATA}` };
      return need(10 + length);
    }
    default:
      return { refused: `unknown message type ${hex}` };
  }
}
