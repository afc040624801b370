// Discovery for the app and the CLI: scans as jobs, the Hello listener, and the discovered list
// (kept apart from managed devices, expiring after the zone's setting).
import { toErrorValue } from '../../shared/errors';
import type { DiscoveredDevice, HelloInfo } from '../../shared/domain/discovered';
import type { Device, TlsMode } from '../../shared/domain/device';
import { defaultAmtPort } from '../../shared/domain/address';
import { nameKey } from '../../shared/domain/common';
import type { DiscoveredRow, ListenerStatus, ScanRequest } from '../../shared/ipc/discovery';
import type { JobSnapshot } from '../../shared/ipc/jobs';
import type { JobRunner } from '../jobs/job-runner';
import type { Store } from '../store/store';
import type { DeviceService } from '../vault/device-service';
import type { Hello } from './hello';
import { HelloListener } from './listener';
import { matchHelloRoots, type ZoneRoot } from './root-match';
import { scanForAmt, type ScanFinding } from './scanner';
import { parseScanTargets } from './targets';

/** What discovery needs from the rest of the main process. */
export interface DiscoveryDeps {
  store: Store;
  devices: DeviceService;
  jobs: JobRunner;
  /** The zone's roots a device could be provisioned with (zone CA, management chain root). */
  zoneRoots(): Promise<ZoneRoot[]>;
  onChanged(count: number): void;
  onHello(event: {
    source: string;
    uuid: string;
    retry: number;
    match: { canProvision: boolean; reason: string };
  }): void;
  log(line: string): void;
  now?(): Date;
}

const STATES = { pre: 'pre-provisioning', in: 'in setup', post: 'provisioned' } as const;

function describe(f: ScanFinding): string {
  const parts = [f.amtVersion ? `AMT ${f.amtVersion}` : 'AMT version unknown'];
  if (f.provisioningState) parts.push(STATES[f.provisioningState]);
  parts.push(f.tls ? 'TLS' : 'no TLS');
  return parts.join(', ');
}

/** Scans, listens and keeps the discovered list. */
export class DiscoveryService {
  private listener: HelloListener | null = null;
  private received = 0;
  private dropped = 0;
  private lastDropped: ListenerStatus['lastDropped'] = null;

