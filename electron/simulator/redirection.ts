// The device side of the AMT redirection protocol (redirection.md §7): Serial-over-LAN on 16994
// (plain) and 16995 (TLS). Session start, authentication (query; digest 3/4 with the device's
// admin HA1 and the same realm as WS-Man; plain only when the MEBx "username/password" option is
// simulated as on), StartSOL, data both ways with the simulated host console, heartbeats, close.
// Written to the wire rules amtterm needs (§8): one message per write, a gap after the messages
// its parser swallows whole, nothing but SOL data larger than 64 bytes.
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { SimHostConsole } from './redirection-host';
import type { DeviceState } from './state';

/** AMT_RedirectionService.EnabledState values that include SOL (32770 SOL only, 32771 IDE-R and SOL). */
const SOL_STATES = new Set([32770, 32771]);

/** Whether SOL sessions are accepted now: a provisioned device with the listener on and SOL enabled. */
export function solAllowed(s: DeviceState): boolean {
  return s.provisioningState === 2 && s.redirectionListener && SOL_STATES.has(s.redirectionState);
}

/**
 * Whether the host user must consent first: client control mode (or an opt-in policy for all
 * redirection) until a consent code was accepted (OptInState 3, "received", or 4, "in session").
 */
export function solNeedsConsent(s: DeviceState): boolean {
  const required = s.optIn.required;
  const needed = required !== 0 && required !== 1; // 1 = consent for KVM only
  return needed && s.optIn.state !== 3 && s.optIn.state !== 4;
}

/** Redirection settings of one device. */
export interface RedirectionOptions {
  /**
   * Also accept the legacy plain username/password login (the MEBx switch; deprecated since AMT 7);
   * 'only' offers nothing else, like firmware before digest redirection.
   */
  plainAuth?: boolean | 'only';
  /** Multiplies the pauses of the boot screen (default 1; 0 prints it at once). */
  bootPace?: number;
}

/** What tests can read about SOL on one device. */
export interface RedirectionStats {
  /** Connections accepted on the redirection ports. */
  connections: number;
  /** Sessions that reached SOL_ACTIVE. */
  solSessions: number;
  /** Logins refused (wrong user or password). */
  authFailures: number;
  /** The login method of the last successful authentication. */
  lastAuth: 'plain' | 'digest' | 'digest-qop' | null;
  /** Every byte typed on a console (0x28 data), latin1; tests check keys arrived. */
  typed: string;
  /** Heartbeats and pings received from consoles while SOL ran (their sign of life). */
  keepAlives: number;
}

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

const T = {
  startSession: 0x10,
  startSessionReply: 0x11,
  endSession: 0x12,
  auth: 0x13,
  authReply: 0x14,
  startSol: 0x20,
  startSolReply: 0x21,
  endSol: 0x22,
  endSolReply: 0x23,
  ping: 0x24,
  pong: 0x25,
  unknown27: 0x27,
  dataToHost: 0x28,
  controls: 0x29,
  dataFromHost: 0x2a,
  heartbeat: 0x2b,
} as const;

const URI = '/RedirectionService';
/** The pause after messages amtterm's parser consumes together with whatever follows them. */
const FRAGILE_GAP_MS = 30;

/** The length of the console message at the start of `buf`: total, 0 = need more, null = unknown type. */
function consoleMessageLength(buf: Buffer): number | null {
  const need = (n: number): number => (buf.length >= n ? n : 0);
  switch (buf[0]) {
    case T.endSession:
      return need(4);
    case T.startSession:
    case T.endSol:
    case T.ping:
    case T.pong:
    case T.heartbeat:
      return need(8);
    case T.auth:
      return buf.length < 9 ? 0 : need(9 + buf.readUInt32LE(5));
    case T.startSol:
      return need(24);
    case T.unknown27:
      return need(14);
    case T.dataToHost:
      return buf.length < 10 ? 0 : need(10 + buf.readUInt16LE(8));
    default:
      return null;
  }
}

function strings(data: Buffer): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < data.length;) {
    const n = data[i] ?? 0;
    if (i + 1 + n > data.length) return null;
    out.push(data.subarray(i + 1, i + 1 + n).toString('utf8'));
    i += 1 + n;
  }
  return out;
}

function prefixed(fields: readonly string[]): Buffer {
  return Buffer.concat(fields.flatMap((f) => [Buffer.from([Buffer.byteLength(f)]), Buffer.from(f, 'utf8')]));
}

