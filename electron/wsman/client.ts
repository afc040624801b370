/**
 * The WS-Man client of one device: serialises requests (one in flight), bounds concurrency across
 * devices with a shared Limiter, pre-authorises with the cached digest challenge (one HTTP round
 * trip per request once warm), retries once on a fresh challenge, and turns HTTP statuses and SOAP
 * faults into typed errors.
 */
import { OutbandError } from '../../shared/errors';
import { DigestSession, pickDigestChallenge } from './digest';
import { messageIdOf, requestActionOf } from './envelope';
import { Limiter, SerialQueue } from './limiter';
import {
  readEnumerationPage,
  readFault,
  faultError,
  parseResponse,
  replyLimitsFor,
  type WsmanResponse,
} from './response';
import { TlsSessionCache, type TlsOptions } from './connector';
import { HttpTransport, type HttpResult, type TransportOptions } from './transport';
import type { XmlElement, XmlLimits } from './xml';

/** Everything needed to talk to one device. */
export interface WsmanClientOptions extends TransportOptions {
  username: string;
  password: string;
  /** Shared across devices to bound how many are talked to at once; default: a process-wide limiter of 16. */
  limiter?: Limiter;
  /** The realm the device is known to use; a different one is reported as `wsman.realm-changed`. */
  expectedRealm?: string;
  /** Accept a realm that changes during the session (e.g. right after activation) instead of failing. */
  allowRealmChange?: boolean;
  /** Told when the device's digest realm differs from the one seen or expected before. */
  onRealmChange?: (previous: string, current: string) => void;
}

/** Per-call options. */
export interface CallOptions {
  signal?: AbortSignal;
}

const defaultLimiter = new Limiter(16);
const PATH = '/wsman';
const IDEMPOTENT_ACTIONS = /\/(transfer\/Get|enumeration\/Enumerate|enumeration\/Pull)$/;
const MAX_PULLS = 10_000;

function headerValues(h: string | string[] | undefined): string[] {
  return h === undefined ? [] : Array.isArray(h) ? h : [h];
}

/** A WS-Man client bound to one device. */
export class WsmanClient {
  private readonly transport: HttpTransport;
  private readonly digest: DigestSession;
  private readonly queue = new SerialQueue();
  private readonly enumQueue = new SerialQueue();
  private readonly limiter: Limiter;
  private knownRealm: string | undefined;
  /** TLS handshakes that resumed a session instead of a full handshake. */
  resumedHandshakes = 0;
  private fingerprint: string | undefined;
  private server: string | undefined;
  /** The TLS settings the connector reads at every connect; `pin` is set here after a first use. */
  private readonly tls: TlsOptions | undefined;

  constructor(private readonly opts: WsmanClientOptions) {
    this.tls = opts.tls
      ? {
          ...opts.tls,
          // Tickets live as long as this client (a pooled session keeps them across jobs).
          sessions: opts.tls.sessions ?? new TlsSessionCache(),
          onFingerprint: (fp: string) => this.noteFingerprint(fp),
          onHandshake: (resumed: boolean) => {
            if (resumed) this.resumedHandshakes++;
            opts.tls?.onHandshake?.(resumed);
          },
        }
      : undefined;
    this.transport = new HttpTransport({ ...opts, tls: this.tls });
    this.digest = new DigestSession(opts.username, opts.password);
    this.limiter = opts.limiter ?? defaultLimiter;
    this.knownRealm = opts.expectedRealm;
  }

  /** HTTP requests sent so far, including digest challenges and retries. */
  get roundTrips(): number {
    return this.transport.roundTrips;
  }

  /** TCP connections opened so far (each a TLS handshake over TLS, full or resumed). */
  get connects(): number {
    return this.transport.connects;
  }

  /** True while a connection to the device is open. */
  get connected(): boolean {
    return this.transport.connected;
  }

  /** The pin every later connect must meet: the stored one, or the certificate trusted on first use. */
  get pinnedFingerprint(): string | undefined {
    return this.tls?.pin;
  }

  /** The realm this client holds the device to (expected, or first seen). */
  get expectedRealm(): string | undefined {
    return this.knownRealm;
  }

  /** Closes the open connection but keeps the digest state and TLS tickets for the next request. */
  dropConnection(): Promise<void> {
    return this.transport.dropConnection();
  }

  /**
   * The SHA-256 fingerprint of the device's TLS certificate ("AB:CD:…"): the pinned one, or the one
   * of this session's first handshake, which every later handshake of the session must repeat.
   */
  get tlsFingerprint(): string | undefined {
    return this.fingerprint;
  }

  /** The digest realm of the device, once known. */
  get realm(): string | undefined {
    return this.digest.realm ?? this.knownRealm;
  }

  /** The HTTP `Server` header (an AMT version hint, e.g. "Intel(R) Active Management Technology 16.1.25"). */
  get serverHeader(): string | undefined {
    return this.server;
  }

  /** Sends one envelope and returns the parsed reply; faults and HTTP errors throw typed errors. */
  send(envelope: string, opts: CallOptions = {}): Promise<WsmanResponse> {
    return this.queue.run(() => this.limiter.run(() => this.exchange(envelope, opts.signal), opts.signal));
  }

  /** Runs an Enumerate and then Pulls until EndOfSequence; returns every item element. */
  enumerate(
    enumerateEnvelope: string,
    pullEnvelope: (context: string) => string,
    opts: CallOptions = {},
  ): Promise<XmlElement[]> {
    return this.enumQueue.run(async () => {
      let page = readEnumerationPage(await this.send(enumerateEnvelope, opts));
      const items = [...page.items];
      for (let pulls = 0; !page.endOfSequence && page.context; pulls++) {
        if (pulls >= MAX_PULLS) throw new OutbandError('wsman.enumeration-too-long', 'The enumeration did not end.');
        page = readEnumerationPage(await this.send(pullEnvelope(page.context), opts));
        for (const item of page.items) items.push(item);
      }
      return items;
    });
  }

