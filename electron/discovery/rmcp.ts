// RMCP/ASF presence ping and pong (../shared/specs/rmcp.md §2–§3): the bytes Outband sends to
// UDP 623 and how it reads what an Intel AMT device answers.
import { OutbandError } from '../../shared/errors';
import type { ProvisioningState } from '../../shared/domain/device';

const RMCP_VERSION = 0x06;
const CLASS_ASF = 0x06;
const IANA_ASF = 4542;
const IANA_INTEL = 343;
const TYPE_PING = 0x80;
const TYPE_PONG = 0x40;
const DASH_SUPPORTED = 0x20;
/** The pong header (12) plus the Intel data up to the fallback version bytes (12). */
const MIN_PONG = 24;

/** What a presence pong says about a device. */
export interface PresencePong {
  tag: number;
  /** The AMT port the device has open: 16992 plain, 16993 TLS, 0 when it is not set up. */
  openPort: number;
  /** major.minor, or null when the device did not say. */
  version: string | null;
  provisioningState: ProvisioningState;
  /** Both 16992 and 16993 are open (bit 2 of the state byte, as MeshCentral reads it). */
  dualPorts: boolean;
  /** TLS offered: the open port is 16993, or both are open. */
  tls: boolean;
}

/** The 12-byte ASF presence ping with this message tag (0–254). */
export function encodePresencePing(tag: number): Buffer {
  if (!Number.isInteger(tag) || tag < 0 || tag > 254) throw new RangeError(`RMCP tag out of range: ${tag}`);
  const ping = Buffer.alloc(12);
  ping[0] = RMCP_VERSION;
  ping[2] = 0x00; // sequence: 0, as the common tools send
  ping[3] = CLASS_ASF;
  ping.writeUInt32BE(IANA_ASF, 4);
  ping[8] = TYPE_PING;
  ping[9] = tag;
  return ping;
}

function bad(why: string): OutbandError {
  return new OutbandError('discovery.bad-pong', `Not an Intel AMT presence pong: ${why}.`);
}

const STATES: readonly ProvisioningState[] = ['pre', 'in', 'post'];

/**
 * Reads an ASF presence pong from an Intel AMT device; anything else (an RMCP ACK, another
 * vendor's pong, a device without DASH, garbage) fails with `discovery.bad-pong`.
 */
export function decodePresencePong(bytes: Uint8Array): PresencePong {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < MIN_PONG) throw bad(`${b.length} bytes is too short`);
  if (b[0] !== RMCP_VERSION || (b[3] ?? 0) !== CLASS_ASF) throw bad('not an RMCP ASF message');
  if (b.readUInt32BE(4) !== IANA_ASF || b[8] !== TYPE_PONG) throw bad('not a presence pong');
  if ((b[11] ?? 0) < 12) throw bad('the data is too short');
  if (b.readUInt32BE(12) !== IANA_INTEL) throw bad('not from an Intel device');
  if (((b[21] ?? 0) & DASH_SUPPORTED) === 0) throw bad('the device does not offer DASH/AMT');
  const stateBits = (b[19] ?? 0) & 0x03;
  const provisioningState = STATES[stateBits];
  if (provisioningState === undefined) throw bad(`unknown setup state ${stateBits}`);
  const openPort = b.readUInt16BE(16);
  const packed = b[18] ?? 0;
  const major = packed === 0 ? (b[22] ?? 0) : packed >> 4;
  const minor = packed === 0 ? (b[23] ?? 0) : packed & 0x0f;
  const dualPorts = ((b[19] ?? 0) & 0x04) !== 0;
  return {
    tag: b[9] ?? 0,
    openPort,
    version: major === 0 && minor === 0 ? null : `${major}.${minor}`,
    provisioningState,
    dualPorts,
    tls: openPort === 16993 || dualPorts,
  };
}
