/**
 * The measured paths of the power benchmark: the product's own (the PowerService jobs the app
 * runs, and the CLI), and a minimal raw client (bare undici, known nonce, open connections) as
 * the ceiling. The fleet runs in another process, so CPU figures are this process's alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client } from 'undici';
import { createRootProgram } from '../../electron/cli/program';
import { registerAmtCommands } from '../../electron/cli/commands/amt';
import { JobRunner } from '../../electron/jobs/job-runner';
import { PowerService } from '../../electron/power';
import { SessionPool } from '../../electron/power/session-pool';
import { openStore, type Store } from '../../electron/store';
import { DeviceService } from '../../electron/vault/device-service';
import { buildGet } from '../../electron/wsman';
import { DeviceSchema, type Device } from '../../shared/domain/device';
import { normalizeFingerprint } from '../../shared/domain/fingerprint';

/** One measured run of one path. */
export interface RunResult {
  path: string;
  devices: number;
  failures: number;
  seconds: number;
  devicesPerSecond: number;
  requestsPerDevice: number;
  cpuMicrosPerDevice: number;
  firstError?: string;
}

interface FleetInfo {
  user: string;
  password: string;
  certPem: string | null;
  fingerprint: string | null;
  devices: { host: string; port: number }[];
}

/** The simulated fleet in its own process (dist/bench/power-fleet.js, next to this bundle). */
export class FleetProcess {
  private constructor(
    private readonly child: ChildProcess,
    private readonly lines: AsyncIterator<string>,
    readonly info: FleetInfo,
    readonly tls: boolean,
  ) {}

