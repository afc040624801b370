/**
 * HTTP for one device on undici: one keep-alive connection and one request in flight
 * (pipelining 1, a single connection), connect and request timeouts, cancellation, a response size
 * limit. Bodies are collected as bytes and decoded once, so chunks may split anywhere, even inside
 * a multi-byte character (wsman-amt.md §1.6).
 */
import { Client } from 'undici';
import { OutbandError } from '../../shared/errors';
import { createConnector, type TlsOptions } from './connector';

/** Where and how to reach one device over HTTP(S). */
export interface TransportOptions {
  host: string;
  port: number;
  /** TLS settings; undefined means plain HTTP. */
  tls?: TlsOptions;
  /** TCP (and TLS handshake) timeout; default 10 s. */
  connectTimeoutMs?: number;
  /** Whole-request timeout once connected; default 60 s. */
  requestTimeoutMs?: number;
  /** Largest accepted response body; default 4 MiB. */
  maxResponseBytes?: number;
  /** How long an idle connection is kept; default 4 s, below the ~5–6 s firmware and consoles use. */
  keepAliveMs?: number;
  /** Told when the connection opens (true) or closes (false), e.g. for a pool's socket cap. */
  onConnection?: (open: boolean) => void;
}

/** One HTTP exchange. */
export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const NETWORK_CODES: Record<string, [string, string]> = {
  ECONNREFUSED: ['wsman.connection-refused', 'refused the connection (nothing listens on that port)'],
  EHOSTUNREACH: ['wsman.host-unreachable', 'is unreachable (no route to host)'],
  ENETUNREACH: ['wsman.host-unreachable', 'is unreachable (network unreachable)'],
  EHOSTDOWN: ['wsman.host-unreachable', 'is down'],
  ENOTFOUND: ['wsman.host-not-found', 'could not be resolved'],
  EAI_AGAIN: ['wsman.host-not-found', 'could not be resolved (DNS temporarily failed)'],
  ETIMEDOUT: ['wsman.connect-timeout', 'did not answer the connection attempt'],
  UND_ERR_CONNECT_TIMEOUT: ['wsman.connect-timeout', 'did not answer the connection attempt'],
  ECONNRESET: ['wsman.connection-reset', 'closed the connection unexpectedly'],
  EPIPE: ['wsman.connection-reset', 'closed the connection unexpectedly'],
  UND_ERR_SOCKET: ['wsman.connection-reset', 'closed the connection unexpectedly'],
  UND_ERR_CLOSED: ['wsman.connection-reset', 'closed the connection unexpectedly'],
  UND_ERR_HEADERS_TIMEOUT: ['wsman.timeout', 'did not answer in time'],
  UND_ERR_BODY_TIMEOUT: ['wsman.timeout', 'did not finish its answer in time'],
};

/** Turns a socket, TLS or undici error into a typed OutbandError with a distinct code. */
export function mapNetworkError(err: unknown, where: string): OutbandError {
  if (err instanceof OutbandError) return err;
  const e = err as { code?: string; message?: string; cause?: unknown };
  if (e?.cause instanceof OutbandError) return e.cause;
  const code = e?.code ?? '';
  const known = NETWORK_CODES[code];
  if (known) return new OutbandError(known[0], `${where} ${known[1]}.`, { cause: code });
  if (/CERT|SELF_SIGNED|UNABLE_TO_|ERR_TLS_CERT_ALTNAME/.test(code)) {
    return new OutbandError('wsman.tls-untrusted', `The TLS certificate of ${where} is not trusted (${code}).`, {
      cause: code,
    });
  }
  if (code.startsWith('ERR_SSL') || /handshake|ssl|tls/i.test(e?.message ?? '')) {
    return new OutbandError(
      'wsman.tls-handshake-failed',
      `The TLS handshake with ${where} failed: ${e?.message ?? code}.`,
      {
        cause: code,
      },
    );
  }
  return new OutbandError('wsman.network-error', `Talking to ${where} failed: ${e?.message ?? String(err)}.`, {
    cause: code,
  });
}

