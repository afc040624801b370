/**
 * A Serial-over-LAN session (redirection.md §3–§4): StartRedirectionSession "SOL ", authentication
 * (query, then digest with qop=auth; plain only when it is all the device offers, and without TLS
 * only when the caller allowed it), StartSOL, then data both ways with heartbeats, and the polite
 * close 0x22 → 0x23 → 0x12.
 */
import { createHash, randomBytes } from 'node:crypto';
import type net from 'node:net';
import { OutbandError } from '../../shared/errors';
import type { SolConnectOptions, SolSession } from './index';
import {
  AUTH,
  DEFAULT_SOL_SETTINGS,
  DIGEST_METHOD,
  DIGEST_URI,
  MSG,
  REDIRECTION_PORT,
  REDIRECTION_TLS_PORT,
  SESSION_STATUS,
  STATUS_POWER_ON,
  authenticateMessage,
  deviceMessageLength,
  endSessionMessage,
  endSolMessage,
  heartbeatMessage,
  lengthPrefixed,
  readLengthPrefixed,
  solDataMessage,
  startSessionMessage,
  startSolMessage,
  type SolSettings,
} from './protocol';
import { connectRedirection } from './transport';

/** Internal knobs (tests, tuning); the public contract is SolConnectOptions. */
export interface SolTuning {
  connectTimeoutMs?: number;
  /** How long each handshake step may wait for the device (default 15 s). */
  handshakeTimeoutMs?: number;
  /** The console sends a heartbeat when it has sent nothing for this long (default 2 s, as MeshCommander). */
  keepAliveMs?: number;
  /** The session is declared lost after this long without a byte from the device (default 20 s, as amtterm). */
  idleTimeoutMs?: number;
  settings?: Partial<SolSettings>;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

function protocolError(what: string): OutbandError {
  return new OutbandError(
    'redirection.protocol',
    `The device broke the redirection protocol (${what}). Retry; if it persists, the firmware speaks a variant Outband does not know — report it with the AMT version.`,
  );
}

/** What to do when the device refuses SOL, said for any caller; the app and the CLI pass their own. */
const GENERIC_SOL_ADVICE =
  "Allow SOL in the device's redirection service (AMT_RedirectionService) and open its redirection listener, " +
  'check that SOL is enabled in the MEBx, and get user consent first on a device in client control mode.';

function solUnavailable(opts: SolConnectOptions, why: string): OutbandError {
  return new OutbandError(
    'redirection.sol-unavailable',
    `${opts.host} refused Serial-over-LAN (${why}). ${opts.advice?.solUnavailable ?? GENERIC_SOL_ADVICE}`,
  );
}

function closedError(message: string): OutbandError {
  return new OutbandError('redirection.closed', message);
}

/** Splits the socket stream into device messages and hands them to a waiter or a handler. */
class MessageReader {
  private buf: Buffer = Buffer.alloc(0);
  private queue: Buffer[] = [];
  private waiter: { resolve: (m: Buffer) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  /** Which messages may come: the handshake's, or (after the SOL start reply) only the running session's. */
  private phase: 'handshake' | 'sol' = 'handshake';
  /** Set once SOL runs: messages go here instead of the queue. */
  handler: ((m: Buffer) => void) | null = null;

  constructor(private readonly onFailure: (e: OutbandError) => void) {}

  push(chunk: Buffer): void {
    // After a failure the stream is not trusted any more: nothing more is kept or delivered.
    if (this.failure !== null) return;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    for (;;) {
      const n = deviceMessageLength(this.buf, this.phase);
      if (typeof n !== 'number') {
        this.buf = Buffer.alloc(0);
        return this.fail(protocolError(n.refused));
      }
      if (n === 0) return;
      const msg = Buffer.from(this.buf.subarray(0, n));
      this.buf = this.buf.subarray(n);
      // What follows the SOL start reply belongs to the running session and is framed by its rules.
      if (msg[0] === MSG.startSolReply) this.phase = 'sol';
      this.deliver(msg);
      if (this.failure !== null) return;
    }
  }

  private deliver(msg: Buffer): void {
    if (this.handler !== null) return this.handler(msg);
    if (this.waiter !== null) {
      const w = this.waiter;
      this.waiter = null;
      return w.resolve(msg);
    }
    this.queue.push(msg);
  }

  /** Ends every wait with this error (socket closed, aborted, protocol error). */
  fail(e: Error): void {
    if (this.failure !== null) return;
    this.failure = e;
    const w = this.waiter;
    this.waiter = null;
    w?.reject(e);
    if (e instanceof OutbandError) this.onFailure(e);
  }

  /** The next message during the handshake, or a timeout. */
  next(timeoutMs: number, step: string): Promise<Buffer> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.failure !== null) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(
          new OutbandError(
            'redirection.timeout',
            `The device did not answer ${step} within ${Math.round(timeoutMs / 1000)} s. Check that it is reachable and retry.`,
          ),
        );
      }, timeoutMs);
      this.waiter = {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  /** Messages that arrived before the handler was set. */
  drain(): Buffer[] {
    const q = this.queue;
    this.queue = [];
    return q;
  }
}

