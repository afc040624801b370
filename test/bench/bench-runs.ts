import { getPowerStatus, openAmtSession, type AmtSession } from '../../electron/amt';
import { runLimited } from '../../electron/power';
import { Limiter } from '../../electron/wsman';
import type { Fleet, FleetDevice } from '../../electron/simulator';

/** One measured run: how many status reads, how long, how many HTTP round trips, how much memory. */
export interface RunResult {
  mode: 'reuse' | 'naive';
  concurrency: number;
  requests: number;
  failures: number;
  seconds: number;
  devicesPerSecond: number;
  roundTripsPerRequest: number;
  peakRssMb: number;
  firstError?: string;
}

/** Tracks the largest resident set size seen while a run is going (sampled, plus the OS's own peak). */
class RssPeak {
  private peak = process.memoryUsage.rss();
  private readonly timer = setInterval(() => {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }, 25);

  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.peak, process.memoryUsage.rss()) / (1024 * 1024);
  }
}

function sessionFor(fleet: Fleet, d: FleetDevice, limiter: Limiter): AmtSession {
  return openAmtSession({
    host: d.host,
    port: d.port,
    tls: d.tls,
    pin: d.fingerprint ?? undefined,
    user: fleet.user,
    password: fleet.password,
    limiter,
    requestTimeoutMs: 30_000,
  });
}

async function each<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
): Promise<{ failures: number; firstError?: string }> {
  let failures = 0;
  let firstError: string | undefined;
  for await (const { error } of runLimited(items, concurrency, work)) {
    if (!error) continue;
    failures++;
    firstError ??= `${error.message} (${error.code})`;
  }
  return { failures, firstError };
}

function result(
  mode: RunResult['mode'],
  concurrency: number,
  requests: number,
  ms: number,
  roundTrips: number,
  peakRssMb: number,
  outcome: { failures: number; firstError?: string },
): RunResult {
  return {
    mode,
    concurrency,
    requests,
    failures: outcome.failures,
    seconds: ms / 1000,
    devicesPerSecond: requests / (ms / 1000),
    roundTripsPerRequest: roundTrips / requests,
    peakRssMb,
    firstError: outcome.firstError,
  };
}

/**
 * Our client as Outband uses it: one session per device kept open, so the connection stays alive
 * and the digest nonce is reused. One warm-up round (which pays the 401s and the connects) is not
 * counted; then `rounds` rounds of status reads over every device are.
 */
export async function measureReuse(fleet: Fleet, concurrency: number, rounds: number): Promise<RunResult> {
  const limiter = new Limiter(concurrency);
  const sessions = fleet.devices.map((d) => sessionFor(fleet, d, limiter));
  try {
    await each(sessions, concurrency, (s) => getPowerStatus(s));
    const tripsBefore = sessions.reduce((n, s) => n + s.wsman.roundTrips, 0);
    const rss = new RssPeak();
    const started = performance.now();
    const outcome = { failures: 0, firstError: undefined as string | undefined };
    for (let r = 0; r < rounds; r++) {
      const o = await each(sessions, concurrency, (s) => getPowerStatus(s));
      outcome.failures += o.failures;
      outcome.firstError ??= o.firstError;
    }
    const ms = performance.now() - started;
    const trips = sessions.reduce((n, s) => n + s.wsman.roundTrips, 0) - tripsBefore;
    return result('reuse', concurrency, sessions.length * rounds, ms, trips, rss.stop(), outcome);
  } finally {
    await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
  }
}

/**
 * The baseline without nonce reuse or keep-alive: a new session (new connection, new 401
 * challenge) for every request, closed right after.
 */
export async function measureNaive(fleet: Fleet, concurrency: number, rounds: number): Promise<RunResult> {
  const limiter = new Limiter(concurrency);
  let trips = 0;
  const once = async (d: FleetDevice) => {
    const s = sessionFor(fleet, d, limiter);
    try {
      await getPowerStatus(s);
    } finally {
      trips += s.wsman.roundTrips;
      await s.close().catch(() => undefined);
    }
  };
  const rss = new RssPeak();
  const started = performance.now();
  const outcome = { failures: 0, firstError: undefined as string | undefined };
  for (let r = 0; r < rounds; r++) {
    const o = await each(fleet.devices, concurrency, once);
    outcome.failures += o.failures;
    outcome.firstError ??= o.firstError;
  }
  const ms = performance.now() - started;
  return result('naive', concurrency, fleet.devices.length * rounds, ms, trips, rss.stop(), outcome);
}