  static async start(devices: number, tls: boolean, latencyMs: number): Promise<FleetProcess> {
    const here = dirname(fileURLToPath(import.meta.url));
    const child = spawn(
      process.execPath,
      [join(here, 'power-fleet.js'), String(devices), tls ? 'tls' : 'plain', String(latencyMs)],
      {
        stdio: ['pipe', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error('the fleet process ended before it was ready');
    return new FleetProcess(child, lines, JSON.parse(first.value) as FleetInfo, tls);
  }

  /** HTTP requests the devices received so far (challenges included). */
  async requests(): Promise<number> {
    this.child.stdin!.write('stats\n');
    const line = await this.lines.next();
    if (line.done) throw new Error('the fleet process ended');
    return (JSON.parse(line.value) as { requests: number }).requests;
  }

  async close(): Promise<void> {
    const ended = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin!.end('close\n');
    await ended;
  }
}

/** Measures `work` over `devices` devices: wall time, this process's CPU, requests at the fleet. */
async function measure(
  fleet: FleetProcess,
  path: string,
  work: () => Promise<{ failures: number; firstError?: string }>,
): Promise<RunResult> {
  const n = fleet.info.devices.length;
  const before = await fleet.requests();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const outcome = await work();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const requests = (await fleet.requests()) - before;
  return {
    path,
    devices: n,
    failures: outcome.failures,
    seconds,
    devicesPerSecond: n / seconds,
    requestsPerDevice: requests / n,
    cpuMicrosPerDevice: (used.user + used.system) / n,
    firstError: outcome.firstError,
  };
}

async function limited<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  let failures = 0;
  let firstError: string | undefined;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try {
        await fn(items[i]!);
      } catch (err) {
        failures++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return { failures, firstError };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * The ceiling: bare undici, one open connection per device, the nonce already known (one 401
 * per device before measuring), a digest header computed per request, the body read as text and
 * not parsed. What a client that does nothing else could do on this machine.
 */
export async function measureRaw(fleet: FleetProcess, concurrency: number): Promise<RunResult> {
  const { user, password, certPem } = fleet.info;
  const body = buildGet('CIM_AssociatedPowerManagementService');
  const clients = fleet.info.devices.map(
    (d) =>
      new Client(`${fleet.tls ? 'https' : 'http'}://${d.host}:${d.port}`, {
        pipelining: 1,
        keepAliveTimeout: 60_000,
        connect: fleet.tls ? { ca: certPem ?? undefined } : undefined,
      }),
  );
  const nonces: { realm: string; nonce: string; nc: number }[] = [];
  const post = (i: number, authorization?: string) =>
    clients[i]!.request({
      path: '/wsman',
      method: 'POST',
      body,
      headers: { 'content-type': 'application/soap+xml; charset=utf-8', ...(authorization ? { authorization } : {}) },
    });
  const authorize = (i: number) => {
    const c = nonces[i]!;
    c.nc++;
    const nc = c.nc.toString(16).padStart(8, '0');
    const cnonce = randomUUID().replace(/-/g, '');
    const ha1 = md5(`${user}:${c.realm}:${password}`);
    const response = md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${md5('POST:/wsman')}`);
    return `Digest username="${user}", realm="${c.realm}", nonce="${c.nonce}", uri="/wsman", qop=auth, nc=${nc}, cnonce="${cnonce}", response="${response}"`;
  };
  const index = clients.map((_, i) => i);
  try {
    // Not measured: learn each device's nonce and open its connection.
    await limited(index, concurrency, async (i) => {
      const res = await post(i);
      await res.body.text();
      const h = String(res.headers['www-authenticate'] ?? '');
      nonces[i] = { realm: /realm="([^"]*)"/.exec(h)![1]!, nonce: /nonce="([^"]*)"/.exec(h)![1]!, nc: 0 };
      const warm = await post(i, authorize(i));
      await warm.body.text();
    });
    return await measure(fleet, 'raw undici (ceiling)', () =>
      limited(index, concurrency, async (i) => {
        const res = await post(i, authorize(i));
        const text = await res.body.text();
        if (res.statusCode !== 200 || text.length === 0) throw new Error(`HTTP ${res.statusCode}`);
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

/**
 * The cold floor of the same bare client: per device a new connection, the 401, a second
 * connection (the 401 closed the first) and the authorised request, as any client pays on first
 * contact. Cold rows are best read against this one.
 */
export async function measureRawCold(fleet: FleetProcess, concurrency: number): Promise<RunResult> {
  const { user, password, certPem } = fleet.info;
  const body = buildGet('CIM_AssociatedPowerManagementService');
  const headers = { 'content-type': 'application/soap+xml; charset=utf-8' };
  return measure(fleet, 'raw undici cold', () =>
    limited(fleet.info.devices, concurrency, async (d) => {
      const client = new Client(`${fleet.tls ? 'https' : 'http'}://${d.host}:${d.port}`, {
        pipelining: 1,
        connect: fleet.tls ? { ca: certPem ?? undefined } : undefined,
      });
      try {
        const first = await client.request({ path: '/wsman', method: 'POST', body, headers });
        await first.body.text();
        const h = String(first.headers['www-authenticate'] ?? '');
        const realm = /realm="([^"]*)"/.exec(h)![1]!;
        const nonce = /nonce="([^"]*)"/.exec(h)![1]!;
        const cnonce = randomUUID().replace(/-/g, '');
        const ha1 = md5(`${user}:${realm}:${password}`);
        const response = md5(`${ha1}:${nonce}:00000001:${cnonce}:auth:${md5('POST:/wsman')}`);
        const authorization = `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="/wsman", qop=auth, nc=00000001, cnonce="${cnonce}", response="${response}"`;
        const res = await client.request({
          path: '/wsman',
          method: 'POST',
          body,
          headers: { ...headers, authorization },
        });
        const text = await res.body.text();
        if (res.statusCode !== 200 || text.length === 0) throw new Error(`HTTP ${res.statusCode}`);
      } finally {
        await client.close();
      }
    }),
  );
}

/** A data folder with the fleet as managed devices (TLS ones pinned), for the PowerService. */
export class ServiceBench {
  private constructor(
    private readonly dir: string,
    private readonly store: Store,
    readonly ids: string[],
    private readonly fleet: FleetProcess,
    private readonly concurrency: number,
  ) {}

