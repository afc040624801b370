import type { SecretStore } from './vault/secret-store';
import { JobRunner } from './jobs/job-runner';
import { CertificateService } from './certs/certificate-service';
import { openStore, saveJobRecord, type Store, type StoreWarning } from './store';
import { Vault } from './vault/vault';
import { DeviceService } from './vault/device-service';
import type { EventName, EventPayload } from '../shared/ipc/contract';
import type { JobSnapshot } from '../shared/ipc/jobs';
import { Scheduler, JsonScheduleRepository, amtPowerExecutor, type SchedulerEvent } from './scheduler';
import { deviceSessionDeps } from './power/device-session';
import { SessionPool } from './power/session-pool';
import type { Device } from '../shared/domain';
import { LabService } from './lab/lab-service';
import { DiscoveryService } from './discovery/discovery-service';
import { zoneRoots } from './discovery/zone-roots';
import { ProvisioningService } from './provisioning/provisioning-service';
import { ReconcileService } from './reconcile/reconcile-service';
import { ReconcileScheduler } from './reconcile/reconcile-scheduler';

/** How a saved file is protected. */
export interface SaveFileOptions {
  /** The file holds secrets (MEBx passwords, a private key): only its owner may read it (0600). */
  secret?: boolean;
}

/** What the host (Electron main, or the e2e bridge) gives the services. */
export interface ServiceEnvironment {
  dataDir: string;
  appVersion: string;
  /** Electron and Chrome versions when running inside Electron. */
  runtime: { electron: string | null; chrome: string | null };
  secretStore: SecretStore;
  /** Opens a vetted https URL in the user's browser. */
  openExternal(url: string): Promise<void>;
  /**
   * Asks the user where to save a file and writes it; resolves to the chosen path, or null when
   * the user cancelled. Electron shows a save dialog; the e2e harness writes into a test folder.
   */
  saveFile(suggestedName: string, data: Uint8Array, options?: SaveFileOptions): Promise<string | null>;
  /**
   * Asks the user for a file to read (an external certificate, its key); resolves to its path, or
   * null when cancelled. Main reads the file, so its content never passes through the renderer.
   */
  openFile?(title: string, extensions: string[]): Promise<string | null>;
  /** Pushes an event to the renderer. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  log(line: string): void;
}

/** Everything the IPC handlers call into; built once per window host. */
export interface Services {
  env: ServiceEnvironment;
  store: Store;
  jobs: JobRunner;
  vault: Vault;
  devices: DeviceService;
  certs: CertificateService;
  schedules: JsonScheduleRepository;
  /** Runs power schedules while Outband runs; started by the host (main), not by tests unless they ask. */
  scheduler: Scheduler<Device>;
  /** The simulated lab; the host calls `resume()` at start-up, closeServices stops its devices. */
  lab: LabService;
  /** Network scans, the Hello listener and the discovered list. */
  discovery: DiscoveryService;
  /** Provisioning, adoption and unprovisioning jobs. */
  provisioning: ProvisioningService;
  /** Out-of-band inventory reconciliation and the device page's logs. */
  reconcile: ReconcileService;
  /** The zone's reconciliation schedule; started by the host (main) like the power scheduler. */
  reconcileScheduler: ReconcileScheduler;
  /**
   * Warm device sessions (connection, digest nonce, TLS tickets, pin) shared by power jobs and the
   * scheduler across jobs; bounded and expiring, closed with the services.
   */
  sessionPool: SessionPool;
  /** Called by closeServices, newest first: features register what must stop with the app. */
  onClose: (() => void | Promise<void>)[];
  /** Problems found while opening the data (e.g. a document recovered from its backup). */
  storeWarnings: StoreWarning[];
}

function jobRecord(snapshot: JobSnapshot) {
  return {
    id: snapshot.id,
    kind: snapshot.kind,
    started: snapshot.started,
    finished: snapshot.finished ?? undefined,
    status: snapshot.status,
    results: snapshot.results.map((r) => ({
      deviceId: r.key.startsWith('_') ? undefined : r.key,
      host: r.label,
      ok: r.ok,
      outcome: r.outcome,
      code: r.error?.code,
      message: (r.error?.message ?? r.detail)?.slice(0, 2000),
    })),
  };
}

/**
 * Opens the data folder (taking its lock, so a second Outband fails with `store.locked`) and
 * builds the main-process services over it.
 */
export async function openServices(env: ServiceEnvironment, options: { lockWaitMs?: number } = {}): Promise<Services> {
  const storeWarnings: StoreWarning[] = [];
  const store = await openStore(env.dataDir, {
    wait: options.lockWaitMs ?? 0,
    onWarning: (w) => {
      storeWarnings.push(w);
      env.log(`store: ${w.message}`);
    },
  });
  const jobs = new JobRunner(
    (snapshot) => env.emit('job.progress', snapshot),
    async (snapshot) => {
      try {
        await saveJobRecord(store, jobRecord(snapshot));
      } catch (err) {
        env.log(`jobs: could not record job ${snapshot.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  );
  const vault = new Vault(store, env.secretStore);
  const schedules = new JsonScheduleRepository(env.dataDir);
  const devices = new DeviceService(store);
  const sessionPool = new SessionPool();
  const scheduler = new Scheduler<Device>({
    repository: schedules,
    devices: {
      load: async () => {
        const doc = await store.get('devices');
        return { devices: doc.devices, folders: doc.folders };
      },
    },
    // The same session deps as interactive power: pin on first use, the zone's plain-HTTP policy.
    executor: amtPowerExecutor(
      deviceSessionDeps(devices, { resolveCredential: (id) => vault.resolvePassword(id), pool: sessionPool }),
    ),
    onEvent: (event: SchedulerEvent) => {
      if (event.type === 'error') env.log(`scheduler: ${event.error.message} (${event.error.code})`);
    },
  });
  const certs = new CertificateService(env.dataDir, env.secretStore);
  const discovery = new DiscoveryService({
    store,
    devices,
    jobs,
    zoneRoots: () => zoneRoots(certs),
    onChanged: (count) => env.emit('discovery.changed', { count }),
    onHello: (event) => env.emit('discovery.hello', event),
    log: (line) => env.log(line),
  });
  const lab = new LabService({
    store,
    vault,
    devices,
    secrets: env.secretStore,
    listenerPort: () => discovery.listenerStatus().port,
    provisioningDnsSuffix: async () => {
      const fqdn = (await certs.status()).management?.fqdn ?? undefined;
      // The device accepts a certificate whose CN ends in its suffix: the FQDN without its host label.
      return fqdn?.includes('.') ? fqdn.slice(fqdn.indexOf('.') + 1) : fqdn;
    },
    zoneRootHashes: async () => (await zoneRoots(certs)).map((r) => ({ alg: 'sha256' as const, hex: r.sha256 })),
    onChange: (status) => env.emit('lab.changed', status),
    log: (line) => env.log(line),
  });
  const provisioning = new ProvisioningService({
    openFile: env.openFile ? (title, extensions) => env.openFile!(title, extensions) : undefined,
    jobs,
    devices,
    vault,
    certs,
    discovery,
    onStep: (event) => env.emit('provision.step', event),
  });
  const reconcile = new ReconcileService({
    store,
    devices,
    jobs,
    resolveCredential: (id) => vault.resolvePassword(id),
  });
  return {
    env,
    store,
    jobs,
    schedules,
    scheduler,
    lab,
    discovery,
    provisioning,
    reconcile,
    reconcileScheduler: new ReconcileScheduler({ store, reconcile, log: (line) => env.log(line) }),
    vault,
    devices,
    certs,
    storeWarnings,
    sessionPool,
    // The lab's simulated devices stop with the app; the user's "on" stays for the next start.
    // Registered first, so the device sessions close last (after jobs and the lab have stopped).
    onClose: [() => sessionPool.close(), () => lab.close(), () => discovery.stopListener().then(() => undefined)],
  };
}

/** Stops background work and releases the data folder. */
export async function closeServices(services: Services): Promise<void> {
  services.jobs.cancelAll();
  for (const stop of [...services.onClose].reverse()) {
    try {
      await stop();
    } catch (err) {
      services.env.log(`close: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  await services.scheduler.stop();
  await services.reconcileScheduler.stop();
  await services.store.close();
}