  constructor(private readonly deps: DiscoveryDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The discovered devices still within the expiry time, each with its provisioning match. */
  async list(): Promise<{ devices: DiscoveredRow[]; expiryHours: number }> {
    const doc = await this.prune();
    const managed = await this.deps.devices.list();
    const roots = doc.devices.some((d) => d.hello) ? await this.roots() : [];
    // The same device: by UUID when both know it, else by address and one of the ports it answered on.
    const managedOf = (d: DiscoveredDevice) =>
      managed.find((m) => d.uuid !== undefined && m.firmware?.uuid === d.uuid) ??
      managed.find(
        (m) =>
          m.address.toLowerCase() === d.address.toLowerCase() && d.ports.includes(m.port ?? defaultAmtPort(m.tlsMode)),
      );
    const devices = doc.devices.map((d) => ({
      ...d,
      match: d.hello ? matchHelloRoots(d.hello.hashes, roots) : null,
      managedDeviceId: managedOf(d)?.id ?? null,
    }));
    return { devices, expiryHours: doc.expiryHours };
  }

  /** Sets how long discovered devices are kept after they were last seen. */
  async setExpiry(hours: number): Promise<number> {
    await this.deps.store.update('discovered', (doc) => void (doc.expiryHours = hours));
    await this.prune();
    return hours;
  }

  /** Forgets discovered devices by address; returns how many were there. */
  async forget(addresses: readonly string[]): Promise<number> {
    const wanted = new Set(addresses.map((a) => a.toLowerCase()));
    const removed = await this.deps.store.update('discovered', (doc) => {
      const before = doc.devices.length;
      doc.devices = doc.devices.filter((d) => !wanted.has(d.address.toLowerCase()));
      return before - doc.devices.length;
    });
    await this.changed();
    return removed;
  }

  /** Starts a scan as a job; found devices go into the discovered list as they are found. */
  startScan(request: ScanRequest): JobSnapshot {
    const targets = parseScanTargets([request.targets]);
    return this.deps.jobs.start({
      kind: 'discovery.scan',
      title: `Scan: ${targets.length} host${targets.length === 1 ? '' : 's'}`,
      total: targets.length,
      run: async (ctx) => {
        const result = await scanForAmt(targets, {
          ports: request.ports,
          rmcpPort: request.rmcpPort,
          concurrency: request.concurrency,
          timeoutMs: request.timeoutMs,
          signal: ctx.signal,
          onProgress: (done) => ctx.advance(done),
          onFound: (f) => {
            ctx.report({ key: f.address, label: f.name ?? f.address, ok: true, detail: describe(f) });
            void this.recordFindings([f]).catch((err: unknown) =>
              this.deps.log(`discovery: ${toErrorValue(err).message}`),
            );
          },
        });
        for (const p of result.problems) {
          ctx.report({ key: p.target, label: p.target, ok: false, error: { code: p.code, message: p.message } });
        }
        ctx.advance(targets.length);
      },
    });
  }

  /** Merges scan findings into the discovered list (by address). */
  async recordFindings(findings: readonly ScanFinding[]): Promise<void> {
    const stamp = this.now().toISOString();
    await this.deps.store.update('discovered', (doc) => {
      for (const f of findings) {
        const known = doc.devices.find((d) => d.address === f.address);
        const next: DiscoveredDevice = {
          ...(known ?? { address: f.address, firstSeen: stamp, via: [], ports: [] }),
          lastSeen: stamp,
          ports: f.ports,
          via: [...new Set([...(known?.via ?? []), 'scan' as const])],
        };
        if (f.amtVersion !== null) next.amtVersion = f.amtVersion;
        if (f.name !== undefined) next.name = f.name;
        if (f.provisioningState !== null) next.provisioningState = f.provisioningState;
        next.tls = f.tls;
        if (known) Object.assign(known, next);
        else doc.devices.push(next);
      }
    });
    await this.changed();
  }

  /** Records a Hello: the device is in setup mode, with its UUID and trusted roots. */
  async recordHello(hello: Hello, source: string): Promise<NonNullable<DiscoveredRow['match']>> {
    const at = this.now().toISOString();
    const info: HelloInfo = {
      version: hello.version,
      retry: hello.retry,
      adminCredentialsSet: hello.adminCredentialsSet,
      hashes: hello.hashes,
      at,
    };
    await this.deps.store.update('discovered', (doc) => {
      const known = doc.devices.find((d) => d.address === source || (d.uuid !== undefined && d.uuid === hello.uuid));
      const next: DiscoveredDevice = {
        ...(known ?? { address: source, firstSeen: at, via: [], ports: [] }),
        address: source,
        uuid: hello.uuid,
        provisioningState: 'in',
        hello: info,
        lastSeen: at,
        via: [...new Set([...(known?.via ?? []), 'hello' as const])],
      };
      if (known) Object.assign(known, next);
      else doc.devices.push(next);
    });
    const match = matchHelloRoots(hello.hashes, await this.roots());
    this.deps.onHello({ source, uuid: hello.uuid, retry: hello.retry, match });
    await this.changed();
    return match;
  }

  /**
   * Adds discovered devices to the managed ones (named by host name or address) and takes them
   * off the discovered list; each device that cannot be added is reported with why.
   */
  async addToManaged(request: {
    addresses: readonly string[];
    folderId: string | null;
    credentialId?: string;
    tlsMode?: TlsMode;
  }): Promise<{ added: Device[]; problems: { address: string; code: string; message: string }[] }> {
    const doc = await this.prune();
    const added: Device[] = [];
    const problems: { address: string; code: string; message: string }[] = [];
    for (const address of request.addresses) {
      const found = doc.devices.find((d) => d.address.toLowerCase() === address.toLowerCase());
      if (found === undefined) {
        problems.push({ address, code: 'discovery.not-found', message: `${address} is not in the discovered list.` });
        continue;
      }
      const tlsMode: TlsMode = request.tlsMode ?? (found.tls ? 'tls' : 'plain');
      try {
        const device = await this.deps.devices.add(await this.deviceInput(found, tlsMode, request));
        // What discovery learnt shows in the device list from the start.
        const firmware = {
          ...(found.uuid ? { uuid: found.uuid } : {}),
          ...(found.amtVersion ? { amtVersion: found.amtVersion } : {}),
          ...(found.provisioningState ? { provisioningState: found.provisioningState } : {}),
          lastSeen: found.lastSeen,
        };
        added.push(await this.deps.devices.recordFirmware(device.id, firmware));
      } catch (err) {
        const { code, message } = toErrorValue(err);
        problems.push({ address, code, message });
      }
    }
    if (added.length > 0) await this.forget(added.map((d) => d.address));
    return { added, problems };
  }

  private async deviceInput(
    found: DiscoveredDevice,
    tlsMode: TlsMode,
    request: { folderId: string | null; credentialId?: string; tlsMode?: TlsMode },
  ) {
    const names = new Set((await this.deps.devices.list()).map((d) => nameKey(d.name)));
    const base = found.name ?? found.address;
    let name = base;
    for (let n = 2; names.has(nameKey(name)); n++) name = `${base} (${n})`;
    // A port other than the default (a NAT, a simulated fleet) is kept when the probe saw it.
    const port = found.ports.find((p) => p !== 16992 && p !== 16993);
    return {
      name,
      address: found.address,
      tlsMode,
      // Plain HTTP asked for by name is the explicit per-device choice; "what the device offers"
      // is not, so on a zone that keeps to TLS a plain-only device is refused, saying why.
      ...(request.tlsMode === 'plain' ? { allowPlainHttp: true as const } : {}),
      ...(port !== undefined && port !== defaultAmtPort(tlsMode) ? { port } : {}),
      ...(request.credentialId ? { credentialId: request.credentialId } : {}),
      folderId: request.folderId,
      notes: found.uuid ? `Discovered; UUID ${found.uuid}.` : 'Discovered.',
    };
  }

  /** The listener's state. */
  listenerStatus(): ListenerStatus {
    const at = this.listener?.listening ?? null;
    return {
      running: at !== null,
      host: at?.host ?? null,
      port: at?.port ?? null,
      received: this.received,
      dropped: this.dropped,
      lastDropped: this.lastDropped,
    };
  }

  /** Starts the Hello listener (0.0.0.0:9971 unless told otherwise). */
  async startListener(options: { host?: string; port?: number; cooldownMs?: number } = {}): Promise<ListenerStatus> {
    const previous = this.listener;
    const listener = new HelloListener({
      ...options,
      onHello: (hello, source) => {
        this.received += 1;
        void this.recordHello(hello, source).catch((err: unknown) =>
          this.deps.log(`discovery: could not record a Hello from ${source}: ${toErrorValue(err).message}`),
        );
      },
      onDropped: (source, reason) => {
        this.dropped += 1;
        this.lastDropped = { source, reason, at: this.now().toISOString() };
        this.deps.log(`discovery: dropped a message from ${source}: ${reason}`);
      },
    });
    // The new one listens first: if its port is taken, the one running keeps running.
    await listener.start();
    this.listener = listener;
    if (previous !== null) await previous.stop();
    // Counts describe this listening session, not earlier ones.
    this.received = 0;
    this.dropped = 0;
    this.lastDropped = null;
    return this.listenerStatus();
  }

  /** Stops the Hello listener. */
  async stopListener(): Promise<ListenerStatus> {
    const listener = this.listener;
    this.listener = null;
    if (listener !== null) await listener.stop();
    return this.listenerStatus();
  }

  private async roots(): Promise<ZoneRoot[]> {
    try {
      return await this.deps.zoneRoots();
    } catch (err) {
      this.deps.log(`discovery: could not read the zone certificates: ${toErrorValue(err).message}`);
      return [];
    }
  }

  private async changed(): Promise<void> {
    const doc = await this.deps.store.get('discovered');
    this.deps.onChanged(doc.devices.length);
  }

  /** Drops devices not seen within the expiry time; returns the document as it is then. */
  private async prune() {
    const now = this.now().getTime();
    const doc = await this.deps.store.get('discovered');
    const horizon = doc.expiryHours * 3_600_000;
    const stale = doc.devices.some((d) => now - Date.parse(d.lastSeen) > horizon);
    if (!stale) return doc;
    return this.deps.store.update('discovered', (draft) => {
      draft.devices = draft.devices.filter((d) => now - Date.parse(d.lastSeen) <= horizon);
      return structuredClone(draft);
    });
  }
}