function expectType(msg: Buffer, type: number, step: string): void {
  if (msg[0] !== type) throw protocolError(`expected 0x${type.toString(16)} for ${step}, got 0x${msg[0].toString(16)}`);
}

/** What goes into a redirection digest response (redirection.md §3.3). */
export interface DigestInput {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  cnonce: string;
  nc: string;
  /** 'auth' for type 4 (RFC 2617 with qop); absent for type 3, which hashes neither cnonce nor nc. */
  qop?: 'auth';
}

/**
 * The response field of the digest login: HA1 = MD5(user:realm:password), HA2 =
 * MD5("POST:/RedirectionService"), then MD5(HA1:nonce:nc:cnonce:qop:HA2) for type 4 or
 * MD5(HA1:nonce:HA2) for type 3, all lower-case hex.
 */
export function digestResponse(d: DigestInput): string {
  const ha1 = md5(`${d.username}:${d.realm}:${d.password}`);
  const ha2 = md5(`${DIGEST_METHOD}:${DIGEST_URI}`);
  return d.qop === 'auth'
    ? md5(`${ha1}:${d.nonce}:${d.nc}:${d.cnonce}:${d.qop}:${ha2}`)
    : md5(`${ha1}:${d.nonce}:${ha2}`);
}

/** The auth reply's status, type and data. */
function authReply(msg: Buffer): { status: number; type: number; data: Buffer } {
  expectType(msg, MSG.authenticateReply, 'authentication');
  return { status: msg[1], type: msg[4], data: msg.subarray(9) };
}

async function authenticate(
  socket: net.Socket,
  reader: MessageReader,
  opts: SolConnectOptions,
  timeoutMs: number,
): Promise<'digest' | 'plain'> {
  socket.write(authenticateMessage(AUTH.query, Buffer.alloc(0)));
  const query = authReply(await reader.next(timeoutMs, 'the authentication query'));
  if (query.type !== AUTH.query || query.status !== 0) throw protocolError('bad reply to the authentication query');
  const offered = new Set(query.data);
  const digestType = offered.has(AUTH.digestQop) ? AUTH.digestQop : offered.has(AUTH.digest) ? AUTH.digest : null;
  const failed = () =>
    new OutbandError(
      'redirection.auth-failed',
      `${opts.host} rejected the user name or password for Serial-over-LAN. Check the device credentials (the same digest account as WS-Man).`,
    );
  if (digestType === null) {
    if (!offered.has(AUTH.plain)) {
      const list = [...offered].join(', ') || 'none';
      throw new OutbandError(
        'redirection.auth-unsupported',
        `${opts.host} offers no redirection login Outband supports (methods ${list}; Outband speaks digest 3/4 and plain 1). Kerberos-only devices need a Kerberos-capable console.`,
      );
    }
    if (!opts.tls && opts.allowPlainLogin !== true) {
      // Checked before a byte of the password leaves: on plain TCP the query reply itself may be forged.
      throw new OutbandError(
        'redirection.plain-only',
        `${opts.host} offers only the legacy plain login for Serial-over-LAN, which would send the password unencrypted ` +
          `over the network (a rewritten reply can also fake this offer), so Outband did not log in. ` +
          (opts.advice?.plainOnly ??
            'Connect over TLS (port 16995), or allow it explicitly (allowPlainLogin) only on a network you trust.'),
      );
    }
    opts.onWarning?.(
      `${opts.host} offers only the legacy plain login for redirection (deprecated since AMT 7.0): the password is sent ` +
        `${opts.tls ? 'inside TLS but not hashed' : 'unencrypted over the network'}. Turn off the MEBx "username/password" redirection option${opts.tls ? '' : ' or use TLS (port 16995)'}.`,
    );
    const data = lengthPrefixed([opts.username, opts.password]);
    socket.write(authenticateMessage(AUTH.plain, data));
    const result = authReply(await reader.next(timeoutMs, 'the login'));
    if (result.status !== 0) throw failed();
    return 'plain';
  }
  // Initial request: user, empty realm and nonce, the URI, then empty cnonce, nc, response (and qop).
  const empties = digestType === AUTH.digestQop ? 4 : 3;
  const initial = lengthPrefixed([opts.username, '', '', DIGEST_URI, ...Array<string>(empties).fill('')]);
  socket.write(authenticateMessage(digestType, initial));
  const challenge = authReply(await reader.next(timeoutMs, 'the digest request'));
  if (challenge.status === 0) return 'digest'; // a device that needs no proof; never seen, but harmless
  if (challenge.status !== 1 || challenge.type !== digestType) {
    if (challenge.status === 2) throw failed();
    throw protocolError('no digest challenge');
  }
  const fields = readLengthPrefixed(challenge.data);
  if (fields === null || fields.length < 2) throw protocolError('malformed digest challenge');
  const [realm, nonce] = fields;
  const cnonce = randomBytes(16).toString('hex');
  const nc = '00000001';
  const response = digestResponse({
    username: opts.username,
    password: opts.password,
    realm,
    nonce,
    cnonce,
    nc,
    qop: digestType === AUTH.digestQop ? 'auth' : undefined,
  });
  const answer = [opts.username, realm, nonce, DIGEST_URI, cnonce, nc, response];
  if (digestType === AUTH.digestQop) answer.push('auth');
  socket.write(authenticateMessage(digestType, lengthPrefixed(answer)));
  const result = authReply(await reader.next(timeoutMs, 'the digest response'));
  if (result.status !== 0) throw failed();
  return 'digest';
}

