// The device side of ASF/RMCP presence discovery (rmcp.md §2, §3, §6): a UDP4 socket that answers
// a valid Presence Ping with the 28-byte Presence Pong and silently drops everything else.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';

const RMCP_VERSION = 0x06;
const CLASS_ASF = 0x06;
const IANA_ASF = 4542;
const IANA_INTEL = 343;
const TYPE_PRESENCE_PING = 0x80;
const TYPE_PRESENCE_PONG = 0x40;
/** ASF "supported entities": the value generic ASF responders use; AMT's own value is unknown. */
const SUPPORTED_ENTITIES = 0x01;
/** ASF "supported interactions": bit 5 = DASH, which scanners require (rmcp.md §3.1). */
const SUPPORTED_INTERACTIONS = 0x20;

/** What a pong says about the device. */
export interface PongFields {
  readonly tag: number;
  /** The port the device serves WS-Man on (0 when not set up). */
  readonly openPort: number;
  readonly major: number;
  readonly minor: number;
  readonly provisioningState: 0 | 1 | 2;
  /** Both the plain and the TLS port are open. */
  readonly dualPorts: boolean;
}

/** The message tag of a valid ASF Presence Ping, or null when the datagram is anything else. */
export function presencePingTag(msg: Buffer): number | null {
  if (msg.length < 12) return null;
  // The whole class byte must be 6: bit 7 set would make it an RMCP ACK, not a request.
  if (msg[0] !== RMCP_VERSION || msg[3] !== CLASS_ASF) return null;
  if (msg.readUInt32BE(4) !== IANA_ASF || msg[8] !== TYPE_PRESENCE_PING) return null;
  return msg[9] ?? null;
}

/** Builds the 28-byte Presence Pong of rmcp.md §6 item 3. */
export function presencePong(f: PongFields): Buffer {
  const b = Buffer.alloc(28);
  b[0] = RMCP_VERSION;
  b[2] = 0xff; // sequence: "no ACK wanted", as the reference responder sends
  b[3] = CLASS_ASF;
  b.writeUInt32BE(IANA_ASF, 4);
  b[8] = TYPE_PRESENCE_PONG;
  b[9] = f.tag & 0xff;
  b[11] = 16; // data length
  b.writeUInt32BE(IANA_INTEL, 12);
  b.writeUInt16BE(f.openPort & 0xffff, 16);
  // Versions that do not fit a nibble (AMT 16 and later) leave 0 here; 22/23 always carry them.
  b[18] = f.major <= 15 && f.minor <= 15 ? (f.major << 4) | f.minor : 0;
  b[19] = (f.provisioningState & 0x03) | (f.dualPorts ? 0x04 : 0);
  b[20] = SUPPORTED_ENTITIES;
  b[21] = SUPPORTED_INTERACTIONS;
  b[22] = f.major & 0xff;
  b[23] = f.minor & 0xff;
  return b;
}

/** Major and minor from "major.minor.micro" (0 for anything unreadable). */
export function versionParts(version: string): { major: number; minor: number } {
  const [major, minor] = version.split('.').map((p) => Number.parseInt(p, 10));
  return {
    major: Number.isFinite(major) ? (major as number) : 0,
    minor: Number.isFinite(minor) ? (minor as number) : 0,
  };
}

/** A bound UDP socket answering presence pings; `answer` returns null to stay silent. */
export class RmcpResponder {
  private socket: UdpSocket | null = null;

  constructor(private readonly answer: (tag: number) => Buffer | null) {}

  /** Binds host:port (0 = any free port); resolves with the bound port. */
  bind(host: string, port: number): Promise<number> {
    const socket = createSocket({ type: 'udp4' });
    this.socket = socket;
    return new Promise((resolve, reject) => {
      const failed = (err: Error): void => {
        this.socket = null;
        socket.close();
        reject(err);
      };
      socket.once('error', failed);
      socket.bind({ port, address: host, exclusive: true }, () => {
        socket.off('error', failed);
        // After binding, an error (say an ICMP-induced send failure) must not crash the process.
        socket.on('error', () => undefined);
        socket.on('message', (msg, from) => this.onMessage(socket, msg, from.address, from.port));
        resolve(socket.address().port);
      });
    });
  }

  private onMessage(socket: UdpSocket, msg: Buffer, address: string, port: number): void {
    const tag = presencePingTag(msg);
    if (tag === null) return;
    const pong = this.answer(tag);
    if (pong === null) return;
    socket.send(pong, port, address, () => undefined);
  }

  /** Closes the socket; safe to call twice or before bind. */
  close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    if (socket === null) return Promise.resolve();
    return new Promise((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve(); // already closed
      }
    });
  }
}
