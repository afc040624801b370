// The provisioning listener: a TCP server (default 9971) that takes the PKI Hellos devices in
// setup mode send (../shared/specs/provisioning.md §4.1). Bounded in size and time per
// connection, malformed Hellos dropped with a reason, repeats per address held back by a cooldown.
import { createServer, type Server, type Socket } from 'node:net';
import { OutbandError, toErrorValue } from '../../shared/errors';
import { decodeHello, MAX_HELLO_BYTES, type Hello } from './hello';

/** The default port devices send Hellos to. */
export const DEFAULT_HELLO_PORT = 9971;

/** How the listener runs and whom it tells. */
export interface HelloListenerOptions {
  /** Address to listen on (default 0.0.0.0: devices on the LAN must reach it). */
  host?: string;
  port?: number;
  /** A second Hello from the same address within this time is dropped (default 30 s). */
  cooldownMs?: number;
  /** A connection that sends nothing more for this long is closed and its bytes parsed (default 10 s). */
  idleMs?: number;
  onHello(hello: Hello, source: string): void;
  /** A connection whose bytes were not a Hello; `reason` says what was wrong. */
  onDropped?(source: string, reason: string): void;
  /** A valid Hello held back because the same address sent one within the cooldown. */
  onRepeat?(source: string): void;
}

/** Where a running listener listens. */
export interface ListeningAt {
  host: string;
  port: number;
}

function sourceOf(socket: Socket): string {
  const address = socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Explains a failure to listen in words a person can act on. */
export function listenError(err: unknown, host: string, port: number): OutbandError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new OutbandError(
      'discovery.port-in-use',
      `Port ${port} on ${host} is already in use (another provisioning server or Outband instance?). Stop that program or choose another port.`,
    );
  }
  if (code === 'EACCES') {
    return new OutbandError(
      'discovery.port-denied',
      `Listening on port ${port} needs more rights than Outband has; choose a port above 1023.`,
    );
  }
  if (code === 'EADDRNOTAVAIL') {
    return new OutbandError('discovery.bad-address', `${host} is not an address of this computer.`);
  }
  return new OutbandError(
    'discovery.listen-failed',
    `Could not listen on ${host}:${port}: ${toErrorValue(err).message}`,
  );
}

/** Receives Hellos while it runs. */
export class HelloListener {
  private server: Server | null = null;
  private readonly lastHello = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private at: ListeningAt | null = null;

  constructor(private readonly options: HelloListenerOptions) {}

  /** Where it listens, or null when stopped. */
  get listening(): ListeningAt | null {
    return this.at;
  }

  /** Starts listening; a taken port fails with `discovery.port-in-use`. */
  async start(): Promise<ListeningAt> {
    if (this.at !== null) return this.at;
    const host = this.options.host ?? '0.0.0.0';
    const port = this.options.port ?? DEFAULT_HELLO_PORT;
    const server = createServer((socket) => this.accept(socket));
    server.maxConnections = 256;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => reject(listenError(err, host, port)));
      server.listen(port, host, () => resolve());
    });
    server.on('error', () => undefined);
    const address = server.address();
    this.server = server;
    this.at = { host, port: typeof address === 'object' && address !== null ? address.port : port };
    return this.at;
  }

  /** Stops listening and drops open connections. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.at = null;
    for (const s of this.sockets) s.destroy();
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    const source = sourceOf(socket);
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (why: 'end' | 'too-large' | 'idle') => {
      if (done) return;
      done = true;
      socket.destroy();
      this.sockets.delete(socket);
      if (why === 'too-large') return this.options.onDropped?.(source, `more than ${MAX_HELLO_BYTES} bytes`);
      this.received(Buffer.concat(chunks), source, why);
    };
    socket.setTimeout(this.options.idleMs ?? 10_000, () => finish('idle'));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_HELLO_BYTES) return finish('too-large');
      chunks.push(chunk);
    });
    socket.on('end', () => finish('end'));
    socket.on('error', () => finish('end'));
    socket.on('close', () => finish('end'));
  }

  private received(bytes: Buffer, source: string, why: 'end' | 'idle'): void {
    if (bytes.length === 0) return this.options.onDropped?.(source, 'the connection closed without data');
    let hello: Hello;
    try {
      hello = decodeHello(bytes);
    } catch (err) {
      const reason = toErrorValue(err).message + (why === 'idle' ? ' (the sender went quiet)' : '');
      return this.options.onDropped?.(source, reason);
    }
    const now = Date.now();
    const cooldown = this.options.cooldownMs ?? 30_000;
    const last = this.lastHello.get(source);
    if (last !== undefined && now - last < cooldown) return this.options.onRepeat?.(source);
    this.lastHello.set(source, now);
    if (this.lastHello.size > 10_000) this.lastHello.delete(this.lastHello.keys().next().value as string);
    this.options.onHello(hello, source);
  }
}
