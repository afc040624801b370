// One simulated AMT device: state, digest auth, plain and TLS listeners, latency and faults, the
// discovery side of firmware (RMCP presence pongs and, in Setup mode, PKI Hellos) and activation:
// in Setup mode the TLS listener takes only a verified mutual-TLS connect-back.
import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';
import { appendAudit, type AuditRecord } from './audit-log';
import { checkConnectBack, presentedChain, type ConnectBackRefusal } from './connect-back';
import { DigestAuthority, type QopOffer } from './digest';
import { dispatch, faultReply, type DispatchContext, type WsmanReply } from './dispatcher';
import { EnumerationStore } from './enumerations';
import { appendEvents, eventOf, type EventKind, type EventRecord } from './event-log';
import { FaultInjector, type InjectedFaultKind } from './fault-injection';
import { INTERNAL_ERROR } from './faults';
import { HelloSender, checkHelloOptions, type HelloOptions, type HelloPhase } from './hello-sender';
import { deviceSeconds, seedHistory, type Requester } from './history';
import { HttpConnection, type HttpRequest } from './http-wire';
import { checkInventory, cloneInventory, type Inventory } from './inventory';
import { isLoopbackV4 } from './loopback';
import { identifyReply } from './replies';
import { RedirectionEndpoint } from './redirection';
import { servingIdentity } from './provisioning';
import { parseRequest, type WsmanRequest } from './request';
import { BAD_REQUEST_PAGE, LOGON_PAGE, UNAUTHORIZED_PAGE, writeChunked, writeFixed } from './responder';
import { RmcpResponder, presencePong, versionParts } from './rmcp-responder';
import { seededRandom } from './rng';
import { createDeviceState, deviceSeed, majorVersion, type DeviceIdentityOptions, type DeviceState } from './state';
import type { TlsIdentity } from './tls-identity';

/** Everything configurable about one device. */
export interface SimDeviceOptions extends DeviceIdentityOptions {
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** Plain HTTP port (0 = any free port; omit for no plain listener unless tlsPort is omitted too). */
  port?: number;
  /** TLS port (0 = any free port; omit for no TLS listener). Needs `tls`. */
  tlsPort?: number;
  /** Certificate shared with other devices; required for tlsPort. */
  tls?: TlsIdentity;
  user?: string;
  password?: string;
  /** Delay before every answer, in ms (default 0); can be changed at runtime. */
  latencyMs?: number;
  /** qop offered in the challenge (default "auth-int, auth" from AMT 16, "auth" before). */
  qop?: QopOffer;
  nonceTtlMs?: number;
  nonceMaxUses?: number;
  /** Idle keep-alive connections are closed after this (default 30 s). */
  idleTimeoutMs?: number;
  /** How long a "stall" fault keeps the connection open before closing it (default 20 s). */
  stallMs?: number;
  /** While a power change is in progress further requests answer 2 (default 0 = instant). */
  powerTransitionMs?: number;
  /** Position in a fleet; seeds defaults. */
  index?: number;
  /** UDP port answering RMCP presence pings on `host` (0 = any free port; omit for none). */
  rmcpPort?: number;
  /** Send PKI Hellos here while ProvisioningState is 1 (Setup mode). */
  hello?: HelloOptions;
  /** Plain redirection (SOL) port, 16994 on firmware (0 = any free port; omit for none). */
  redirectionPort?: number;
  /** TLS redirection port, 16995 on firmware (0 = any free port; omit for none). Needs `tls`. */
  redirectionTlsPort?: number;
  /**
   * Without redirectionPort / redirectionTlsPort: serve redirection two ports above WS-Man, as
   * firmware does (16992 → 16994, 16993 → 16995), or on a free port when that one is taken.
   */
  redirectionBesideWsman?: boolean;
  /** Ports `redirectionBesideWsman` must leave alone (the WS-Man ports of devices started later). */
  redirectionAvoidPorts?: ReadonlySet<number>;
  /** Also accept the legacy plain redirection login (the MEBx "username/password" switch; amtterm 1.4 needs it). */
  solPlainAuth?: boolean | 'only';
  /** Multiplies the pauses of the SOL boot screen (default 1; 0 prints it at once). */
  solBootPace?: number;
}

