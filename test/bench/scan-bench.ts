/**
 * The network scan benchmark (`npm run bench`, after the power benchmark; alone with
 * `node scripts/bench.mjs --only scan`). It runs `scanForAmt`, the function the app's scan job and
 * `outband discover scan` call, with the scanner's default timeouts:
 *
 * - over 127.0.8.0/22, 1,022 loopback hosts where nothing listens, and compares the wall time with
 *   the worst case those timeouts allow (the issue: "a /22 with nothing listening finishes in
 *   bounded time, printed by the benchmark, not asserted");
 * - over a simulated fleet of 254 devices on 127.0.0.1 to 127.0.0.254, where everything answers.
 *
 * Only IPv4 loopback addresses (127.0.0.0/8) are ever scanned: every target is checked before a
 * scan starts, and the benchmark stops if one is not loopback. Nothing here fails on speed; it
 * exits non-zero only when something throws.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { scanForAmt, type ScanOptions } from '../../electron/discovery/scanner';
import { parseScanTargets, type ScanTarget } from '../../electron/discovery/targets';
import { isLoopbackV4, startFleet, type Fleet } from '../../electron/simulator';
import { freePort, freeUdpPort } from '../support/net';

/** 127.0.8.1 to 127.0.11.254: a /22 without its network and broadcast addresses. */
const EMPTY_RANGE = '127.0.8.0/22';
/** "addresses" fleet addressing puts device i on 127.0.0.(i + 1) for the first 254 devices. */
const FLEET_RANGE = '127.0.0.1-254';
const FLEET_DEVICES = 254;

// The scanner's defaults (electron/discovery/scanner.ts), which the benchmark does not override;
// they are repeated here only to compute the bound and must follow the scanner if it changes.
const SCANNER_TIMEOUT_MS = 3000;
const SCANNER_PING_WINDOW_MS = Math.min(SCANNER_TIMEOUT_MS, 3000);

interface ScanBenchOptions {
  concurrency: number[];
  json: boolean;
}

/** One scan of the empty range. */
interface EmptyRun {
  concurrency: number;
  hosts: number;
  /** Should be 0: nothing listens there. */
  found: number;
  seconds: number;
  pingSeconds: number;
  probeSeconds: number;
  hostsPerSecond: number;
  peakRssMb: number;
  boundSeconds: number;
  wallToBound: number;
}

/** One scan of the simulated fleet. */
interface FleetRun {
  concurrency: number;
  hosts: number;
  found: number;
  seconds: number;
  pingSeconds: number;
  probeSeconds: number;
  hostsPerSecond: number;
  peakRssMb: number;
}

const USAGE = 'usage: node scripts/bench.mjs --only scan [--concurrency 64,256] [--json]';

function parseArgs(argv: string[]): ScanBenchOptions {
  const o: ScanBenchOptions = { concurrency: [64, 256], json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') o.json = true;
    else if (flag === '--concurrency') {
      o.concurrency = (argv[++i] ?? '').split(',').map((text) => {
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > 1024)
          throw new Error(`--concurrency needs whole numbers from 1 to 1024\n${USAGE}`);
        return n;
      });
    } else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return o;
}

/** Expands a range and refuses it unless every host is an IPv4 loopback address. */
function loopbackTargets(range: string): ScanTarget[] {
  const targets = parseScanTargets([range]);
  for (const t of targets) {
    if (t.kind !== 'ipv4' || !isLoopbackV4(t.address))
      throw new Error(`refusing to scan ${range}: ${t.kind === 'ipv4' ? t.address : t.name} is not IPv4 loopback`);
  }
  return targets;
}

/**
 * The longest a scan may take with the default timeouts, in ms:
 *
 *   ping window + ceil(hosts / concurrency) × ports × 2 steps × timeout
 *
 * - Ping phase: the scanner sends two presence pings per host on one UDP socket, then always waits
 *   the whole ping window (default: the timeout, at most 3 s) for pongs, whatever answers.
 * - Probe phase: `concurrency` workers each take the next host until none is left, so no worker
 *   probes more than ceil(hosts / concurrency) hosts, one after another.
 * - One port of one host takes at most 2 steps, each cut off at the timeout: a TCP connect and
 *   `GET /`, and, only when something accepted but did not answer HTTP, a TLS handshake.
 * - × ports counts a host's ports one after another. The scanner probes them at the same time, so
 *   with several ports the bound is loose; with the single port used here it makes no difference.
 *
 * Not counted: the time the pings take to send (one after another, with a 1 ms pause every 64
 * hosts; about 0.1 s for 1,022 hosts on loopback) and event-loop delays. With nothing listening, loopback refuses every connect at once, so the probe phase is
 * short and the wall time is mostly the ping window.
 */