/** The redirection service of one simulated device; each connection gets a RedirectionConnection. */
export class RedirectionEndpoint {
  readonly stats: RedirectionStats = {
    connections: 0,
    solSessions: 0,
    authFailures: 0,
    lastAuth: null,
    typed: '',
    keepAlives: 0,
  };
  /** The connection holding the device's one SOL session, if any (claimed at StartSOL, after login). */
  active: RedirectionConnection | null = null;
  /**
   * How long a connection may take from session start to a successful login before the device
   * drops it (firmware does not hold a half-open login for ever); tests shorten it.
   */
  authTimeoutMs = 30_000;
  private readonly connections = new Set<RedirectionConnection>();

  constructor(
    readonly state: DeviceState,
    readonly opts: RedirectionOptions,
    /** Random source for nonces (the device's seeded generator). */
    readonly rnd: () => number,
  ) {}

  /** Takes a new connection; `socket` may be TLS on top of `raw`. */
  accept(socket: Socket, raw: Socket): void {
    this.stats.connections += 1;
    // Over TLS the checks wait for the handshake, so a refusal reads the same on both ports.
    if (socket !== raw) socket.once('secure', () => this.begin(socket, raw));
    else this.begin(socket, raw);
  }

  private begin(socket: Socket, raw: Socket): void {
    // With the listener off (or before provisioning) the port takes no sessions: drop at once.
    if (this.state.provisioningState !== 2 || !this.state.redirectionListener) {
      raw.destroy();
      return;
    }
    raw.setNoDelay(true);
    const conn = new RedirectionConnection(this, socket);
    this.connections.add(conn);
    socket.on('close', () => {
      conn.ended();
      this.connections.delete(conn);
    });
  }

  /** A fresh 32-hex nonce (amtterm accepts at most 32 bytes). */
  nonce(): string {
    let out = '';
    for (let i = 0; i < 4; i++)
      out += Math.floor(this.rnd() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out;
  }

  /** Ends every session (device shutting down). */
  closeAll(): void {
    for (const c of this.connections) c.destroy();
  }
}

type Phase = 'start' | 'auth' | 'authed' | 'sol' | 'closing' | 'closed';

/** One TCP/TLS connection to the redirection port. */
export class RedirectionConnection {
  private phase: Phase = 'start';
  private buf: Buffer = Buffer.alloc(0);
  private seq = 0;
  private nonce: string | null = null;
  private authTries = 0;
  /** Digest challenges issued on this connection: initial requests and refused responses alike. */
  private challenges = 0;
  private authTimer: NodeJS.Timeout | null = null;
  private outbox: Array<{ bytes: Buffer; gapMs: number }> = [];
  private pumping = false;
  private host: SimHostConsole | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private watch: NodeJS.Timeout | null = null;
  private seenBoot = 0;
  private poweredOn = false;

