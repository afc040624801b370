// A deliberately small HTTP/1.1 server connection. node:http always writes its own chunk framing
// (lower-case hex) and cannot stall or split a reply the way firmware does, so the simulator
// frames replies itself: one request at a time per connection, keep-alive unless told otherwise.
import type { Duplex } from 'node:stream';

/** A fully read request. */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  /** Header names are lower case; repeated headers are joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

/** Handles one request; it must write a response (or destroy the connection) before resolving. */
export type RequestHandler = (req: HttpRequest, conn: HttpConnection) => Promise<void>;

const MAX_HEAD = 16 * 1024;
const MAX_BODY = 4 * 1024 * 1024;

type BodyResult = { body: Buffer; used: number } | 'more' | 'bad';

function readChunkedBody(buf: Buffer, start: number): BodyResult {
  const parts: Buffer[] = [];
  let pos = start;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) return 'more';
    const size = Number.parseInt(buf.subarray(pos, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) return 'bad';
    if (size === 0) {
      const end = buf.indexOf('\r\n\r\n', eol);
      if (end < 0) return buf.length - eol > 8192 ? 'bad' : 'more';
      return { body: Buffer.concat(parts), used: end + 4 - start };
    }
    if (buf.length < eol + 2 + size + 2) return 'more';
    parts.push(buf.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
}

/** One client connection: parses requests in order and hands them to the handler. */
export class HttpConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private busy = false;
  private continued = false;
  closed = false;

  constructor(
    readonly socket: Duplex,
    private readonly handler: RequestHandler,
    private readonly idleTimeoutMs: number,
  ) {
    socket.on('data', (d: Buffer) => {
      this.buffer = this.buffer.length === 0 ? d : Buffer.concat([this.buffer, d]);
      this.pump();
    });
    socket.on('error', () => this.destroy());
    socket.on('close', () => {
      this.closed = true;
    });
    // One listener for the connection's life; re-arming only resets the timer, so a keep-alive
    // connection serving thousands of requests does not pile up listeners.
    socket.on('timeout', () => this.destroy());
    this.armIdle();
  }

  private armIdle(): void {
    const s = this.socket as Duplex & { setTimeout?: (ms: number) => void };
    s.setTimeout?.(this.idleTimeoutMs);
  }

  private disarmIdle(): void {
    const s = this.socket as Duplex & { setTimeout?: (ms: number) => void };
    s.setTimeout?.(0);
  }

  /** Writes raw bytes unless the connection is gone. */
  write(data: string | Buffer): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(data);
  }

  /** Ends the connection after pending writes (a real close, not just a header). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.end();
  }

  /** Drops the connection at once. */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private badRequest(): void {
    this.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    this.end();
  }

  private pump(): void {
    while (!this.busy && !this.closed) {
      const req = this.parseOne();
      if (req === null) return;
      this.busy = true;
      this.disarmIdle();
      this.handler(req, this)
        .catch(() => this.destroy())
        .finally(() => {
          this.busy = false;
          if (!this.closed) {
            this.armIdle();
            this.pump();
          }
        });
    }
  }

  private parseOne(): HttpRequest | null {
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      if (this.buffer.length > MAX_HEAD) this.badRequest();
      return null;
    }
    const lines = this.buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const [method, path, version] = (lines[0] ?? '').split(' ');
    if (method === undefined || path === undefined || version === undefined || !version.startsWith('HTTP/1.')) {
      this.badRequest();
      return null;
    }
    const headers = new Map<string, string>();
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers.set(name, headers.has(name) ? `${headers.get(name) ?? ''}, ${value}` : value);
    }
    const body = this.readBody(headers, headEnd + 4);
    if (body === 'more') {
      if (!this.continued && /100-continue/i.test(headers.get('expect') ?? '')) {
        this.continued = true;
        this.write('HTTP/1.1 100 Continue\r\n\r\n');
      }
      return null;
    }
    if (body === 'bad') {
      this.badRequest();
      return null;
    }
    this.buffer = this.buffer.subarray(headEnd + 4 + body.used);
    this.continued = false;
    return { method, path, headers, body: body.body };
  }

  private readBody(headers: ReadonlyMap<string, string>, start: number): BodyResult {
    if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) return readChunkedBody(this.buffer, start);
    const length = Number(headers.get('content-length') ?? '0');
    if (!Number.isInteger(length) || length < 0 || length > MAX_BODY) return 'bad';
    if (this.buffer.length - start < length) return 'more';
    return { body: Buffer.from(this.buffer.subarray(start, start + length)), used: length };
  }
}
