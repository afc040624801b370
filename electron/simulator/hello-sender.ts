// The PKI Hello a device in Setup mode (ProvisioningState 1) pushes to its provisioning server
// (provisioning.md §3.3, §4.1–4.3): one TCP connection per Hello, the whole message in one write,
// then the connection ends. Sent on the SCCM schedule and given up after a horizon.
import { connect, type Socket } from 'node:net';
import { smbiosUuidBytes, type DeviceState } from './state';
import { ROOT_HASH_FORMAT, isValidRootHash, type TrustedRootHash } from './trusted-roots';

/** Where and how a device sends Hellos. */
export interface HelloOptions {
  /** The provisioning server (loopback only). */
  to: { host: string; port: number };
  /** Divides every interval of the schedule (default 1; 6000 makes a minute 10 ms). */
  timeFactor?: number;
  /** Added to the device's built-in trusted-root hashes. */
  trustedRootHashes?: TrustedRootHash[];
  /** Stop after this many hours in Setup mode without a result (default 24). */
  giveUpHours?: number;
}

/** What the sender is doing. */
export type HelloPhase = 'idle' | 'sending' | 'gave-up' | 'closed';

/** Counters the sender updates. */
export interface HelloCounters {
  hellosSent: number;
  helloFailures: number;
}

const HELLO_VERSION_PKI = 3;
const MAX_RETRY_COUNT = 14;
const MINUTE_MS = 60_000;
/** A Hello connection that neither completes nor fails is dropped after this (unscaled). */
const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * Minutes after entering Setup mode at which Hellos go out: at once, then once a minute for five
 * minutes, then every five minutes to the end of the first hour, then hourly to the horizon.
 */
export function helloScheduleMinutes(giveUpHours = 24): number[] {
  const horizon = giveUpHours * 60;
  const out = [0, 1, 2, 3, 4, 5];
  for (let m = 10; m <= 60; m += 5) out.push(m);
  for (let m = 120; m <= horizon; m += 60) out.push(m);
  return out.filter((m) => m <= horizon);
}

/** The version 3 (PKI) Hello: flag, version, retry count, SMBIOS UUID, then the hash entries. */
export function buildPkiHello(retryCount: number, uuid: string, hashes: readonly TrustedRootHash[]): Buffer {
  const entries = hashes
    .filter(isValidRootHash)
    .slice(0, 255)
    .map((h) => {
      const { type, length } = ROOT_HASH_FORMAT[h.alg];
      return Buffer.concat([Buffer.from([type, length]), Buffer.from(h.hex, 'hex')]);
    });
  const head = Buffer.alloc(25);
  head.writeUInt16LE(1, 0); // admin credentials set
  head.writeUInt16LE(HELLO_VERSION_PKI, 2);
  head.writeUInt32LE(Math.min(retryCount, MAX_RETRY_COUNT), 4);
  smbiosUuidBytes(uuid).copy(head, 8);
  head[24] = entries.length;
  return Buffer.concat([head, ...entries]);
}