  static async create(fleet: FleetProcess, concurrency: number): Promise<ServiceBench> {
    const dir = await mkdtemp(join(tmpdir(), 'outband-bench-'));
    const store = await openStore(dir);
    const now = new Date().toISOString();
    const pin = fleet.info.fingerprint ? normalizeFingerprint(fleet.info.fingerprint)! : undefined;
    const devices: Device[] = fleet.info.devices.map((d, i) =>
      DeviceSchema.parse({
        id: randomUUID(),
        name: `sim-${i}`,
        address: d.host,
        port: d.port,
        tlsMode: fleet.tls ? 'tls' : 'plain',
        ...(pin ? { tlsFingerprint: pin } : {}),
        credentialId: randomUUID(),
        created: now,
        updated: now,
      }),
    );
    await store.update('zone', (doc) => void (doc.zone.allowPlainHttp = true));
    await store.update('devices', (doc) => void doc.devices.push(...devices));
    return new ServiceBench(
      dir,
      store,
      devices.map((d) => d.id),
      fleet,
      concurrency,
    );
  }

  /** A PowerService as the app builds it, over a pool (a fresh one is a cold start). */
  service(pool: SessionPool): { power: PowerService; jobs: JobRunner } {
    const jobs = new JobRunner(() => undefined);
    const { user, password } = this.fleet.info;
    const power = new PowerService({
      devices: new DeviceService(this.store),
      store: this.store,
      jobs,
      pool,
      concurrency: this.concurrency,
      identity: async () => ({ hostNames: [], addresses: [], uuid: null }),
      // The vault's keychain read is left out: the OS keychain is not part of this measurement.
      resolveCredential: async () => ({ loginName: user, password }),
    });
    return { power, jobs };
  }

  /** Runs a job of the service and counts its failed devices. */
  async job(path: string, start: () => Promise<{ id: string }>, jobs: JobRunner): Promise<RunResult> {
    return measure(this.fleet, path, async () => {
      const done = await jobs.wait((await start()).id);
      const failed = done.results.filter((r) => !r.ok);
      return {
        failures: failed.length,
        firstError: failed[0] && `${failed[0].error?.message} (${failed[0].error?.code})`,
      };
    });
  }

  async close(): Promise<void> {
    await this.store.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** Runs `outband <args>` in this process with its output captured (a CLI run always starts cold). */
export async function measureCli(fleet: FleetProcess, path: string, args: string[]): Promise<RunResult> {
  const dir = await mkdtemp(join(tmpdir(), 'outband-bench-cli-'));
  const hosts = join(dir, 'hosts.txt');
  await writeFile(hosts, fleet.info.devices.map((d) => `${d.host}:${d.port}`).join('\n'));
  const tlsArgs: string[] = [];
  if (fleet.tls) {
    await writeFile(join(dir, 'ca.pem'), fleet.info.certPem!);
    tlsArgs.push('--tls', '--ca', join(dir, 'ca.pem'));
  }
  process.env.OUTBAND_BENCH_PW = fleet.info.password;
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  let out = '';
  const savedExit = process.exitCode;
  try {
    return await measure(fleet, path, async () => {
      const program = createRootProgram('0.0.0');
      registerAmtCommands(program);
      program.exitOverride();
      process.stdout.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stdout.write;
      process.stderr.write = (() => true) as typeof process.stderr.write;
      process.exitCode = 0;
      try {
        await program.parseAsync([
          'node',
          'outband',
          ...args,
          `@${hosts}`,
          ...tlsArgs,
          '--password-env',
          'OUTBAND_BENCH_PW',
          '--json',
        ]);
      } finally {
        process.stdout.write = writeOut;
        process.stderr.write = writeErr;
      }
      const results = JSON.parse(out) as { ok: boolean; error?: { code: string; message: string } }[];
      const failed = results.filter((r) => !r.ok);
      return {
        failures: failed.length,
        firstError: failed[0] && `${failed[0].error?.message} (${failed[0].error?.code})`,
      };
    });
  } finally {
    process.exitCode = savedExit;
    delete process.env.OUTBAND_BENCH_PW;
    await rm(dir, { recursive: true, force: true });
  }
}
