// Test-side tools for the simulator's discovery behaviour, written from rmcp.md and
// provisioning.md independently of the simulator: RMCP presence pings over UDP, a Hello
// collector (a bare TCP listener) and a PKI Hello reader.
import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';

/** An ASF Presence Ping with this message tag (rmcp.md §2). */
export function presencePing(tag: number): Buffer {
  return Buffer.from([0x06, 0x00, 0x00, 0x06, 0x00, 0x00, 0x11, 0xbe, 0x80, tag, 0x00, 0x00]);
}

/**
 * Sends each datagram to host:port from one loopback socket and collects every reply that arrives
 * until `until` says enough (or `windowMs` passes). Replies come back in order of arrival.
 */
export async function udpExchange(
  host: string,
  port: number,
  datagrams: readonly Buffer[],
  opts: { windowMs: number; until?: (replies: readonly Buffer[]) => boolean },
): Promise<Buffer[]> {
  const socket = createSocket('udp4');
  const replies: Buffer[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, '127.0.0.1', () => resolve());
    });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, opts.windowMs);
      socket.on('message', (msg) => {
        replies.push(msg);
        if (opts.until?.(replies) === true) {
          clearTimeout(timer);
          resolve();
        }
      });
      for (const d of datagrams) socket.send(d, port, host);
    });
  } finally {
    socket.close();
  }
  return replies;
}

/** Pings once and waits (bounded) for the pong carrying this tag; null if none came. */
export async function pingOnce(host: string, port: number, tag: number, windowMs = 3000): Promise<Buffer | null> {
  const replies = await udpExchange(host, port, [presencePing(tag)], {
    windowMs,
    until: (r) => r.some((m) => m[9] === tag),
  });
  return replies.find((m) => m[9] === tag) ?? null;
}

/** One Hello connection as the server saw it. */
export interface ReceivedHello {
  readonly from: string;
  readonly data: Buffer;
  /** Size of the first chunk read; equal to data.length when the Hello came in one piece. */
  readonly firstChunk: number;
}

/** A provisioning-server stand-in that records what each connection sent until it ended. */
export interface HelloCollector {
  readonly port: number;
  readonly received: ReceivedHello[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 (port 0 = any free port) and records every Hello connection. */
export async function helloCollector(port = 0): Promise<HelloCollector> {
  const received: ReceivedHello[] = [];
  const open = new Set<Socket>();
  const server: Server = createServer((sock) => {
    open.add(sock);
    sock.on('close', () => open.delete(sock));
    const parts: Buffer[] = [];
    sock.on('data', (d: Buffer) => parts.push(d));
    sock.on('end', () => {
      const data = Buffer.concat(parts);
      received.push({ from: sock.remoteAddress ?? '', data, firstChunk: parts[0]?.length ?? 0 });
      sock.end();
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const sock of open) sock.destroy();
      }),
  };
}

/** A PKI Hello taken apart by the layout of provisioning.md §4.2. */
export interface ParsedHello {
  readonly adminSet: number;
  readonly version: number;
  readonly retry: number;
  readonly uuid: Buffer;
  readonly count: number;
  readonly entries: Array<{ type: number; length: number; hex: string }>;
  /** Bytes the layout accounts for; equals the message length for a well-formed Hello. */
  readonly consumed: number;
}

/** Reads a PKI Hello (throws if it is shorter than its header). */
export function readHello(data: Buffer): ParsedHello {
  if (data.length < 25) throw new Error(`Hello too short: ${data.length} bytes`);
  const count = data[24] ?? 0;
  const entries: Array<{ type: number; length: number; hex: string }> = [];
  let pos = 25;
  for (let i = 0; i < count && pos + 2 <= data.length; i++) {
    const type = data[pos] ?? 0;
    const length = data[pos + 1] ?? 0;
    entries.push({ type, length, hex: data.subarray(pos + 2, pos + 2 + length).toString('hex') });
    pos += 2 + length;
  }
  return {
    adminSet: data.readUInt16LE(0),
    version: data.readUInt16LE(2),
    retry: data.readUInt32LE(4),
    uuid: data.subarray(8, 24),
    count,
    entries,
    consumed: pos,
  };
}

/** Polls `check` every few ms until it is true; throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A port that was free a moment ago (for "nothing listening there"). */
export async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** A UDP port that was free on 127.0.0.1 a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