/** Opens a SOL session: connect, session start, login, StartSOL. */
export async function openSol(opts: SolConnectOptions & SolTuning): Promise<SolSession> {
  const port = opts.port ?? (opts.tls ? REDIRECTION_TLS_PORT : REDIRECTION_PORT);
  const timeoutMs = opts.handshakeTimeoutMs ?? 15_000;
  const settings: SolSettings = { ...DEFAULT_SOL_SETTINGS, ...opts.settings };
  const socket = await connectRedirection({
    host: opts.host,
    port,
    tls: opts.tls,
    connectTimeoutMs: opts.connectTimeoutMs ?? 10_000,
    signal: opts.signal,
  });
  socket.setNoDelay(true);
  let session: Session | null = null;
  const reader = new MessageReader((e) => session?.fail(e));
  socket.on('data', (chunk: Buffer) => reader.push(chunk));
  socket.on('error', (e) => {
    const err = closedError(`The Serial-over-LAN connection to ${opts.host} failed (${e.message}).`);
    reader.fail(err);
  });
  socket.on('close', () =>
    reader.fail(
      closedError(
        `${opts.host} closed the Serial-over-LAN connection. Another console may have taken the session, or redirection was turned off.`,
      ),
    ),
  );
  const onAbort = () => {
    reader.fail(opts.signal!.reason as Error);
    socket.destroy();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    socket.write(startSessionMessage());
    const start = await reader.next(timeoutMs, 'the session start').catch((e: unknown) => {
      // Firmware with the redirection listener off drops the connection before it says anything.
      if (e instanceof OutbandError && e.code === 'redirection.closed') {
        throw solUnavailable(opts, 'it closed the connection at once: its redirection listener is off');
      }
      throw e;
    });
    expectType(start, MSG.startSessionReply, 'the session start');
    const status = start[1];
    if (status === SESSION_STATUS.busy) {
      throw new OutbandError(
        'redirection.busy',
        `${opts.host} already has a Serial-over-LAN session open (another console). Close it there, then retry.`,
      );
    }
    if (status === SESSION_STATUS.unknownType || status === SESSION_STATUS.unsupported) {
      throw solUnavailable(opts, 'the device does not accept SOL sessions');
    }
    if (status !== SESSION_STATUS.ok) throw protocolError(`session start status ${status}`);
    const authMethod = await authenticate(socket, reader, opts, timeoutMs);
    let seq = 1;
    socket.write(startSolMessage(seq++, settings));
    const sol = await reader.next(timeoutMs, 'the SOL start');
    expectType(sol, MSG.startSolReply, 'the SOL start');
    if (sol[1] !== 0) throw solUnavailable(opts, `StartSOL status ${sol[1]}`);
    session = new Session(socket, reader, opts, authMethod, settings, seq);
    return session;
  } catch (e) {
    socket.destroy();
    throw opts.signal?.aborted ? opts.signal.reason : e;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

class Session implements SolSession {
  private readonly dataListeners = new Set<(data: Uint8Array) => void>();
  private readonly closeListeners = new Set<(error?: OutbandError) => void>();
  /** Host output that came before anyone listened. */
  private pending: Buffer[] = [];
  private closed = false;
  /** Why the session ended abnormally, for listeners that subscribe after the end. */
  private closeError: OutbandError | undefined;
  private closing: Promise<void> | null = null;
  private endSolAck: (() => void) | null = null;
  private lastSent = Date.now();
  private lastReceived = Date.now();
  private readonly timer: NodeJS.Timeout;
  private poweredOn: boolean | null = null;

  constructor(
    private readonly socket: net.Socket,
    reader: MessageReader,
    private readonly opts: SolConnectOptions & SolTuning,
    readonly authMethod: 'digest' | 'plain',
    private readonly settings: SolSettings,
    private seq: number,
  ) {
    socket.on('data', () => (this.lastReceived = Date.now()));
    reader.handler = (m) => this.onMessage(m);
    for (const m of reader.drain()) this.onMessage(m);
    const keepAliveMs = opts.keepAliveMs ?? 2000;
    const idleMs = opts.idleTimeoutMs ?? 20_000;
    this.timer = setInterval(
      () => {
        const now = Date.now();
        if (now - this.lastReceived > idleMs) {
          this.fail(
            closedError(
              `${opts.host} sent nothing for ${Math.round(idleMs / 1000)} s; the Serial-over-LAN connection is lost. Reconnect.`,
            ),
          );
        } else if (now - this.lastSent >= keepAliveMs) {
          this.send(heartbeatMessage(this.seq++));
        }
      },
      Math.min(keepAliveMs, 1000),
    );
    this.timer.unref();
  }

  private send(msg: Buffer): void {
    if (this.socket.destroyed) return;
    this.lastSent = Date.now();
    this.socket.write(msg);
  }

  private onMessage(m: Buffer): void {
    switch (m[0]) {
      case MSG.solDataFromHost: {
        const data = m.subarray(10);
        if (this.dataListeners.size === 0) this.pending.push(data);
        else for (const l of this.dataListeners) l(data);
        return;
      }
      case MSG.solControls: {
        const on = (m[9] & STATUS_POWER_ON) !== 0;
        if (!on && this.poweredOn !== false) {
          this.opts.onWarning?.(
            `${this.opts.host} reports the system is powered off; the console shows output once it is on.`,
          );
        }
        this.poweredOn = on;
        return;
      }
      case MSG.heartbeat:
      case MSG.keepAlivePing:
        // amtterm echoes device heartbeats byte for byte; firmware takes that as the console's sign of life.
        return this.send(Buffer.from(m));
      case MSG.keepAlivePong:
        return;
      case MSG.endSolReply:
        if (this.endSolAck !== null) return this.endSolAck();
        this.send(endSessionMessage());
        return this.fail(closedError(`${this.opts.host} ended the Serial-over-LAN session.`));
      default:
        return this.fail(protocolError(`unexpected message 0x${m[0].toString(16)} during SOL`));
    }
  }

  /** Ends the session abnormally: listeners hear the error once. */
  fail(error: OutbandError): void {
    if (this.closed) return;
    // While closing politely, the device dropping the connection is the expected end.
    this.finish(this.closing !== null ? undefined : error);
    this.socket.destroy();
  }

  private finish(error?: OutbandError): void {
    if (this.closed) return;
    this.closed = true;
    this.closeError = error;
    clearInterval(this.timer);
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    for (const l of listeners) l(error);
  }

  write(data: Uint8Array): void {
    if (this.closed || this.closing !== null) {
      throw closedError('The Serial-over-LAN session is closed; reconnect to type again.');
    }
    const max = Math.max(1, this.settings.maxTxBuffer);
    for (let i = 0; i < data.length; i += max) this.send(solDataMessage(this.seq++, data.subarray(i, i + max)));
  }

  onData(listener: (data: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    if (this.pending.length > 0) {
      const pending = this.pending;
      this.pending = [];
      for (const d of pending) listener(d);
    }
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: OutbandError) => void): () => void {
    if (this.closed) {
      const error = this.closeError;
      queueMicrotask(() => listener(error));
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closing ??= this.politeClose();
    return this.closing;
  }

  private async politeClose(): Promise<void> {
    const acked = new Promise<void>((resolve) => {
      this.endSolAck = resolve;
      setTimeout(resolve, 3000).unref();
      this.closeListeners.add(() => resolve());
    });
    this.send(endSolMessage(this.seq++));
    await acked;
    this.send(endSessionMessage());
    const gone = new Promise<void>((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once('close', () => resolve());
      setTimeout(resolve, 2000).unref();
    });
    this.socket.end();
    await gone;
    this.finish();
    this.socket.destroy();
  }
}