  constructor(
    private readonly ep: RedirectionEndpoint,
    private readonly socket: Socket,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  destroy(): void {
    this.ended();
    this.socket.destroy();
  }

  /** The connection is gone: stop the host console and free the SOL slot. */
  ended(): void {
    if (this.phase === 'closed') return;
    this.stopAuthTimer();
    this.stopSol();
    this.phase = 'closed';
    this.outbox = [];
  }

  /** Queues one message; `gapMs` keeps the next one out of the same read on the console side. */
  private send(bytes: Buffer, gapMs = 0): void {
    if (this.phase === 'closed') return;
    this.outbox.push({ bytes, gapMs });
    if (!this.pumping) void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    while (this.outbox.length > 0 && !this.socket.destroyed) {
      const { bytes, gapMs } = this.outbox.shift()!;
      this.socket.write(bytes);
      if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
    }
    this.pumping = false;
  }

  /** Sends the last queued message, then closes. */
  private closeAfterSend(): void {
    this.stopSol();
    this.phase = 'closing';
    const finish = (): void => {
      if (this.outbox.length > 0 || this.pumping) return void setTimeout(finish, 5);
      this.socket.end();
      this.ended();
    };
    finish();
  }

  private header(type: number, length: number): Buffer {
    const b = Buffer.alloc(length);
    b[0] = type;
    this.seq = (this.seq + 1) >>> 0;
    b.writeUInt32LE(this.seq, 4);
    return b;
  }

  private receive(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    while (this.phase !== 'closed' && this.buf.length > 0) {
      const n = consoleMessageLength(this.buf);
      if (n === null) {
        // Firmware drops a connection that speaks something else.
        this.destroy();
        return;
      }
      if (n === 0) return;
      const msg = Buffer.from(this.buf.subarray(0, n));
      this.buf = this.buf.subarray(n);
      this.handle(msg);
    }
  }

  private handle(m: Buffer): void {
    const type = m[0];
    if (this.phase === 'closing') return;
    if (type === T.endSession) return this.closeAfterSend();
    switch (this.phase) {
      case 'start':
        return type === T.startSession ? this.startSession(m) : this.destroy();
      case 'auth':
        return type === T.auth ? this.authenticate(m) : this.destroy();
      case 'authed':
        if (type === T.startSol) return this.startSol(m);
        if (type === T.heartbeat || type === T.ping || type === T.pong) return;
        return this.destroy();
      case 'sol':
        return this.solMessage(m);
      default:
        return;
    }
  }

  private startSession(m: Buffer): void {
    const kind = m.subarray(4, 8).toString('latin1');
    const reply = Buffer.alloc(13);
    reply[0] = T.startSessionReply;
    reply[4] = 1; // protocol 1.0
    reply[6] = Number.parseInt(this.ep.state.amtVersion, 10) || 0; // session manager firmware major
    // [8..11] OEM IANA 0, [12] no OEM data: amtterm consumes exactly 13 bytes.
    let status = 0;
    if (kind === 'IDER' || kind === 'KVMR')
      status = 3; // not simulated
    else if (kind !== 'SOL ') status = 1;
    else if (!solAllowed(this.ep.state)) status = 3;
    else if (this.ep.active !== null && this.ep.active !== this) status = 2;
    reply[1] = status;
    this.send(reply);
    if (status !== 0) return this.closeAfterSend();
    // The SOL slot is taken only at StartSOL, after login: a connection that never authenticates
    // must not lock the real console out. It has authTimeoutMs to log in.
    this.phase = 'auth';
    this.authTimer = setTimeout(() => this.destroy(), this.ep.authTimeoutMs);
    this.authTimer.unref?.();
  }

  private stopAuthTimer(): void {
    if (this.authTimer !== null) clearTimeout(this.authTimer);
    this.authTimer = null;
  }

  private authReply(status: number, type: number, data: Buffer = Buffer.alloc(0), gapMs = 0): void {
    const b = Buffer.alloc(9 + data.length);
    b[0] = T.authReply;
    b[1] = status;
    b[4] = type;
    b.writeUInt32LE(data.length, 5);
    data.copy(b, 9);
    this.send(b, gapMs);
  }

  private methods(): number[] {
    const plain = this.ep.opts.plainAuth;
    return plain === 'only' ? [1] : plain === true ? [1, 3, 4] : [3, 4];
  }

  private challenge(type: number): void {
    // Three challenges per connection, however they were asked for: a console that only ever sends
    // initial requests gets no more nonces than one that guesses passwords.
    if (this.challenges >= 3) {
      this.nonce = null;
      this.authReply(1, type, Buffer.alloc(0), FRAGILE_GAP_MS);
      return this.closeAfterSend();
    }
    this.challenges += 1;
    this.nonce = this.ep.nonce();
    const fields = [this.ep.state.digestRealm, this.nonce, ...(type === 4 ? ['auth'] : [])];
    this.authReply(1, type, prefixed(fields));
  }

  private authenticated(how: RedirectionStats['lastAuth'], type: number): void {
    this.ep.stats.lastAuth = how;
    this.stopAuthTimer();
    this.phase = 'authed';
    this.authReply(0, type, Buffer.alloc(0), FRAGILE_GAP_MS);
  }

  private refused(type: number): void {
    this.ep.stats.authFailures += 1;
    // Digest: a fresh challenge, within the limit of three (a console that answers every status-1
    // reply again, like MeshCommander, must not loop for ever).
    if (type === 3 || type === 4) return this.challenge(type);
    this.authTries += 1;
    if (this.authTries >= 3) {
      this.authReply(1, type, Buffer.alloc(0), FRAGILE_GAP_MS);
      return this.closeAfterSend();
    }
    this.authReply(1, type, Buffer.alloc(0), FRAGILE_GAP_MS);
  }

  private authenticate(m: Buffer): void {
    const type = m[4] ?? 0;
    const data = m.subarray(9);
    const account = this.ep.state.admin.active;
    const realm = this.ep.state.digestRealm;
    if (type === 0) return this.authReply(0, 0, Buffer.from(this.methods()));
    if (!this.methods().includes(type)) return this.authReply(2, type, Buffer.alloc(0), FRAGILE_GAP_MS);
    const f = strings(data);
    if (f === null) return this.destroy();
    if (type === 1) {
      const [user = '', password = ''] = f;
      const ok = user === account.user && md5(`${user}:${realm}:${password}`) === account.ha1.toLowerCase();
      return ok ? this.authenticated('plain', 1) : this.refused(1);
    }
    // Digest: the initial request has empty realm and nonce; the response carries them back.
    const [user = '', gotRealm = '', nonce = '', uri = '', cnonce = '', nc = '', response = '', qop = ''] = f;
    if (gotRealm === '' && nonce === '') return this.challenge(type);
    const ha2 = md5(`POST:${uri}`);
    const ha1 = account.ha1.toLowerCase();
    const want = type === 4 ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
    const ok =
      user === account.user &&
      gotRealm === realm &&
      nonce === this.nonce &&
      uri === URI &&
      (type === 3 || qop === 'auth') &&
      response.toLowerCase() === want;
    this.nonce = null;
    return ok ? this.authenticated(type === 4 ? 'digest-qop' : 'digest', type) : this.refused(type);
  }

  private startSol(m: Buffer): void {
    const heartbeatMs = m.readUInt16LE(18);
    const reply = Buffer.alloc(23);
    reply[0] = T.startSolReply;
    reply[4] = 1; // same convention as 0x11 (one client checks it)
    const state = this.ep.state;
    const busy = this.ep.active !== null && this.ep.active !== this;
    if (!solAllowed(state) || solNeedsConsent(state) || busy) {
      reply[1] = busy ? 2 : 1;
      this.send(reply, FRAGILE_GAP_MS);
      return this.closeAfterSend();
    }
    this.send(reply, FRAGILE_GAP_MS);
    this.ep.active = this;
    this.phase = 'sol';
    this.ep.stats.solSessions += 1;
    if (state.optIn.state === 3) state.optIn.state = 4; // consent in use: "in session"
    this.poweredOn = state.powerState === 2;
    this.seenBoot = state.bootCount;
    this.sendControls();
    this.host = new SimHostConsole(state, (text) => this.hostOutput(text), this.ep.opts.bootPace ?? 1);
    if (this.poweredOn) this.host.boot();
    // amtterm gives up after 20 s of silence; a device sends something at least this often.
    const every = heartbeatMs > 0 ? Math.min(heartbeatMs, 5000) : 5000;
    this.heartbeat = setInterval(() => this.send(this.header(T.heartbeat, 8)), every);
    this.watch = setInterval(() => this.watchHost(), 200);
  }

  /** Reacts to changes made over WS-Man: SOL switched off, power off, a (re)boot. */
  private watchHost(): void {
    const state = this.ep.state;
    if (!solAllowed(state)) return this.destroy();
    const on = state.powerState === 2;
    if (state.bootCount !== this.seenBoot || on !== this.poweredOn) {
      const rebooted = state.bootCount !== this.seenBoot;
      const wasOn = this.poweredOn;
      this.seenBoot = state.bootCount;
      this.poweredOn = on;
      this.sendControls();
      if (on && (rebooted || !wasOn)) this.host?.boot();
      if (!on) this.host?.powerOff();
    }
  }

  private sendControls(): void {
    const b = this.header(T.controls, 10);
    b[8] = 0x03; // RTS | DTR
    b[9] = this.poweredOn ? 0x04 : 0x00;
    this.send(b, FRAGILE_GAP_MS);
  }

  private hostOutput(text: string): void {
    if (this.phase !== 'sol') return;
    const bytes = Buffer.from(text, 'latin1');
    for (let i = 0; i < bytes.length; i += 1000) {
      const part = bytes.subarray(i, i + 1000);
      const b = this.header(T.dataFromHost, 10 + part.length);
      b.writeUInt16LE(part.length, 8);
      part.copy(b, 10);
      this.send(b);
    }
  }

  private solMessage(m: Buffer): void {
    switch (m[0]) {
      case T.dataToHost: {
        const data = m.subarray(10);
        this.ep.stats.typed += data.toString('latin1');
        this.host?.input(data);
        return;
      }
      case T.endSol: {
        this.stopSol();
        this.phase = 'authed';
        const b = Buffer.alloc(8);
        b[0] = T.endSolReply;
        m.copy(b, 4, 4, 8);
        return this.send(b, FRAGILE_GAP_MS);
      }
      // The console's heartbeats, echoes of ours, pings and MeshCommander's 0x27: signs of life only.
      case T.heartbeat:
      case T.ping:
        this.ep.stats.keepAlives += 1;
        return;
      case T.pong:
      case T.unknown27:
        return;
      default:
        return this.destroy();
    }
  }

  private stopSol(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    if (this.watch !== null) clearInterval(this.watch);
    this.heartbeat = null;
    this.watch = null;
    this.host?.stop();
    this.host = null;
    if (this.ep.active === this) {
      this.ep.active = null;
      if (this.phase === 'sol' && this.ep.state.optIn.state === 4) this.ep.state.optIn.state = 0;
    }
  }
}