/** The documented default password: satisfies AMT rules (8+ chars, upper, lower, digit, symbol). */
export const DEFAULT_PASSWORD = 'P@ssw0rd';

/** Counters a test can read. */
export interface DeviceStats {
  requests: number;
  unauthorized: number;
  injected: number;
  /** RMCP presence pongs sent. */
  rmcpPongs: number;
  /** PKI Hellos written to the provisioning server. */
  hellosSent: number;
  /** Hello attempts whose connection failed (nothing listening, reset). */
  helloFailures: number;
  /** Setup-mode TLS connections that passed the connect-back checks. */
  connectBacksAccepted: number;
  /** Setup-mode TLS connections closed unanswered (`lastRefusal` says why the last one was). */
  connectBacksRefused: number;
}

/** How a connection reached the device, which decides how its requests authenticate. */
type Transport = 'plain' | 'tls' | 'connect-back';

/** An event for `logEvent`: a named one, or every field but the time (which defaults to now). */
export type EventInput =
  | EventKind
  | { readonly kind: EventKind; readonly timestamp?: number; readonly failures?: number }
  | (Omit<EventRecord, 'timestamp'> & { readonly timestamp?: number });

/** An audit record for `logAudit`; the time defaults to now on the device clock. */
export type AuditInput = Omit<AuditRecord, 'timestamp' | 'extended'> & {
  readonly timestamp?: number;
  readonly extended?: readonly number[];
};

/** A running simulated device. */
export class SimDevice implements DispatchContext {
  readonly state: DeviceState;
  readonly faults = new FaultInjector();
  readonly stats: DeviceStats = {
    requests: 0,
    unauthorized: 0,
    injected: 0,
    rmcpPongs: 0,
    hellosSent: 0,
    helloFailures: 0,
    connectBacksAccepted: 0,
    connectBacksRefused: 0,
  };
  /** Why the last setup-mode TLS connection was closed without an answer (null: none was). */
  lastRefusal: ConnectBackRefusal | null = null;
  readonly enumerations: EnumerationStore;
  readonly host: string;
  latencyMs: number;
  readonly powerTransitionMs: number;
  port: number | null = null;
  tlsPort: number | null = null;
  /** The bound RMCP (UDP) port, null without an RMCP responder. */
  rmcpPort: number | null = null;
  /** The bound plain / TLS redirection (SOL) ports, null without that listener. */
  redirectionPort: number | null = null;
  redirectionTlsPort: number | null = null;
  /**
   * The SOL endpoint: `redirection.stats` counts sessions and keeps what was typed. Sessions follow
   * `state.redirectionState` / `state.redirectionListener` (AMT_RedirectionService), see `solAllowed`.
   */
  readonly redirection: RedirectionEndpoint;
  private readonly digest: DigestAuthority;
  private readonly rnd: () => number;
  private messageCounter: number;
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly rmcp = new RmcpResponder((tag) => this.pongFor(tag));
  private readonly hello: HelloSender | null;
  /** The secure context of the device's own certificate after CommitChanges, by certificate. */
  private ownContext: { id: string; context: SecureContext } | null = null;

