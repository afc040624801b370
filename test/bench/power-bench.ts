/**
 * `npm run bench`: power status of a simulated fleet at several concurrencies, with our client
 * (keep-alive and digest nonce reuse) against a naive client (a new connection and a new 401 per
 * request). Prints devices per second, HTTP round trips per request, peak RSS and the speed-up.
 */
import { startFleet } from '../../electron/simulator';
import { measureNaive, measureReuse, type RunResult } from './bench-runs';

interface BenchOptions {
  devices: number;
  latencyMs: number;
  concurrency: number[];
  rounds: number;
  tls: boolean;
  json: boolean;
}

const USAGE = `usage: node scripts/bench.mjs [--devices 1000] [--latency 20] [--concurrency 16,64,256] [--rounds 2] [--tls] [--json]`;

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number\n${USAGE}`);
  return n;
}

function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    devices: 1000,
    latencyMs: 20,
    concurrency: [16, 64, 256],
    rounds: 2,
    tls: false,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--devices') o.devices = positive(flag, argv[++i]);
    else if (flag === '--latency') o.latencyMs = Number(argv[++i]) >= 0 ? Number(argv[i]) : positive(flag, argv[i]);
    else if (flag === '--concurrency') o.concurrency = (argv[++i] ?? '').split(',').map((c) => positive(flag, c));
    else if (flag === '--rounds') o.rounds = positive(flag, argv[++i]);
    else if (flag === '--tls') o.tls = true;
    else if (flag === '--json') o.json = true;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return o;
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

function row(reuse: RunResult, naive: RunResult): string {
  return [
    String(reuse.concurrency).padStart(11),
    fmt(reuse.devicesPerSecond).padStart(9),
    fmt(reuse.roundTripsPerRequest, 3).padStart(7),
    fmt(reuse.peakRssMb).padStart(8),
    fmt(naive.devicesPerSecond).padStart(9),
    fmt(naive.roundTripsPerRequest, 3).padStart(7),
    fmt(naive.peakRssMb).padStart(8),
    `${fmt(reuse.devicesPerSecond / naive.devicesPerSecond, 2)}x`.padStart(8),
  ].join(' |');
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const fleet = await startFleet({ devices: o.devices, portBase: 0, latencyMs: o.latencyMs, tls: o.tls });
  const pairs: { reuse: RunResult; naive: RunResult }[] = [];
  try {
    if (!o.json) {
      process.stdout.write(
        `Power status of ${o.devices} simulated devices (${o.latencyMs} ms latency, ${o.tls ? 'TLS' : 'plain HTTP'}, loopback), ` +
          `${o.rounds} measured round(s) per run, node ${process.version}\n` +
          `reuse = keep-alive + digest nonce reuse (after one warm-up round); naive = new connection and 401 per request\n\n` +
          `concurrency |  reuse/s | rt/req | RSS MB |  naive/s | rt/req | RSS MB | speed-up\n`,
      );
    }
    for (const c of o.concurrency) {
      const naive = await measureNaive(fleet, c, o.rounds);
      const reuse = await measureReuse(fleet, c, o.rounds);
      pairs.push({ reuse, naive });
      if (!o.json) process.stdout.write(`${row(reuse, naive)}\n`);
      for (const r of [reuse, naive]) {
        if (r.failures > 0) process.stdout.write(`  ${r.mode} c=${c}: ${r.failures} failed, first: ${r.firstError}\n`);
      }
    }
  } finally {
    await fleet.close();
  }
  if (o.json) process.stdout.write(`${JSON.stringify({ options: o, runs: pairs }, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