/** Checks Hello options; throws a readable Error for anything unusable. */
export function checkHelloOptions(opts: HelloOptions, isLoopback: (host: string) => boolean): void {
  if (!isLoopback(opts.to.host)) throw new Error(`Hellos go to loopback only (127.x.y.z), not "${opts.to.host}".`);
  const { port } = opts.to;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Bad Hello port ${port}.`);
  const factor = opts.timeFactor ?? 1;
  if (!Number.isFinite(factor) || factor <= 0) throw new Error(`Bad Hello time factor ${factor}.`);
  const hours = opts.giveUpHours ?? 24;
  if (!Number.isFinite(hours) || hours <= 0) throw new Error(`Bad Hello give-up horizon ${hours} h.`);
  const bad = (opts.trustedRootHashes ?? []).find((h) => !isValidRootHash(h));
  if (bad !== undefined) throw new Error(`Bad trusted root hash ${bad.alg}:${bad.hex}.`);
}

/**
 * Runs the Hello schedule for one device. It watches ProvisioningState: entering 1 starts the
 * schedule from retry 0, leaving 1 stops it, and after the horizon it stays quiet until the state
 * leaves 1 and comes back (or `restart()` is called), as a firmware timer would.
 */
export class HelloSender {
  private phase: HelloPhase = 'idle';
  private readonly minuteMs: number;
  private readonly schedule: number[];
  private startedAt = 0;
  private next = 0;
  private retry = 0;
  private sendTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly state: DeviceState,
    private readonly opts: HelloOptions,
    /** The device's own address, so the server sees the Hello come from it. */
    private readonly localAddress: string,
    private readonly counters: HelloCounters,
  ) {
    this.minuteMs = MINUTE_MS / (opts.timeFactor ?? 1);
    this.schedule = helloScheduleMinutes(opts.giveUpHours ?? 24);
  }

  /** What the sender is doing now. */
  get status(): HelloPhase {
    return this.phase;
  }

  /** Starts watching the state (and sends at once if the device is in Setup mode). */
  start(): void {
    if (this.phase === 'closed') return;
    this.watch();
  }

  /** Starts the schedule again from retry 0 if the device is in Setup mode. */
  restart(): void {
    if (this.phase === 'closed') return;
    this.stopSchedule('idle');
    this.watch();
  }

  /** Stops for good: timers cleared, Hello connections in flight dropped. */
  close(): void {
    this.stopSchedule('closed');
    if (this.watchTimer !== null) clearTimeout(this.watchTimer);
    this.watchTimer = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  private watch(): void {
    if (this.watchTimer !== null) clearTimeout(this.watchTimer);
    this.watchTimer = null;
    if (this.phase === 'closed') return;
    if (this.state.provisioningState !== 1) {
      if (this.phase !== 'idle') this.stopSchedule('idle');
    } else if (this.phase === 'idle') {
      this.phase = 'sending';
      this.startedAt = Date.now();
      this.next = 0;
      this.retry = 0;
      this.plan();
    }
    // Poll once a simulated minute, but at least once a second so a state change is seen soon.
    this.watchTimer = setTimeout(() => this.watch(), Math.min(this.minuteMs, 1000));
    this.watchTimer.unref();
  }

  private stopSchedule(phase: HelloPhase): void {
    if (this.sendTimer !== null) clearTimeout(this.sendTimer);
    this.sendTimer = null;
    this.phase = phase;
  }

  private plan(): void {
    const minute = this.schedule[this.next];
    if (minute === undefined) {
      this.stopSchedule('gave-up');
      return;
    }
    // Absolute times, so a late timer does not push the rest of the schedule back.
    const delay = Math.max(0, this.startedAt + minute * this.minuteMs - Date.now());
    this.sendTimer = setTimeout(() => this.fire(), delay);
    this.sendTimer.unref();
  }

  private fire(): void {
    this.sendTimer = null;
    if (this.phase !== 'sending') return;
    if (this.state.provisioningState !== 1) {
      this.stopSchedule('idle');
      return;
    }
    this.send(buildPkiHello(this.retry, this.state.uuid, this.state.trustedRootHashes));
    this.retry = Math.min(this.retry + 1, MAX_RETRY_COUNT);
    this.next += 1;
    this.plan();
  }

  private send(hello: Buffer): void {
    const socket = connect({ host: this.opts.to.host, port: this.opts.to.port, localAddress: this.localAddress });
    this.sockets.add(socket);
    socket.unref();
    socket.setTimeout(CONNECTION_TIMEOUT_MS, () => socket.destroy());
    let failed = false;
    // Nobody listening, or a reset: the Hello is lost and the next one follows the schedule.
    socket.on('error', () => {
      failed = true;
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (failed) this.counters.helloFailures += 1;
    });
    socket.on('connect', () => {
      // One write with the whole message: some servers keep only the first chunk they read.
      socket.write(hello, (err) => {
        if (err === undefined || err === null) this.counters.hellosSent += 1;
      });
      socket.end();
    });
    // The server never answers on this connection; discard anything it sends.
    socket.resume();
  }
}
