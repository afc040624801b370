/**
 * `npm run bench -- --only power`: the product's own power path over a simulated fleet that runs
 * in another process. For each size and transport it measures, from one run: the PowerService
 * jobs the app runs (status = the refresh job; reset = the power request job), cold (a new session
 * pool, as after start-up) and warm (the same pool right after); the CLI (`outband power status`
 * and `power reset`, always cold); and a minimal raw client (bare undici, known nonce, open
 * connections) as the ceiling. Prints devices per second, HTTP requests per device (counted by the
 * devices), client CPU per device and the ratios to the ceiling. It never fails on speed.
 */
import { SessionPool } from '../../electron/power/session-pool';
import { FleetProcess, ServiceBench, measureCli, measureRaw, measureRawCold, type RunResult } from './bench-runs';

interface BenchOptions {
  sizes: number[];
  transports: ('plain' | 'tls')[];
  latencyMs: number;
  concurrency: number;
  cli: boolean;
  json: boolean;
}

const USAGE =
  'usage: node scripts/bench.mjs --only power [--sizes 100,1000] [--transports plain,tls] [--latency 2] [--concurrency 16] [--no-cli] [--json]';

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive whole number\n${USAGE}`);
  return n;
}

function parseArgs(argv: string[]): BenchOptions {
  const o: BenchOptions = {
    sizes: [100, 1000],
    transports: ['plain', 'tls'],
    latencyMs: 2,
    concurrency: 16,
    cli: true,
    json: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--sizes' || flag === '--devices')
      o.sizes = (argv[++i] ?? '').split(',').map((c) => positive(flag, c));
    else if (flag === '--transports') {
      const t = (argv[++i] ?? '').split(',');
      if (t.some((x) => x !== 'plain' && x !== 'tls')) throw new Error(`--transports takes plain,tls\n${USAGE}`);
      o.transports = t as BenchOptions['transports'];
    } else if (flag === '--tls') o.transports = ['tls'];
    else if (flag === '--latency') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0) throw new Error(`--latency needs a whole number of ms\n${USAGE}`);
      o.latencyMs = n;
    } else if (flag === '--concurrency') o.concurrency = positive(flag, argv[++i]);
    else if (flag === '--no-cli') o.cli = false;
    else if (flag === '--json') o.json = true;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return o;
}

interface Block {
  devices: number;
  transport: 'plain' | 'tls';
  /** Ratios to the warm ceiling (raw undici); cold rows also to the raw cold floor. */
  runs: (RunResult & { speedVsRaw: number; cpuVsRaw: number })[];
}

async function measureBlock(n: number, transport: 'plain' | 'tls', o: BenchOptions): Promise<Block> {
  const fleet = await FleetProcess.start(n, transport === 'tls', o.latencyMs);
  const runs: RunResult[] = [];
  try {
    runs.push(await measureRaw(fleet, o.concurrency));
    runs.push(await measureRawCold(fleet, o.concurrency));
    const bench = await ServiceBench.create(fleet, o.concurrency);
    try {
      // Status: the refresh job, from a new pool, then again on the warm one.
      let pool = new SessionPool();
      let { power, jobs } = bench.service(pool);
      runs.push(await bench.job('app status cold', () => power.refresh(bench.ids), jobs));
      runs.push(await bench.job('app status warm', () => power.refresh(bench.ids), jobs));
      // Reset warm: the states were just read, so the change goes out alone on the open session.
      runs.push(await bench.job('app reset warm', () => power.request(bench.ids, 'reset'), jobs));
      await pool.close();
      // Reset cold: a new pool, nothing read; the caller says to let the device judge.
      pool = new SessionPool();
      ({ power, jobs } = bench.service(pool));
      runs.push(await bench.job('app reset cold', () => power.request(bench.ids, 'reset', { skipRead: true }), jobs));
      await pool.close();
    } finally {
      await bench.close();
    }
    if (o.cli) {
      runs.push(
        await measureCli(fleet, 'cli status (cold)', ['power', 'status', '--concurrency', String(o.concurrency)]),
      );
      runs.push(
        await measureCli(fleet, 'cli reset (cold)', [
          'power',
          'reset',
          '--yes',
          '--concurrency',
          String(o.concurrency),
        ]),
      );
    }
  } finally {
    await fleet.close();
  }
  const raw = runs[0]!;
  return {
    devices: n,
    transport,
    runs: runs.map((r) => ({
      ...r,
      speedVsRaw: r.devicesPerSecond / raw.devicesPerSecond,
      cpuVsRaw: r.cpuMicrosPerDevice / raw.cpuMicrosPerDevice,
    })),
  };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

function printBlock(b: Block): void {
  process.stdout.write(
    `\n${b.devices} devices, ${b.transport === 'tls' ? 'TLS' : 'plain HTTP'}\n` +
      'path                  | devices/s | req/dev | CPU µs/dev | speed vs raw | CPU vs raw\n',
  );
  for (const r of b.runs) {
    process.stdout.write(
      [
        r.path.padEnd(21),
        fmt(r.devicesPerSecond).padStart(9),
        fmt(r.requestsPerDevice, 2).padStart(7),
        fmt(r.cpuMicrosPerDevice).padStart(10),
        `${fmt(r.speedVsRaw, 2)}×`.padStart(12),
        `${fmt(r.cpuVsRaw, 2)}×`.padStart(10),
      ].join(' | ') + '\n',
    );
    if (r.failures > 0) process.stdout.write(`  ${r.failures} device(s) failed, first: ${r.firstError}\n`);
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  if (!o.json) {
    process.stdout.write(
      `Power path of Outband over simulated fleets (fleet in its own process, ${o.latencyMs} ms latency, loopback, concurrency ${o.concurrency}), node ${process.version}\n` +
        'req/dev = HTTP requests the devices received per device (401s included); CPU = this process (the client) only.\n',
    );
  }
  const blocks: Block[] = [];
  for (const n of o.sizes) {
    for (const t of o.transports) {
      const block = await measureBlock(n, t, o);
      blocks.push(block);
      if (!o.json) printBlock(block);
    }
  }
  if (o.json) process.stdout.write(`${JSON.stringify({ options: o, blocks }, null, 2)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