  constructor(private readonly opts: SimDeviceOptions = {}) {
    if (opts.host !== undefined && !isLoopbackV4(opts.host)) {
      throw new Error(`A simulated device listens only on loopback (127.x.y.z), not "${opts.host}".`);
    }
    const index = opts.index ?? 0;
    this.state = createDeviceState(opts, index, {
      user: opts.user ?? 'admin',
      password: opts.password ?? DEFAULT_PASSWORD,
    });
    if (opts.tlsPort !== undefined && this.state.provisioningState === 2) {
      // A provisioned device created with a TLS port has TLS on, with the shared certificate.
      this.state.tlsSettings.remote.enabled = true;
      this.state.tlsSettings.remote.acceptNonSecureConnections = opts.port !== undefined;
    }
    seedHistory(this.state, {
      seed: deviceSeed(opts, index),
      until: opts.logsUntil ?? deviceSeconds(this.state, Date.now()),
      eventRecords: opts.eventLogRecords,
      auditRecords: opts.auditLogRecords,
      tls: opts.tlsPort !== undefined,
    });
    this.host = opts.host ?? '127.0.0.1';
    this.latencyMs = opts.latencyMs ?? 0;
    this.powerTransitionMs = opts.powerTransitionMs ?? 0;
    this.rnd = seededRandom((opts.seed ?? index * 104729) ^ 0x5eed);
    this.messageCounter = Math.floor(this.rnd() * 0x10000);
    this.enumerations = new EnumerationStore(Math.floor(this.rnd() * 0x1000));
    this.digest = new DigestAuthority({
      realm: this.state.digestRealm,
      credential: () => this.state.admin.active,
      qop: opts.qop ?? (majorVersion(this.state) >= 16 ? 'auth-int, auth' : 'auth'),
      nonceTtlMs: opts.nonceTtlMs ?? 300_000,
      nonceMaxUses: opts.nonceMaxUses ?? 1000,
    });
    this.redirection = new RedirectionEndpoint(
      this.state,
      { plainAuth: opts.solPlainAuth, bootPace: opts.solBootPace },
      seededRandom((opts.seed ?? index * 104729) ^ 0x50150),
    );
    if (opts.hello !== undefined) {
      checkHelloOptions(opts.hello, isLoopbackV4);
      this.state.trustedRootHashes.push(...(opts.hello.trustedRootHashes ?? []).map((h) => ({ ...h })));
      this.hello = new HelloSender(this.state, opts.hello, this.host, this.stats);
    } else {
      this.hello = null;
    }
  }

  /** AMT_GeneralSettings.RmcpPingResponseEnabled; false = presence pings go unanswered. */
  get rmcpPingResponse(): boolean {
    return this.state.rmcpPingResponse;
  }

  set rmcpPingResponse(on: boolean) {
    this.state.rmcpPingResponse = on;
  }

  /** What the Hello sender is doing: 'off' without a `hello` option. */
  get helloStatus(): HelloPhase | 'off' {
    return this.hello?.status ?? 'off';
  }

  /**
   * (Re)starts the Hello schedule from retry 0 if the device is in Setup mode. Not needed after
   * changing `state.provisioningState` (the sender notices within a simulated minute, at most 1 s);
   * use it to restart after the sender gave up.
   */
  startHellos(): void {
    this.hello?.restart();
  }

  /**
   * Changes the hardware inventory: `edit` gets a copy (and the live state, e.g. for
   * `state.hostname`); the copy replaces `state.inventory` if it is still one firmware could
   * report, else this throws and nothing changes. The next reply shows the change.
   */
  changeInventory(edit: (inventory: Inventory, state: DeviceState) => void): Inventory {
    const draft = cloneInventory(this.state.inventory);
    edit(draft, this.state);
    checkInventory(draft);
    this.state.inventory = draft;
    return draft;
  }

  /** Appends an event to the event log (AMT_MessageLog), by name or field by field; returns it. */
  logEvent(input: EventInput): EventRecord {
    const now = deviceSeconds(this.state, this.now());
    let record: EventRecord;
    if (typeof input === 'string') record = eventOf(input, now);
    else if ('kind' in input) record = eventOf(input.kind, input.timestamp ?? now, input.failures);
    else record = { ...input, timestamp: input.timestamp ?? now };
    appendEvents(this.state.eventLog, [record]);
    return record;
  }

  /** Appends a record to the audit log (AMT_AuditLog); returns it. */
  logAudit(input: AuditInput): AuditRecord {
    const record: AuditRecord = {
      ...input,
      timestamp: input.timestamp ?? deviceSeconds(this.state, this.now()),
      extended: input.extended ?? [],
    };
    appendAudit(this.state.auditLog, record);
    return record;
  }

