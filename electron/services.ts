import type { SecretStore } from './vault/secret-store';
import { JobRunner } from './jobs/job-runner';
import { CertificateService } from './certs/certificate-service';
import type { EventName, EventPayload } from '../shared/ipc/contract';

/** What the host (Electron main, or the e2e bridge) gives the services. */
export interface ServiceEnvironment {
  dataDir: string;
  appVersion: string;
  /** Electron and Chrome versions when running inside Electron. */
  runtime: { electron: string | null; chrome: string | null };
  secretStore: SecretStore;
  /** Opens a vetted https URL in the user's browser. */
  openExternal(url: string): Promise<void>;
  /** Pushes an event to the renderer. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  log(line: string): void;
}

/** Everything the IPC handlers call into; built once per window host. */
export interface Services {
  env: ServiceEnvironment;
  jobs: JobRunner;
  certs: CertificateService;
}

/** Builds the main-process services over one data folder. */
export function createServices(env: ServiceEnvironment): Services {
  const jobs = new JobRunner((snapshot) => env.emit('job.progress', snapshot));
  const certs = new CertificateService(env.dataDir, env.secretStore);
  return { env, jobs, certs };
}

/** Stops background work before the process exits. */
export function disposeServices(services: Services): void {
  services.jobs.cancelAll();
}