  /** Closes the device connection. */
  close(): Promise<void> {
    return this.transport.close();
  }

  private noteFingerprint(fp: string): void {
    this.fingerprint = fp;
    // Trust on first use covers the whole session: a reconnect (idle keep-alive closed, a reset,
    // a 401's Connection: close) must meet the same certificate, or it fails as a pin mismatch.
    if (this.tls && this.tls.pin === undefined) this.tls.pin = fp;
    this.opts.tls?.onFingerprint?.(fp);
  }

  private async exchange(envelope: string, signal?: AbortSignal): Promise<WsmanResponse> {
    const idempotent = IDEMPOTENT_ACTIONS.test(requestActionOf(envelope));
    // The work a reply may cause is bounded by what was asked: an instance Get or Invoke reply is
    // small, only enumerations may be large (issue 14: bound the work, not only the bytes).
    const limits = replyLimitsFor(envelope);
    let freshChallenge = false;
    let resetRetried = false;
    for (;;) {
      const headers: Record<string, string> = { 'content-type': 'application/soap+xml; charset=utf-8' };
      if (this.digest.ready) headers.authorization = this.digest.authorize('POST', PATH);
      let res: HttpResult;
      try {
        res = await this.transport.post(PATH, envelope, headers, signal, limits.maxBytes);
      } catch (err) {
        // An idle keep-alive socket the device already closed: safe to resend a read once.
        if (idempotent && !resetRetried && err instanceof OutbandError && err.code === 'wsman.connection-reset') {
          resetRetried = true;
          continue;
        }
        throw err;
      }
      this.server = headerValues(res.headers.server)[0] ?? this.server;
      if (res.status !== 401) return this.checkRelatesTo(this.interpret(res, limits), envelope);
      const challenge = pickDigestChallenge(headerValues(res.headers['www-authenticate']));
      if (!challenge || freshChallenge) {
        this.digest.reset();
        throw this.authFailed(challenge === undefined);
      }
      this.checkRealm(challenge.realm);
      this.digest.accept(challenge);
      freshChallenge = true;
    }
  }

  /**
   * A reply must answer this request: its RelatesTo echoes the request's MessageID (wsman-amt.md
   * §1.6). Another value is a reply to another request, or from something that is not the device.
   * A reply without RelatesTo (not seen from firmware, but in some recorded replies) is let
   * through: an impostor could echo the MessageID anyway, so refusing it would protect nothing.
   */
  private checkRelatesTo(reply: WsmanResponse, envelope: string): WsmanResponse {
    const sent = messageIdOf(envelope);
    if (sent === undefined || reply.relatesTo === undefined || reply.relatesTo === sent) return reply;
    throw new OutbandError(
      'wsman.reply-mismatch',
      `The reply of ${this.opts.host}:${this.opts.port} does not answer the request (RelatesTo ${reply.relatesTo}, expected ${sent}); something other than the device may be answering at that address.`,
      { expected: sent, relatesTo: reply.relatesTo },
    );
  }

  private checkRealm(realm: string): void {
    const previous = this.knownRealm;
    this.knownRealm = realm;
    if (previous === undefined || previous === realm) return;
    this.opts.onRealmChange?.(previous, realm);
    if (!this.opts.allowRealmChange) {
      this.digest.reset();
      throw new OutbandError(
        'wsman.realm-changed',
        `The digest realm of the device changed from ${previous} to ${realm}; it may have been re-provisioned or replaced.`,
        { previous, current: realm },
      );
    }
  }

  private authFailed(noDigest: boolean): OutbandError {
    if (noDigest) {
      return new OutbandError(
        'wsman.auth-unsupported',
        'The device asked for authentication but offered no HTTP Digest challenge.',
      );
    }
    // AMT's 401 page always mentions a possible lockout, so it tells nothing; say both.
    return new OutbandError(
      'wsman.auth-failed',
      `The device refused the credentials for user "${this.opts.username}" (HTTP 401): wrong user name or password, or the account is temporarily locked.`,
    );
  }

  private interpret(res: HttpResult, limits: Readonly<XmlLimits>): WsmanResponse {
    const body = res.body.trim();
    const looksSoap = body.startsWith('<') && /Envelope/.test(body.slice(0, 2000));
    if (res.status === 200) return this.parseOk(body, limits);
    if (looksSoap) {
      let parsed: WsmanResponse | undefined;
      try {
        parsed = parseResponse(body, limits);
      } catch {
        parsed = undefined;
      }
      const fault = parsed && readFault(parsed);
      if (fault) throw faultError(fault, res.status);
    }
    if (res.status === 400) {
      return this.fail(
        'wsman.bad-request',
        body === ''
          ? 'The device rejected the request (HTTP 400 with an empty body).'
          : 'The device rejected the request (HTTP 400).',
        res.status,
      );
    }
    if (res.status >= 500)
      return this.fail('wsman.server-error', `The device reported an internal error (HTTP ${res.status}).`, res.status);
    return this.fail('wsman.http-error', `The device answered HTTP ${res.status}.`, res.status);
  }

  private parseOk(body: string, limits: Readonly<XmlLimits>): WsmanResponse {
    if (body === '')
      throw new OutbandError('wsman.unexpected-response', 'The device answered HTTP 200 with an empty body.');
    const parsed = parseResponse(body, limits);
    const fault = readFault(parsed);
    if (fault) throw faultError(fault, 200);
    return parsed;
  }

  private fail(code: string, message: string, status: number): never {
    throw new OutbandError(code, message, { httpStatus: status });
  }
}
