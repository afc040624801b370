/**
 * The simulated fleet of the power benchmark, in its own process so the benchmark's CPU figures
 * are the client's alone. Started by power-bench.ts: prints one JSON line describing the fleet,
 * then answers `stats` (total HTTP requests the devices received) and `close` on stdin.
 */
import { createInterface } from 'node:readline';
import { startFleet } from '../../electron/simulator';

const [devices, tls, latency] = [Number(process.argv[2]), process.argv[3] === 'tls', Number(process.argv[4] ?? 0)];

// Idle connections stay open for 5 minutes: the raw ceiling keeps one per device open while it
// warms up thousands of them (the simulator's 30 s default would close the first ones). The app's
// own pool closes its idle sockets after 4 s anyway.
const fleet = await startFleet({ devices, portBase: 0, tls, latencyMs: latency, device: { idleTimeoutMs: 300_000 } });
const requests = () => fleet.devices.reduce((n, d) => n + d.sim.stats.requests, 0);
const send = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
send({
  type: 'ready',
  user: fleet.user,
  password: fleet.password,
  certPem: fleet.tlsIdentity?.certPem ?? null,
  fingerprint: fleet.tlsIdentity?.fingerprint ?? null,
  devices: fleet.devices.map((d) => ({ host: d.host, port: d.port })),
});

let closing = false;
async function close(): Promise<void> {
  if (closing) return;
  closing = true;
  await fleet.close();
  process.exit(0);
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'stats') send({ type: 'stats', requests: requests() });
  else if (line === 'close') void close();
});
lines.on('close', () => void close());