function cancelled(): Error {
  return new DOMException('The operation was cancelled.', 'AbortError');
}

/** HTTP transport of one device; counts round trips. */
export class HttpTransport {
  /** HTTP requests sent so far (for benchmarks: one per WS-Man call once digest is warm). */
  roundTrips = 0;
  /** TCP connections opened so far (over TLS each is a handshake, full or resumed). */
  connects = 0;
  private client: Client;
  private open = false;
  private readonly where: string;
  private readonly requestTimeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(private readonly opts: TransportOptions) {
    const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    this.where = `${hostForUrl}:${opts.port}`;
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 60_000;
    this.maxResponseBytes = opts.maxResponseBytes ?? 4 * 1024 * 1024;
    this.client = this.newClient();
  }

  /** True while a connection to the device is open (idle or busy). */
  get connected(): boolean {
    return this.open;
  }

  private newClient(): Client {
    const opts = this.opts;
    const client = new Client(`${opts.tls ? 'https' : 'http'}://${this.where}`, {
      pipelining: 1,
      keepAliveTimeout: opts.keepAliveMs ?? 4_000,
      keepAliveMaxTimeout: opts.keepAliveMs ?? 4_000,
      headersTimeout: this.requestTimeoutMs,
      bodyTimeout: this.requestTimeoutMs,
      connect: createConnector({
        host: opts.host,
        port: opts.port,
        tls: opts.tls,
        connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
      }),
    });
    client.on('connect', () => {
      if (this.client !== client) return;
      this.connects++;
      this.setOpen(true);
    });
    client.on('disconnect', () => {
      if (this.client === client) this.setOpen(false);
    });
    return client;
  }

  private setOpen(open: boolean): void {
    if (this.open === open) return;
    this.open = open;
    this.opts.onConnection?.(open);
  }

  /**
   * Closes the idle connection but keeps the transport usable: the next request connects again
   * (a pool does this to stay under its socket cap while keeping the digest state).
   */
  async dropConnection(): Promise<void> {
    const old = this.client;
    this.client = this.newClient();
    this.setOpen(false);
    await old.close().catch(() => old.destroy());
  }

  /** POSTs a body to /wsman and returns status, headers and the whole decoded body (at most `maxBytes`, and never more than the transport's own cap). */
  async post(
    path: string,
    body: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
    maxBytes?: number,
  ): Promise<HttpResult> {
    signal?.throwIfAborted();
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    this.roundTrips++;
    try {
      const res = await this.client.request({ path, method: 'POST', headers, body, signal: combined });
      const text = await this.readBody(res.body, res.headers['content-length'], maxBytes);
      return { status: res.statusCode, headers: res.headers, body: text };
    } catch (err) {
      if (signal?.aborted) throw cancelled();
      if (timeout.aborted) {
        throw new OutbandError('wsman.timeout', `${this.where} did not answer within ${this.requestTimeoutMs} ms.`);
      }
      throw mapNetworkError(err, this.where);
    }
  }

  private async readBody(
    stream: AsyncIterable<Buffer> & { destroy(): void },
    declared: unknown,
    maxBytes?: number,
  ): Promise<string> {
    const limit = maxBytes === undefined ? this.maxResponseBytes : Math.min(maxBytes, this.maxResponseBytes);
    const tooLarge = () =>
      new OutbandError(
        'wsman.response-too-large',
        `The reply of ${this.where} is larger than ${limit} bytes; refused.`,
      );
    if (typeof declared === 'string' && Number(declared) > limit) {
      stream.destroy();
      throw tooLarge();
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        throw tooLarge();
      }
      chunks.push(chunk);
    }
    return new TextDecoder('utf-8').decode(Buffer.concat(chunks, size));
  }

  /** Closes the connection gracefully, or destroys it when a request still hangs after a second. */
  async close(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const force = new Promise<void>((resolve) => {
      timer = setTimeout(() => void this.client.destroy().then(resolve, resolve), 1_000);
    });
    await Promise.race([this.client.close().catch(() => this.client.destroy()), force]);
    clearTimeout(timer);
    this.setOpen(false);
  }
}
