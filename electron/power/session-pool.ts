/**
 * Warm device sessions kept across jobs (issue 15.1): a power check followed by a power change,
 * or a refresh of devices seen a minute ago, finds the connection open (or a TLS ticket to resume
 * it), the digest nonce and its count, the realm and the pinned fingerprint, and so pays one HTTP
 * request per call instead of a 401, a reconnect and a full handshake.
 *
 * Correctness before speed:
 * - a session is reused only while everything it was opened with still holds: address, port,
 *   transport, user, password, legacy suites, the realm the device record expects; and its pin
 *   must equal the device's stored pin. Anything else closes it and opens a fresh one, so a
 *   forgotten or changed pin is never sent a request through an old session;
 * - sessions are per device id, so two devices never share a nonce, a count or a ticket;
 * - an error that is not the device's own answer (network, TLS, authentication, identity) closes
 *   the session; a reboot then costs one reconnect and one fresh challenge;
 * - idle sessions expire (`idleMs`), sockets idle for `keepAliveMs` (below the firmware's
 *   keep-alive) close by themselves, and at most `maxSockets` connections stay open: beyond that
 *   the least recently used idle ones are closed, keeping their digest state.
 * Passwords stay in this process's memory, as in any open session; nothing is written anywhere.
 */
import { normalizeFingerprint } from '../../shared/domain/fingerprint';
import { OutbandError } from '../../shared/errors';
import { openAmtSession, type AmtSession, type AmtSessionOptions } from '../amt/session';

/** What a pooled session is opened with. */
export interface PooledSessionSpec extends AmtSessionOptions {
  /** The managed device's id: sessions are never shared between devices. */
  deviceId: string;
}

/** Limits of a pool. */
export interface SessionPoolOptions {
  /** A session unused for this long is closed (default 60 s). */
  idleMs?: number;
  /** How long an idle connection stays open (default 4 s, below the ~5–6 s of firmware). */
  keepAliveMs?: number;
  /** Open connections kept at most (default 1,024, well under the fd limit Chromium sets); in-use ones are never cut. */
  maxSockets?: number;
  /** Sessions kept at most (default 10,000); the least recently used idle ones go first. */
  maxSessions?: number;
  /** Replaces session creation (tests). */
  open?(opts: AmtSessionOptions): AmtSession;
}

/** A session lent by the pool; give it back with `release`, with the error the work ended in if any. */
export interface SessionLease {
  session: AmtSession;
  /** True when the session was already open (warm) when lent. */
  reused: boolean;
  release(error?: unknown): void;
}

interface Entry {
  deviceId: string;
  signature: string;
  password: string;
  session: AmtSession;
  users: number;
  lastUsed: number;
  closed: boolean;
}

// The device's own answers (faults, method results, refused states) say nothing against the session.
const DEVICE_ANSWER =
  /^(amt\.|power\.|wsman\.(destination-unreachable|action-not-supported|already-exists|access-denied|invalid-selectors|schema-validation-error|invalid-representation|invalid-enumeration-context|encoding-limit|must-understand|fault)$)/;

/** True when an error means the session must not be used again. */
export function spoilsSession(error: unknown): boolean {
  if (error === undefined) return false;
  if (error instanceof Error && error.name === 'AbortError') return false;
  if (error instanceof OutbandError) return !DEVICE_ANSWER.test(error.code) && error.code !== 'job.cancelled';
  return true;
}

function signatureOf(spec: PooledSessionSpec): string {
  return JSON.stringify([
    spec.host,
    spec.port ?? null,
    spec.tls === true,
    spec.user ?? 'admin',
    spec.legacyCiphers === true,
    spec.ca ?? null,
    spec.connectTimeoutMs ?? null,
    spec.requestTimeoutMs ?? null,
  ]);
}

const normPin = (pin: string | undefined) => (pin === undefined ? undefined : (normalizeFingerprint(pin) ?? pin));