function worstCaseMs(hosts: number, concurrency: number, ports: number): number {
  return SCANNER_PING_WINDOW_MS + Math.ceil(hosts / concurrency) * ports * 2 * SCANNER_TIMEOUT_MS;
}

/** The largest resident set size sampled while a scan runs. */
class RssPeak {
  private peak = process.memoryUsage.rss();
  private readonly timer = setInterval(() => {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }, 25);

  /** The peak so far, in MB (the current size included). */
  mb(): number {
    return Math.max(this.peak, process.memoryUsage.rss()) / (1024 * 1024);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface TimedScan {
  scanned: number;
  found: number;
  problems: string[];
  seconds: number;
  /** From the start until the first TCP probe connects: sending the pings and the ping window. */
  pingSeconds: number;
  /** From the first TCP probe to the end. */
  probeSeconds: number;
  peakRssMb: number;
}

/**
 * One scan, timed. The first TCP client socket created during the scan (Node's `net.client.socket`
 * diagnostics channel, read only) marks the end of the ping phase: the scanner probes no host
 * before the ping window is over, and nothing else in this process opens TCP connections.
 */
async function timedScan(targets: readonly ScanTarget[], options: ScanOptions): Promise<TimedScan> {
  const rss = new RssPeak();
  const started = performance.now();
  let firstConnect: number | undefined;
  const onSocket = () => {
    firstConnect ??= performance.now();
  };
  subscribe('net.client.socket', onSocket);
  try {
    const result = await scanForAmt(targets, options);
    const ended = performance.now();
    const pingMs = (firstConnect ?? ended) - started;
    return {
      scanned: result.scanned,
      found: result.found.length,
      problems: result.problems.map((p) => `${p.target}: ${p.message}`),
      seconds: (ended - started) / 1000,
      pingSeconds: pingMs / 1000,
      probeSeconds: (ended - started - pingMs) / 1000,
      peakRssMb: rss.mb(),
    };
  } finally {
    unsubscribe('net.client.socket', onSocket);
    rss.stop();
  }
}

/** Starts the fleet on a free TCP and UDP port, trying again if another process takes one first. */
async function startLoopbackFleet(): Promise<{ fleet: Fleet; port: number; rmcpPort: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const rmcpPort = await freeUdpPort();
    try {
      const fleet = await startFleet({ devices: FLEET_DEVICES, addressing: 'addresses', portBase: port, rmcpPort });
      return { fleet, port, rmcpPort };
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

// Table columns: a cell is right-aligned under its heading, one space wider than the heading.
const EMPTY_COLUMNS = ['hosts', 'wall s', 'pings s', 'probes s', 'hosts/s', 'RSS MB', 'bound s', 'wall/bound'];
const FLEET_COLUMNS = ['found/hosts', 'wall s', 'pings s', 'probes s', 'hosts/s', 'RSS MB'];

function line(concurrency: number | string, headings: readonly string[], cells: readonly string[]): string {
  return [String(concurrency).padStart(11), ...cells.map((c, i) => c.padStart((headings[i]?.length ?? 0) + 1))].join(
    ' |',
  );
}

function heading(headings: readonly string[]): string {
  return `${line('concurrency', headings, headings)}\n`;
}

function emptyRow(r: EmptyRun): string {
  return line(r.concurrency, EMPTY_COLUMNS, [
    String(r.hosts),
    fmt(r.seconds, 2),
    fmt(r.pingSeconds, 2),
    fmt(r.probeSeconds, 2),
    fmt(r.hostsPerSecond),
    fmt(r.peakRssMb),
    fmt(r.boundSeconds, 1),
    fmt(r.wallToBound, 3),
  ]);
}

function fleetRow(r: FleetRun): string {
  return line(r.concurrency, FLEET_COLUMNS, [
    `${r.found}/${r.hosts}`,
    fmt(r.seconds, 2),
    fmt(r.pingSeconds, 2),
    fmt(r.probeSeconds, 2),
    fmt(r.hostsPerSecond),
    fmt(r.peakRssMb),
  ]);
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const say = (text: string) => {
    if (!o.json) process.stdout.write(text);
  };

  // A /22 where nothing listens: a TCP port and a UDP port that are free on loopback right now.
  const emptyTargets = loopbackTargets(EMPTY_RANGE);
  const deadTcpPort = await freePort();
  const deadRmcpPort = await freeUdpPort();
  say(
    `Network scan (scanForAmt, default timeouts: ${SCANNER_TIMEOUT_MS} ms per probe step, ` +
      `${SCANNER_PING_WINDOW_MS} ms ping window), node ${process.version}\n\n` +
      `${EMPTY_RANGE}: ${emptyTargets.length} loopback hosts, nothing listening ` +
      `(TCP ${deadTcpPort}, RMCP on UDP ${deadRmcpPort})\n` +
      `bound = ping window + ceil(hosts / concurrency) x ports x 2 steps x timeout\n\n` +
      heading(EMPTY_COLUMNS),
  );
  const emptyRuns: EmptyRun[] = [];
  for (const concurrency of o.concurrency) {
    const ports = [deadTcpPort];
    const r = await timedScan(emptyTargets, { ports, rmcpPort: deadRmcpPort, concurrency });
    const boundMs = worstCaseMs(emptyTargets.length, concurrency, ports.length);
    const run: EmptyRun = {
      concurrency,
      hosts: r.scanned,
      found: r.found,
      seconds: r.seconds,
      pingSeconds: r.pingSeconds,
      probeSeconds: r.probeSeconds,
      hostsPerSecond: r.scanned / r.seconds,
      peakRssMb: r.peakRssMb,
      boundSeconds: boundMs / 1000,
      wallToBound: (r.seconds * 1000) / boundMs,
    };
    emptyRuns.push(run);
    say(`${emptyRow(run)}\n`);
    if (r.found > 0) say(`  ${r.found} device(s) answered where nothing should listen\n`);
    for (const p of r.problems) say(`  problem: ${p}\n`);
  }

  // The same scanner over a simulated fleet: every host answers the ping and the TCP probe.
  const fleetTargets = loopbackTargets(FLEET_RANGE);
  const { fleet, port, rmcpPort } = await startLoopbackFleet();
  const fleetRuns: FleetRun[] = [];
  try {
    const wanted = new Set(fleetTargets.map((t) => (t.kind === 'ipv4' ? t.address : t.name)));
    if (fleet.devices.length !== wanted.size || fleet.devices.some((d) => !wanted.has(d.host)))
      throw new Error(`the simulated fleet is not on ${FLEET_RANGE}`);
    say(
      `\nSimulated fleet ${FLEET_RANGE}: ${fleet.devices.length} devices answering ` +
        `(HTTP on TCP ${port}, RMCP on UDP ${rmcpPort}); RSS includes the simulator\n\n` +
        heading(FLEET_COLUMNS),
    );
    for (const concurrency of o.concurrency) {
      const r = await timedScan(fleetTargets, { ports: [port], rmcpPort, concurrency });
      const run: FleetRun = {
        concurrency,
        hosts: r.scanned,
        found: r.found,
        seconds: r.seconds,
        pingSeconds: r.pingSeconds,
        probeSeconds: r.probeSeconds,
        hostsPerSecond: r.scanned / r.seconds,
        peakRssMb: r.peakRssMb,
      };
      fleetRuns.push(run);
      say(`${fleetRow(run)}\n`);
      for (const p of r.problems) say(`  problem: ${p}\n`);
    }
  } finally {
    await fleet.close();
  }

  if (o.json) {
    const report = {
      options: o,
      node: process.version,
      timeoutMs: SCANNER_TIMEOUT_MS,
      pingWindowMs: SCANNER_PING_WINDOW_MS,
      empty: { range: EMPTY_RANGE, tcpPort: deadTcpPort, rmcpPort: deadRmcpPort, runs: emptyRuns },
      fleet: { range: FLEET_RANGE, devices: fleet.devices.length, tcpPort: port, rmcpPort, runs: fleetRuns },
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`scan bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
