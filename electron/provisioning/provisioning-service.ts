/**
 * Provisioning, adoption and unprovisioning as jobs over a selection (seed 3.2.4, 3.2.6, 3.1):
 * one result per device, each step reported as it happens, the managed devices kept in step.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { OutbandError, toErrorValue } from '../../shared/errors';
import type { Device } from '../../shared/domain/device';
import type { ProvisionRequest, ProvisionStepEvent } from '../../shared/ipc/provisioning';
import type { JobContext, JobRunner } from '../jobs/job-runner';
import type { JobSnapshot } from '../../shared/ipc/jobs';
import { checkMebxPassword } from '../../shared/mebx-password';
import type { CertificateService } from '../certs/certificate-service';
import { externalMaterial, type ProvisioningMaterial } from '../certs/provisioning-material';
import type { DiscoveryService } from '../discovery/discovery-service';
import type { Vault } from '../vault/vault';
import type { DeviceService } from '../vault/device-service';
import { adoptDevice, unprovisionDevice, type DeviceAccess } from './adopt-flow';
import { provisionDevice, type ProvisionedRecord } from './provision-flow';
import { PROVISION_STEPS, type ProvisionStep, type StepReporter } from './steps';

/** What provisioning needs from the rest of the main process. */
export interface ProvisioningDeps {
  /** Main's open-file dialog (the app); absent under the CLI, which takes paths. */
  openFile?(title: string, extensions: string[]): Promise<string | null>;
  jobs: JobRunner;
  devices: DeviceService;
  vault: Vault;
  certs: CertificateService;
  discovery: DiscoveryService;
  onStep(event: ProvisionStepEvent): void;
  requestTimeoutMs?: number;
  reconnectMs?: number;
  /** Devices worked on at once (default 4: each connect-back runs a TLS handshake and a key generation). */
  concurrency?: number;
  /** Replaces session creation (tests). */
  openSession?: DeviceAccess['openSession'];
}

const plural = (n: number, what = 'device') => `${n} ${what}${n === 1 ? '' : 's'}`;

/** `host`, `host:port` or `[v6]:port` → the address and its port, if one is given. */
export function splitEndpoint(text: string): { address: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  const v4 = /^([^:]+):(\d{1,5})$/.exec(text);
  const [, address, port] = v6 ?? v4 ?? [text, text, undefined];
  const n = port === undefined ? undefined : Number(port);
  if (n !== undefined && (n < 1 || n > 65535)) {
    throw new OutbandError('provision.bad-request', `${text}: the port must be from 1 to 65535.`);
  }
  return { address: (address ?? text).toLowerCase(), ...(n === undefined ? {} : { port: n }) };
}

/** A password for a rotated credential: 20 characters that meet the AMT rules. */
function newAdminPassword(): string {
  for (;;) {
    const candidate = `Ob1!${randomBytes(12).toString('base64url')}`;
    if (checkMebxPassword(candidate).ok) return candidate;
  }
}