/** A bounded pool of device sessions for the main process. */
export class SessionPool {
  private readonly entries = new Map<string, Entry>();
  private readonly idleMs: number;
  private readonly keepAliveMs: number;
  private readonly maxSockets: number;
  private readonly maxSessions: number;
  /** Sessions with an open connection, least recently used first. */
  private readonly connected = new Set<Entry>();
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly opts: SessionPoolOptions = {}) {
    this.idleMs = opts.idleMs ?? 60_000;
    this.keepAliveMs = opts.keepAliveMs ?? 4_000;
    this.maxSockets = opts.maxSockets ?? 1_024;
    this.maxSessions = opts.maxSessions ?? 10_000;
  }

  /** Sessions held now. */
  get size(): number {
    return this.entries.size;
  }

  /** Connections open now. */
  get sockets(): number {
    return this.connected.size;
  }

  /**
   * Lends the device's warm session when it still fits `spec` (same settings and credentials, the
   * pin it enforces equal to `spec.pin`), else closes it and lends a fresh one.
   */
  acquire(spec: PooledSessionSpec): SessionLease {
    if (this.closed) throw new OutbandError('power.pool-closed', 'Outband is closing; no new device sessions.');
    const signature = signatureOf(spec);
    let entry = this.entries.get(spec.deviceId);
    if (entry && !this.fits(entry, spec, signature)) {
      this.evict(entry);
      entry = undefined;
    }
    const reused = entry !== undefined;
    if (!entry) {
      this.makeRoom();
      entry = this.create(spec, signature);
    }
    entry.users++;
    this.touch(entry);
    const lent = entry;
    let released = false;
    return {
      session: lent.session,
      reused,
      release: (error?: unknown) => {
        if (released) return;
        released = true;
        lent.users--;
        if (!lent.closed) this.touch(lent);
        if (spoilsSession(error)) this.evict(lent);
        else if (lent.closed && lent.users === 0) void lent.session.close().catch(() => undefined);
        this.capSockets();
      },
    };
  }

  /** Closes a device's session at once (its pin was forgotten, its identity accepted, it was removed). */
  forget(deviceId: string): void {
    const entry = this.entries.get(deviceId);
    if (entry) this.evict(entry);
  }

  /** Closes every session; later acquires fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    const all = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      all.map((e) => {
        e.closed = true;
        return e.session.close().catch(() => undefined);
      }),
    );
  }

  private fits(entry: Entry, spec: PooledSessionSpec, signature: string): boolean {
    if (entry.closed || entry.signature !== signature || entry.password !== spec.password) return false;
    // The realm the record expects must be the one this session authenticated with (a realm
    // learnt by this very session and stored since is the same one).
    if (spec.expectedRealm !== undefined && entry.session.wsman.realm !== spec.expectedRealm) return false;
    // A session that trusted its first handshake holds that pin; the device record must hold the same.
    return !spec.tls || normPin(entry.session.wsman.pinnedFingerprint) === normPin(spec.pin);
  }

  private create(spec: PooledSessionSpec, signature: string): Entry {
    const { deviceId: _id, ...options } = spec;
    const entry: Entry = {
      deviceId: spec.deviceId,
      signature,
      password: spec.password,
      session: undefined as unknown as AmtSession,
      users: 0,
      lastUsed: Date.now(),
      closed: false,
    };
    entry.session = (this.opts.open ?? openAmtSession)({
      ...options,
      keepAliveMs: this.keepAliveMs,
      onConnection: (open) => {
        if (!open) return void this.connected.delete(entry);
        this.connected.add(entry);
        this.capSockets();
      },
    });
    this.entries.set(spec.deviceId, entry);
    this.startSweeper();
    return entry;
  }

  private evict(entry: Entry): void {
    if (this.entries.get(entry.deviceId) === entry) this.entries.delete(entry.deviceId);
    entry.closed = true;
    // A session still in use by another job is closed when that job gives it back.
    if (entry.users === 0) void entry.session.close().catch(() => undefined);
    if (this.entries.size === 0) this.stopSweeper();
  }

  /** Marks a session used now: the map's order is least recently used first. */
  private touch(entry: Entry): void {
    entry.lastUsed = Date.now();
    if (this.connected.delete(entry)) this.connected.add(entry);
    if (this.entries.get(entry.deviceId) !== entry) return;
    this.entries.delete(entry.deviceId);
    this.entries.set(entry.deviceId, entry);
  }

  /** Idle sessions, least recently used first (walked lazily, so callers can stop early). */
  private *idle(): Generator<Entry> {
    for (const e of this.entries.values()) if (e.users === 0 && !e.closed) yield e;
  }

  private makeRoom(): void {
    if (this.entries.size < this.maxSessions) return;
    for (const e of this.idle()) {
      if (this.entries.size < this.maxSessions) break;
      this.evict(e);
    }
  }

  /** Closes the connections of the least recently used idle sessions beyond the socket cap. */
  private capSockets(): void {
    let excess = this.connected.size - this.maxSockets;
    if (excess <= 0) return;
    for (const e of [...this.connected]) {
      if (excess <= 0) break;
      if (e.users > 0) continue;
      excess--;
      this.connected.delete(e);
      void e.session.wsman.dropConnection().catch(() => undefined);
    }
  }

  private sweep(): void {
    const cutoff = Date.now() - this.idleMs;
    for (const e of this.idle()) {
      if (e.lastUsed > cutoff) break; // the rest were used later
      this.evict(e);
    }
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(this.idleMs / 2, 5_000)));
    this.sweeper.unref();
  }

  private stopSweeper(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