  /** Next firmware-style MessageID: uuid:00000000-8086-8086-8086-<12 hex, counting up>. */
  nextMessageId(): string {
    this.messageCounter += 1;
    return `uuid:00000000-8086-8086-8086-${this.messageCounter.toString(16).toUpperCase().padStart(12, '0')}`;
  }

  now(): number {
    return Date.now();
  }

  /** Makes every nonce handed out so far stale; the next request gets 401 stale="true". */
  invalidateNonces(): void {
    this.digest.invalidateNonces();
  }

  /** Shorthand for faults.inject. */
  injectFault(kind: InjectedFaultKind, opts: { times?: number; match?: string } = {}): void {
    this.faults.inject(kind, opts);
  }

  /** The Server header value, e.g. "Intel(R) Active Management Technology 16.1.25.2124". */
  get serverHeader(): string {
    return `Intel(R) Active Management Technology ${this.state.amtVersion}.${this.state.build}`;
  }

  /** Opens the listeners; resolves once they accept connections. */
  async start(): Promise<void> {
    const wantTls = this.opts.tlsPort !== undefined;
    const wantPlain = this.opts.port !== undefined || !wantTls;
    if (wantPlain) this.port = await this.listen(this.opts.port ?? 0, null);
    if (wantTls) {
      if (this.opts.tls === undefined) throw new Error('tlsPort needs a tls identity');
      this.tlsPort = await this.listen(this.opts.tlsPort ?? 0, this.opts.tls);
    }
    const beside = async (wsmanPort: number | null, tls: TlsIdentity | null): Promise<number> => {
      const listen = (p: number) => this.listen(p, tls, (raw) => this.acceptRedirection(raw, tls));
      const wanted = wsmanPort === null ? 0 : wsmanPort + 2;
      const usable = wanted > 0 && wanted <= 65535 && this.opts.redirectionAvoidPorts?.has(wanted) !== true;
      return usable ? listen(wanted).catch(() => listen(0)) : listen(0);
    };
    if (this.opts.redirectionPort !== undefined) {
      this.redirectionPort = await this.listen(this.opts.redirectionPort, null, (raw) =>
        this.acceptRedirection(raw, null),
      );
    } else if (this.opts.redirectionBesideWsman === true && this.port !== null) {
      this.redirectionPort = await beside(this.port, null);
    }
    if (
      this.opts.redirectionTlsPort !== undefined ||
      (this.opts.redirectionBesideWsman === true && this.tlsPort !== null)
    ) {
      const tls = this.opts.tls;
      if (tls === undefined) throw new Error('redirectionTlsPort needs a tls identity');
      this.redirectionTlsPort =
        this.opts.redirectionTlsPort !== undefined
          ? await this.listen(this.opts.redirectionTlsPort, tls, (raw) => this.acceptRedirection(raw, tls))
          : await beside(this.tlsPort, tls);
    }
    if (this.opts.rmcpPort !== undefined) this.rmcpPort = await this.rmcp.bind(this.host, this.opts.rmcpPort);
    this.hello?.start();
  }

  /** The pong for a valid presence ping, or null while RmcpPingResponseEnabled is false. */
  private pongFor(tag: number): Buffer | null {
    const s = this.state;
    if (!s.rmcpPingResponse) return null;
    this.stats.rmcpPongs += 1;
    return presencePong({
      tag,
      // The port the device serves WS-Man on, TLS first; a device that is not set up shows 0.
      openPort: s.provisioningState === 0 ? 0 : (this.tlsPort ?? this.port ?? 0),
      ...versionParts(s.amtVersion),
      provisioningState: s.provisioningState,
      dualPorts: this.port !== null && this.tlsPort !== null,
    });
  }