async function eachLimited<T>(items: readonly T[], limit: number, signal: AbortSignal, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Provision, adopt and unprovision, as jobs. */
export class ProvisioningService {
  private readonly picked = new Map<string, { path: string; purpose: 'certificate' | 'key' }>();

  constructor(private readonly deps: ProvisioningDeps) {}

  /** Lets the person choose the external certificate or key file; main keeps the path behind a token. */
  async pickFile(purpose: 'certificate' | 'key'): Promise<{ token: string; name: string } | null> {
    if (!this.deps.openFile) throw new OutbandError('provision.no-file-dialog', 'No file dialog is available here.');
    const path = await this.deps.openFile(
      purpose === 'certificate'
        ? 'Provisioning certificate (PEM or DER, with its chain)'
        : 'Private key (unencrypted PEM)',
      purpose === 'certificate' ? ['pem', 'crt', 'cer', 'der'] : ['pem', 'key'],
    );
    if (path === null) return null;
    const token = randomUUID();
    this.picked.set(token, { path, purpose });
    return { token, name: basename(path) };
  }

  /** The external provisioning material from two picked files, checked. */
  private async externalFromTokens(tokens: { certificateToken: string; keyToken: string }) {
    const cert = this.picked.get(tokens.certificateToken);
    const key = this.picked.get(tokens.keyToken);
    if (cert?.purpose !== 'certificate' || key?.purpose !== 'key') {
      throw new OutbandError('provision.bad-request', 'Choose the certificate file and the key file again.');
    }
    return externalFromFiles(cert.path, key.path);
  }

  private access(): DeviceAccess {
    return {
      resolveCredential: (id) => this.deps.vault.resolvePassword(id),
      plainHttpAllowed: () => this.deps.devices.plainHttpAllowed(),
      requestTimeoutMs: this.deps.requestTimeoutMs,
      openSession: this.deps.openSession,
    };
  }

  private reporter(jobId: string, key: string): StepReporter {
    return (step: ProvisionStep, state, detail) =>
      this.deps.onStep({ jobId, key, step, label: PROVISION_STEPS[step], state, ...(detail ? { detail } : {}) });
  }

  private async devicesById(ids: readonly string[]): Promise<Device[]> {
    const all = new Map((await this.deps.devices.list()).map((d) => [d.id, d]));
    return ids.map((id) => {
      const d = all.get(id);
      if (!d) throw new OutbandError('device.not-found', `No device with id ${id}.`);
      return d;
    });
  }

  /** Provisions discovered devices in setup mode; the certificate is checked before any job starts. */
  async startProvision(
    request: ProvisionRequest,
    /** The CLI's --external-cert and --external-key paths (the app uses picked-file tokens). */
    files?: { certificatePath: string; keyPath: string },
  ): Promise<JobSnapshot> {
    if (request.addresses.length > 1 && request.hostName !== undefined) {
      throw new OutbandError('provision.bad-request', 'A host name can be given for one device only.');
    }
    const credential = await this.deps.vault.resolvePassword(request.credentialId);
    const rules = checkMebxPassword(credential.password);
    if (!rules.ok) {
      const missing = rules.rules.filter((r) => !r.met).map((r) => r.text);
      throw new OutbandError(
        'provision.weak-password',
        `The password of this credential becomes the AMT admin and MEBx password, and AMT needs ${missing.join(', ')}.`,
      );
    }
    const material: ProvisioningMaterial = files
      ? await externalFromFiles(files.certificatePath, files.keyPath)
      : request.external
        ? await this.externalFromTokens(request.external)
        : await this.deps.certs.provisioningMaterial();
    const discovered = new Map((await this.deps.discovery.list()).devices.map((d) => [d.address, d]));
    return this.deps.jobs.start({
      kind: 'provision',
      title: `Provision: ${plural(request.addresses.length)}`,
      total: request.addresses.length,
      run: (ctx) =>
        eachLimited(request.addresses, this.deps.concurrency ?? 4, ctx.signal, async (target) => {
          const { address, port } = splitEndpoint(target);
          const found = discovered.get(address);
          try {
            const outcome = await provisionDevice(
              {
                address,
                port: port ?? request.port,
                trustedHashes: found?.hello?.hashes,
                uuid: found?.hello ? found.uuid : undefined,
                hostName: request.hostName,
                domainName: request.domainName,
              },
              {
                material,
                credential,
                issueCertificate: (key, names) => this.deps.certs.issueDeviceCertificate(key, names),
                saveDevice: (record) => this.saveProvisioned(record, request.folderId, found?.uuid),
                discardDevice: async (id) => {
                  await this.deps.devices.remove([id]);
                },
                report: this.reporter(ctxId(ctx), target),
                requestTimeoutMs: this.deps.requestTimeoutMs,
                reconnectMs: this.deps.reconnectMs,
                openSession: this.deps.openSession,
              },
            );
            await this.deps.discovery.forget([address]).catch(() => 0);
            ctx.report({
              key: outcome.deviceId,
              label: target,
              ok: true,
              detail: `Provisioned in ${outcome.controlMode ?? 'admin'} control mode; TLS on, certificate pinned.`,
            });
          } catch (err) {
            ctx.report({ key: target, label: target, ok: false, error: toErrorValue(err) });
          }
        }),
    });
  }

  /** Adds or updates the managed device of a provisioned address (matched by UUID, else address and port). */
  private async saveProvisioned(
    record: ProvisionedRecord,
    folderId: string | null,
    uuid?: string,
  ): Promise<{ id: string; created: boolean }> {
    const all = await this.deps.devices.list();
    const id = record.uuid ?? uuid;
    const known =
      all.find((d) => id !== undefined && d.firmware?.uuid === id) ??
      all.find((d) => d.address === record.address && (d.port ?? 16993) === record.port && d.tlsMode === 'tls');
    const firmware = {
      ...(id ? { uuid: id } : {}),
      ...(record.amtVersion ? { amtVersion: record.amtVersion } : {}),
      provisioningState: record.provisioningState,
      ...(record.controlMode ? { controlMode: record.controlMode } : {}),
    };
    let deviceId = known?.id;
    if (deviceId === undefined) {
      const names = new Set(all.map((d) => d.name.toLowerCase()));
      let name = record.hostName ?? record.address;
      for (let n = 2; names.has(name.toLowerCase()); n++) name = `${record.hostName ?? record.address} (${n})`;
      deviceId = (
        await this.deps.devices.add({
          name,
          address: record.address,
          tlsMode: 'tls',
          port: record.port,
          credentialId: record.credentialId,
          folderId,
          notes: 'Provisioned by Outband.',
        })
      ).id;
    }
    await this.deps.devices.recordConfigured(deviceId, {
      tlsMode: 'tls',
      port: record.port,
      pin: record.pin,
      credentialId: record.credentialId,
      firmware,
    });
    return { id: deviceId, created: known === undefined };
  }

  /** Adopts managed devices: state, clock, TLS on if asked, password rotation if asked (one device). */
  async startAdopt(request: {
    deviceIds: readonly string[];
    tls: boolean;
    tlsPort?: number;
    rotateTo?: string;
  }): Promise<JobSnapshot> {
    if (request.rotateTo !== undefined && request.deviceIds.length !== 1) {
      throw new OutbandError('provision.bad-request', 'Rotate the password of one device at a time.');
    }
    if (request.rotateTo !== undefined && (await this.deps.vault.findByName(request.rotateTo))) {
      throw new OutbandError('vault.name-taken', `A credential named "${request.rotateTo}" already exists.`);
    }
    const devices = await this.devicesById(request.deviceIds);
    return this.deps.jobs.start({
      kind: 'provision.adopt',
      title: `Adopt: ${plural(devices.length)}`,
      total: devices.length,
      run: (ctx) =>
        eachLimited(devices, this.deps.concurrency ?? 4, ctx.signal, async (device) => {
          try {
            const detail = await adoptDevice(
              device,
              {
                tls: request.tls,
                tlsPort: request.tlsPort,
                newCredential:
                  request.rotateTo === undefined
                    ? undefined
                    : () => this.rotatedCredential(request.rotateTo as string, device),
              },
              {
                ...this.access(),
                issueCertificate: (key, names) => this.deps.certs.issueDeviceCertificate(key, names),
                record: async (change) => {
                  await this.deps.devices.recordConfigured(device.id, change);
                },
                discardCredential: async (id) => {
                  await this.deps.vault.delete(id, { detach: true }).catch(() => undefined);
                },
                report: this.reporter(ctxId(ctx), device.id),
              },
            );
            ctx.report({ key: device.id, label: device.name, ok: true, detail });
          } catch (err) {
            ctx.report({ key: device.id, label: device.name, ok: false, error: toErrorValue(err) });
          }
        }),
    });
  }

  /** A new vault credential with a made-up strong password: in the keychain before the device gets it. */
  private async rotatedCredential(name: string, device: Device) {
    const old = device.credentialId ? await this.deps.vault.get(device.credentialId) : undefined;
    const password = newAdminPassword();
    const meta = await this.deps.vault.create({
      name,
      loginName: old?.loginName ?? 'admin',
      password,
      description: `Admin password of ${device.name}, rotated by Outband.`,
    });
    return { id: meta.id, loginName: meta.loginName, password };
  }

  /** Unprovisions managed devices; a device that fails is deleted from Outband only when asked. */
  async startUnprovision(request: { deviceIds: readonly string[]; deleteOnFailure: boolean }): Promise<JobSnapshot> {
    const devices = await this.devicesById(request.deviceIds);
    return this.deps.jobs.start({
      kind: 'provision.unprovision',
      title: `Unprovision: ${plural(devices.length)}`,
      total: devices.length,
      run: (ctx) =>
        eachLimited(devices, this.deps.concurrency ?? 8, ctx.signal, async (device) => {
          try {
            const how = await unprovisionDevice(device, this.access(), this.reporter(ctxId(ctx), device.id));
            // The device forgot its certificate and password: the pin no longer means anything.
            await this.deps.devices.recordConfigured(device.id, {
              tlsMode: device.tlsMode,
              port: device.port,
              pin: null,
              firmware: { provisioningState: 'pre', controlMode: 'none' },
            });
            ctx.report({
              key: device.id,
              label: device.name,
              ok: true,
              detail:
                how === 'full'
                  ? 'Unprovisioned: back to factory settings.'
                  : 'Unprovisioned with PartialUnprovision (the firmware blocked a full one): back to pre-provisioning.',
            });
          } catch (err) {
            const error = toErrorValue(err);
            if (request.deleteOnFailure) {
              try {
                await this.deps.devices.remove([device.id]);
                error.message = `${error.message} It was deleted from Outband, as asked.`;
              } catch (removeErr) {
                error.message = `${error.message} Deleting it from Outband failed too: ${toErrorValue(removeErr).message}`;
              }
            }
            ctx.report({ key: device.id, label: device.name, ok: false, error });
          }
        }),
    });
  }
}

/** Reads an external certificate (bytes: PEM or DER) and its PEM key from files, with typed errors. */
export async function externalFromFiles(certificatePath: string, keyPath: string): Promise<ProvisioningMaterial> {
  const read = async (path: string, what: string) => {
    try {
      return await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
      throw new OutbandError('provision.file-unreadable', `The ${what} file ${path} cannot be read (${code}).`);
    }
  };
  const certificate = await read(certificatePath, 'certificate');
  const key = (await read(keyPath, 'private key')).toString('utf8');
  return externalMaterial(certificate, key);
}

/** The job id a context belongs to (set by the runner). */
function ctxId(ctx: JobContext): string {
  return ctx.jobId;
}
