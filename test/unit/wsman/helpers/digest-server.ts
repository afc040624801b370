// Test scaffolding: a loopback HTTP server that checks HTTP Digest the way AMT does (its own MD5
// code, independent of the client under test) and answers with a canned SOAP body.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export interface DigestServerOptions {
  user?: string;
  password?: string;
  realm?: string;
  /** The qop value offered in the challenge, e.g. `auth` or `auth-int, auth`. */
  qop?: string;
  /** After this many accepted requests with one nonce, answer 401 stale=true with a new nonce. */
  nonceLifetime?: number;
  /** The body of a 200; `(req body) => string`. */
  reply?: (requestBody: string) => string | Buffer;
  /** Splits the 200 body into chunks at these byte offsets (chunked encoding). */
  chunkAt?: number[];
  /** Never answer (to test timeouts). */
  hang?: boolean;
  /** Status and body to send instead of 200 once authenticated. */
  status?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

export interface SeenAuth {
  nonce: string;
  nc: string;
  qop?: string;
}

/** A loopback digest server with counters the tests read. */
export class DigestServer {
  readonly server: http.Server;
  opts: DigestServerOptions;
  /** Valid nonces with the highest nc accepted for each, and how often each was used. */
  private readonly nonces = new Map<string, { nc: number; uses: number }>();
  /** Authorization parameters of every authenticated request. */
  readonly seen: SeenAuth[] = [];
  requests = 0;
  challenges = 0;
  connections = 0;
  inFlight = 0;
  maxInFlight = 0;

  constructor(opts: DigestServerOptions = {}) {
    this.opts = opts;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    this.server = opts.tls
      ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler)
      : http.createServer(handler);
    this.server.on(opts.tls ? 'secureConnection' : 'connection', () => this.connections++);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  listen(): Promise<this> {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(this)));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private challenge(res: http.ServerResponse, stale: boolean): void {
    this.challenges++;
    // Like AMT, every challenge carries a fresh nonce.
    const nonce = randomBytes(16).toString('base64');
    this.nonces.set(nonce, { nc: 0, uses: 0 });
    const realm = this.opts.realm ?? 'Digest:34BF4B5A0561F95248F58509A406E046';
    // The same mixed separators AMT sends: no space before stale and qop.
    res.writeHead(401, {
      'WWW-Authenticate': `Digest realm="${realm}", nonce="${nonce}",stale="${stale}",qop="${this.opts.qop ?? 'auth'}"`,
      'Content-Type': 'text/html',
      Connection: 'close',
    });
    res.end(
      '<html><body>Log on failed. Incorrect user name or password, or user account temporarily locked.</body></html>',
    );
  }

  private parseAuth(header: string | undefined): Record<string, string> | undefined {
    if (!header?.startsWith('Digest ')) return undefined;
    const out: Record<string, string> = {};
    for (const m of header.slice(7).matchAll(/(\w+)=("([^"]*)"|[^,\s]*)/g)) out[m[1]] = m[3] ?? m[2];
    return out;
  }

  private verify(req: http.IncomingMessage): 'ok' | 'stale' | 'bad' {
    const a = this.parseAuth(req.headers.authorization);
    if (!a) return 'bad';
    const user = this.opts.user ?? 'admin';
    const ha1 = md5(`${user}:${a.realm}:${this.opts.password ?? 'P@ssw0rd'}`);
    const ha2 = md5(`POST:${a.uri}`);
    const expected = md5(`${ha1}:${a.nonce}:${a.nc}:${a.cnonce}:${a.qop}:${ha2}`);
    if (a.username !== user || a.uri !== '/wsman' || a.response !== expected || a.qop !== 'auth') return 'bad';
    const state = this.nonces.get(a.nonce);
    if (!state) return 'stale';
    const nc = parseInt(a.nc, 16);
    if (!(nc > state.nc)) return 'bad'; // a replayed or missing nc
    state.nc = nc;
    if (this.opts.nonceLifetime !== undefined && ++state.uses >= this.opts.nonceLifetime) this.nonces.delete(a.nonce);
    this.seen.push({ nonce: a.nonce, nc: a.nc, qop: a.qop });
    return 'ok';
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const verdict = this.verify(req);
      if (verdict === 'stale') return this.challenge(res, true);
      if (verdict === 'bad') return this.challenge(res, false);
      if (this.opts.hang) return;
      this.reply(res, Buffer.concat(chunks).toString('utf8'));
    });
  }

  private reply(res: http.ServerResponse, requestBody: string): void {
    const body = Buffer.from(this.opts.reply?.(requestBody) ?? '');
    res.writeHead(this.opts.status ?? 200, {
      'Content-Type': 'application/soap+xml; charset=UTF-8',
      Server: 'Intel(R) Active Management Technology 16.1.25.2124',
    });
    const cuts = [0, ...(this.opts.chunkAt ?? []), body.length];
    const parts = cuts.slice(1).map((end, i) => body.subarray(cuts[i], end));
    const writeNext = (i: number) => {
      if (i >= parts.length) return void res.end();
      res.write(parts[i]);
      setTimeout(() => writeNext(i + 1), 2);
    };
    writeNext(0);
  }
}

/** Starts a digest server on 127.0.0.1 with a free port. */
export function startDigestServer(opts: DigestServerOptions = {}): Promise<DigestServer> {
  return new DigestServer(opts).listen();
}