  private listen(
    port: number,
    tls: TlsIdentity | null,
    onConnection: (raw: Socket) => void = (raw) => this.accept(raw, tls),
  ): Promise<number> {
    const server = createServer(onConnection);
    this.servers.push(server);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.host, () => {
        const addr = server.address();
        resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
      });
    });
  }

  private accept(raw: Socket, tls: TlsIdentity | null): void {
    this.sockets.add(raw);
    raw.on('close', () => this.sockets.delete(raw));
    raw.on('error', () => raw.destroy());
    const idle = this.opts.idleTimeoutMs ?? 30_000;
    // Audit records name the peer; IPv4 peers of a dual-stack socket lose their ::ffff: prefix.
    const peer = raw.remoteAddress?.replace(/^::ffff:/, '') ?? null;
    const serve = (socket: Socket, transport: Transport): void => {
      new HttpConnection(socket, (req, conn) => this.handle(req, conn, transport, peer), idle);
    };
    if (tls === null) return serve(raw, 'plain');
    // In Setup mode the provisioning server must present a client certificate. This is the
    // simulated device's own server socket: Node cannot judge the client chain by firmware rules
    // (trusted roots by hash, the Intel OID/OU, the DNS suffix), so it lets the handshake finish
    // and checkConnectBack() judges it before one byte of HTTP is read; a refusal closes it.
    const setupMode = this.state.provisioningState === 1;
    const secure = new TLSSocket(raw, {
      isServer: true,
      secureContext: this.serverContext(tls),
      requestCert: setupMode,
      rejectUnauthorized: false,
    });
    secure.on('error', () => raw.destroy());
    if (!setupMode) return serve(secure, 'tls');
    secure.setTimeout(idle, () => secure.destroy());
    secure.once('secure', () => {
      const refusal = checkConnectBack(presentedChain(secure.getPeerCertificate(true)), this.state);
      if (refusal === null) {
        this.stats.connectBacksAccepted += 1;
        return serve(secure, 'connect-back');
      }
      // Firmware closes a connect-back it does not trust without a word.
      this.lastRefusal = refusal;
      this.stats.connectBacksRefused += 1;
      secure.destroy();
    });
  }

  /** A connection to a redirection port: TLS (with the WS-Man certificate) when `tls` is given. */
  private acceptRedirection(raw: Socket, tls: TlsIdentity | null): void {
    this.sockets.add(raw);
    raw.on('close', () => this.sockets.delete(raw));
    raw.on('error', () => raw.destroy());
    if (tls === null) return this.redirection.accept(raw, raw);
    const secure = new TLSSocket(raw, { isServer: true, secureContext: this.serverContext(tls) });
    secure.on('error', () => raw.destroy());
    this.redirection.accept(secure, raw);
  }

  /** The certificate to serve: the device's own after a TLS commit, else the shared one. */
  private serverContext(tls: TlsIdentity): SecureContext {
    const own = servingIdentity(this.state);
    if (own === null) return tls.secureContext;
    if (this.ownContext?.id !== own.id) {
      this.ownContext = { id: own.id, context: createSecureContext({ cert: own.certPem, key: own.keyPem }) };
    }
    return this.ownContext.context;
  }

  /** Closes listeners, the RMCP socket, the Hello sender and every open connection. */
  async close(): Promise<void> {
    this.hello?.close();
    this.redirection.closeAll();
    for (const s of this.sockets) s.destroy();
    await Promise.all([this.rmcp.close(), ...this.servers.map((s) => new Promise<void>((r) => s.close(() => r())))]);
  }

  private baseHeaders(): Array<readonly [string, string]> {
    return [
      ['Date', new Date().toUTCString()],
      ['Server', this.serverHeader],
    ];
  }

  private async handle(
    req: HttpRequest,
    conn: HttpConnection,
    transport: Transport,
    peer: string | null,
  ): Promise<void> {
    this.stats.requests += 1;
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    const clientClose = /close/i.test(req.headers.get('connection') ?? '');
    if (req.method === 'GET' && req.path !== '/wsman') return this.webPage(req.path, conn, clientClose);
    if (req.path !== '/wsman') return writeFixed(conn, 404, this.baseHeaders(), BAD_REQUEST_PAGE, 'text/html', true);
    if (req.method !== 'POST') return writeFixed(conn, 405, this.baseHeaders(), BAD_REQUEST_PAGE, 'text/html', true);
    const parsed = parseRequest(req.body.toString('utf8'));
    if (parsed !== null && parsed.action === null && parsed.bodyRoot === 'Identify') {
      // Identify is the one request answered without authentication.
      const body = identifyReply(`AMT ${this.state.amtVersion.split('.').slice(0, 2).join('.')}`);
      return this.send(conn, { status: 200, body, close: clientClose });
    }
    // A verified connect-back is authenticated by its client certificate; any Authorization header
    // is ignored. Otherwise a device in Setup mode takes no digest credentials at all.
    const setupMode = this.state.provisioningState === 1;
    const trusted = setupMode && transport === 'connect-back';
    const verdict = trusted
      ? 'ok'
      : setupMode
        ? 'fail'
        : this.digest.verify(req.headers.get('authorization'), req.method, req.path, req.body, this.now());
    if (verdict !== 'ok') {
      this.stats.unauthorized += 1;
      const headers = [
        ['WWW-Authenticate', this.digest.challenge(verdict === 'stale', this.now())] as const,
        ...this.baseHeaders(),
      ];
      return writeFixed(conn, 401, headers, UNAUTHORIZED_PAGE, 'text/html', true);
    }
    if (parsed === null) return writeFixed(conn, 400, this.baseHeaders(), BAD_REQUEST_PAGE, 'text/html', true);
    // Digest requests act as the admin account; a verified connect-back has no user (local).
    const requester: Requester = { user: trusted ? null : this.state.admin.active.user, address: peer };
    const fault = this.faults.take(parsed.action ?? '', parsed.resourceUri ?? '');
    if (fault !== null) return this.misbehave(fault, parsed, conn, requester);
    const reply = dispatch(this, parsed, requester);
    this.send(conn, { ...reply, close: reply.close || clientClose });
    reply.after?.();
  }

  /**
   * An unauthenticated GET of the web UI: firmware redirects to its log-on page (rmcp.md §5), which
   * discovery probes read for the Server header. The log-on page itself is only a stand-in.
   */
  private webPage(path: string, conn: HttpConnection, close: boolean): void {
    if (path.split('?')[0] === '/logon.htm') {
      return writeFixed(conn, 200, this.baseHeaders(), LOGON_PAGE, 'text/html', close);
    }
    const headers = [['Location', '/logon.htm'] as const, ...this.baseHeaders()];
    return writeFixed(conn, 303, headers, '', null, close);
  }

  private send(conn: HttpConnection, reply: WsmanReply, stopAfterChunks: number | null = null): void {
    writeChunked(conn, reply.status, this.baseHeaders(), reply.body, this.rnd, { close: reply.close, stopAfterChunks });
  }

  private async misbehave(
    kind: InjectedFaultKind,
    req: WsmanRequest,
    conn: HttpConnection,
    requester: Requester,
  ): Promise<void> {
    this.stats.injected += 1;
    switch (kind) {
      case 'drop':
        return conn.destroy();
      case 'http500':
        return this.send(conn, faultReply(this, req.messageId, INTERNAL_ERROR));
      case 'empty400':
        return writeFixed(conn, 400, this.baseHeaders(), '', null, false);
      case 'malformed': {
        const good = dispatch(this, req, requester).body;
        // Cut mid-way and close the envelope without closing the elements in between.
        return this.send(conn, {
          status: 200,
          body: `${good.slice(0, Math.floor(good.length * 0.6))}</a:Envelope>`,
          close: false,
        });
      }
      case 'stall': {
        this.send(conn, dispatch(this, req, requester), 1);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.opts.stallMs ?? 20_000);
          timer.unref();
          conn.socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        return conn.destroy();
      }
    }
  }
}
