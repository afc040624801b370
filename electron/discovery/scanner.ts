// The network scan (../shared/specs/rmcp.md §4 recommendation): two presence pings per host on
// one UDP socket, a collection window, then a bounded-concurrency TCP probe of the AMT ports.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { setMaxListeners } from 'node:events';
import type { ProvisioningState } from '../../shared/domain/device';
import { OutbandError } from '../../shared/errors';
import { probePort, type PortProbe } from './probe';
import { decodePresencePong, encodePresencePing, type PresencePong } from './rmcp';
import type { ScanTarget } from './targets';

/** How a scan runs; every number has a default that suits a LAN. */
export interface ScanOptions {
  /** TCP ports probed on every host (default 16992, 16993). */
  ports?: readonly number[];
  /** UDP port of the presence ping (default 623; the simulator answers on another). */
  rmcpPort?: number;
  /** Hosts probed at once (default 64). */
  concurrency?: number;
  /** Per-host, per-step timeout in ms (default 3000). */
  timeoutMs?: number;
  /** How long to wait for pongs after the last ping (default: the timeout, at most 3000). */
  pingWindowMs?: number;
  signal?: AbortSignal;
  /** Hosts finished so far, of all. */
  onProgress?(done: number, total: number): void;
  /** A device found (called as soon as its probe is done). */
  onFound?(device: ScanFinding): void;
}

/** One AMT device a scan found. */
export interface ScanFinding {
  address: string;
  /** The name it was asked for, when the target was a host name. */
  name?: string;
  provisioningState: ProvisioningState | null;
  amtVersion: string | null;
  tls: boolean;
  /** AMT ports that answered. */
  ports: number[];
  /** What answered: the presence ping, the TCP probe, or both. */
  via: ('rmcp' | 'tcp')[];
}

/** A target that could not be scanned (a host name that does not resolve). */
export interface ScanProblem {
  target: string;
  code: string;
  message: string;
}

export const DEFAULT_SCAN_PORTS = [16992, 16993] as const;

async function resolveTargets(
  targets: readonly ScanTarget[],
  problems: ScanProblem[],
): Promise<{ address: string; name?: string }[]> {
  const out: { address: string; name?: string }[] = [];
  for (const t of targets) {
    if (t.kind === 'ipv4') {
      out.push({ address: t.address });
      continue;
    }
    try {
      const found = await lookup(t.name, { family: 4 });
      out.push({ address: found.address, name: t.name });
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code ?? 'lookup failed';
      problems.push({ target: t.name, code: 'discovery.unresolved', message: `${t.name} did not resolve (${why}).` });
    }
  }
  return out;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Pings every host twice and collects the first valid pong per address. */
async function pingAll(
  hosts: readonly string[],
  rmcpPort: number,
  windowMs: number,
  signal: AbortSignal,
): Promise<Map<string, PresencePong>> {
  const pongs = new Map<string, PresencePong>();
  const wanted = new Set(hosts);
  const socket: UdpSocket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    if (!wanted.has(rinfo.address) || pongs.has(rinfo.address)) return;
    try {
      pongs.set(rinfo.address, decodePresencePong(msg));
    } catch {
      // An ACK or something that is not an AMT pong: not a finding.
    }
  });
  socket.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(0, () => resolve());
    });
    for (let i = 0; i < hosts.length && !signal.aborted; i++) {
      const ping = encodePresencePing(i % 255);
      const host = hosts[i] as string;
      for (let n = 0; n < 2; n++) await new Promise<void>((r) => socket.send(ping, rmcpPort, host, () => r()));
      // Pace the sends so a /16 does not flood the segment: yield every 64 hosts.
      if (i % 64 === 63) await sleep(1, signal);
    }
    await sleep(windowMs, signal);
  } finally {
    socket.close();
  }
  return pongs;
}

function finding(
  host: { address: string; name?: string },
  pong: PresencePong | undefined,
  probes: PortProbe[],
): ScanFinding | null {
  const open = probes.filter((p) => p.kind !== null && (p.amt || p.kind === 'tls' || pong !== undefined));
  if (pong === undefined && !open.some((p) => p.amt || p.kind === 'tls')) return null;
  const version = probes.find((p) => p.amtVersion !== null)?.amtVersion ?? pong?.version ?? null;
  const via: ScanFinding['via'] = [];
  if (pong !== undefined) via.push('rmcp');
  if (open.length > 0) via.push('tcp');
  return {
    address: host.address,
    ...(host.name === undefined ? {} : { name: host.name }),
    provisioningState: pong?.provisioningState ?? null,
    amtVersion: version,
    tls: open.some((p) => p.kind === 'tls') || (pong?.tls ?? false),
    ports: open.map((p) => p.port),
    via,
  };
}

/**
 * Scans the targets for Intel AMT devices; resolves with what it found and what it could not
 * scan. A cancelled scan resolves with what it found until then.
 */
export async function scanForAmt(
  targets: readonly ScanTarget[],
  options: ScanOptions = {},
): Promise<{ found: ScanFinding[]; problems: ScanProblem[]; scanned: number }> {
  const signal = options.signal ?? new AbortController().signal;
  const ports = [...(options.ports ?? DEFAULT_SCAN_PORTS)];
  const timeoutMs = options.timeoutMs ?? 3000;
  const concurrency = options.concurrency ?? 64;
  if (ports.length === 0 || ports.length > 16 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535))
    throw new OutbandError('discovery.bad-option', 'Give 1 to 16 TCP ports, each from 1 to 65535.');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024)
    throw new OutbandError('discovery.bad-option', 'Concurrency is a whole number from 1 to 1024.');
  // Every probe in flight listens for cancel on the one signal; that is expected, not a leak.
  setMaxListeners(concurrency * ports.length * 2 + 16, signal);
  const problems: ScanProblem[] = [];
  const hosts = await resolveTargets(targets, problems);
  const total = targets.length;
  let done = total - hosts.length;
  options.onProgress?.(done, total);
  const pongs = await pingAll(
    hosts.map((h) => h.address),
    options.rmcpPort ?? 623,
    options.pingWindowMs ?? Math.min(timeoutMs, 3000),
    signal,
  );
  const found: ScanFinding[] = [];
  let next = 0;
  // A fixed pool of workers: memory and work stay flat however large the range is.
  const worker = async () => {
    while (next < hosts.length && !signal.aborted) {
      const host = hosts[next++] as { address: string; name?: string };
      const probes = await Promise.all(ports.map((port) => probePort(host.address, port, timeoutMs, signal)));
      const result = finding(host, pongs.get(host.address), probes);
      done += 1;
      if (result !== null && !signal.aborted) {
        found.push(result);
        options.onFound?.(result);
      }
      options.onProgress?.(done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, hosts.length) }, worker));
  return { found, problems, scanned: done };
}
