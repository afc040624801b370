// The app's simulated lab: the simulator's lab set running in the main process on loopback, with
// a "Lab (simulated)" folder, a lab credential and one managed device per lab device. It starts
// again with the app while the user has it on and its folder exists.
import { randomBytes } from 'node:crypto';
import { OutbandError, toErrorValue } from '../../shared/errors';
import { checkMebxPassword } from '../../shared/mebx-password';
import { LAB_CREDENTIAL_NAME, LAB_FOLDER_NAME, type LabDoc, type LabStatus } from '../../shared/domain/lab';
import type { Device } from '../../shared/domain/device';
import { nameKey } from '../../shared/domain/common';
import {
  LAB_PROFILES,
  isManagedLabProfile,
  startLab,
  tlsIdentityFromPem,
  generateTlsIdentity,
  type Lab,
} from '../simulator';
import { DEFAULT_HELLO_PORT } from '../discovery/listener';
import type { TlsIdentity } from '../simulator';
import type { Store } from '../store/store';
import type { Vault } from '../vault/vault';
import type { DeviceService } from '../vault/device-service';
import type { SecretStore } from '../vault/secret-store';

/** The keychain account of the lab devices' TLS private key. */
export const LAB_TLS_KEY_ACCOUNT = 'outband-lab-tls-key';
/** The lab listens here and nowhere else. */
export const LAB_HOST = '127.0.0.1';

/** What the lab needs from the rest of the main process. */
export interface LabServiceDeps {
  store: Store;
  vault: Vault;
  devices: DeviceService;
  secrets: SecretStore;
  /** Told of every change, so every window shows the same. */
  onChange(status: LabStatus): void;
  /** The port the app's provisioning listener listens on now, if it runs (the lab's Hellos go there). */
  listenerPort?(): number | null;
  /** The DNS suffix of the zone's provisioning certificate, so the setup-mode lab device accepts it. */
  provisioningDnsSuffix?(): Promise<string | undefined>;
  /** Root hashes the setup-mode lab devices should trust (the zone's), so they can be provisioned. */
  zoneRootHashes?(): Promise<{ alg: 'sha1' | 'sha256' | 'sha384'; hex: string }[]>;
  log(line: string): void;
}

/** A made-up password that meets the AMT rules; it only ever unlocks the simulated devices. */
function labPassword(): string {
  for (;;) {
    const candidate = `Lb7!${randomBytes(12).toString('base64url')}`;
    if (checkMebxPassword(candidate).ok) return candidate;
  }
}

/** Runs the simulated lab for the app; start and stop are serialised. */
export class LabService {
  private lab: Lab | null = null;
  private lastError: { code: string; message: string } | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: LabServiceDeps) {}

  /** Where the lab stands now. */
  async status(): Promise<LabStatus> {
    const doc = await this.deps.store.get('lab');
    const running = this.lab;
    const endpoints = new Map(running?.devices.map((d) => [d.profile.key, `${d.host}:${d.port}`]) ?? []);
    const existing = new Set((await this.deps.devices.list()).map((d) => d.id));
    return {
      running: running !== null,
      enabled: doc.enabled,
      host: running === null ? null : LAB_HOST,
      folderId: doc.folderId ?? null,
      credentialId: doc.credentialId ?? null,
      devices: LAB_PROFILES.map((p) => {
        const id = doc.devices[p.key];
        return {
          key: p.key,
          summary: p.summary,
          tls: p.tls,
          amtVersion: p.amtVersion,
          controlMode: p.controlMode === 2 ? ('admin' as const) : ('client' as const),
          deviceId: id !== undefined && existing.has(id) ? id : null,
          endpoint: endpoints.get(p.key) ?? null,
        };
      }),
      lastError: this.lastError,
    };
  }

  /** Starts the lab (making its folder, credential and devices the first time); a no-op while it runs. */
  start(): Promise<LabStatus> {
    return this.serial(async () => {
      if (this.lab === null) {
        try {
          await this.startNow();
          this.lastError = null;
        } catch (err) {
          this.lastError = toErrorValue(err);
          throw err;
        }
      }
      return this.changed();
    });
  }

  /** Stops the simulated devices; with `remove`, deletes the lab's devices, folder and credential too. */
  stop(options: { remove: boolean }): Promise<LabStatus> {
    return this.serial(async () => {
      await this.closeFleet();
      await this.deps.store.update('lab', (doc) => void (doc.enabled = false));
      if (options.remove) await this.removeLab();
      return this.changed();
    });
  }

  /** At app start: brings the lab back when the user had it on and its folder still exists. */
  resume(): Promise<void> {
    return this.serial(async () => {
      const doc = await this.deps.store.get('lab');
      if (!doc.enabled || this.lab !== null) return;
      const folders = await this.deps.devices.listFolders();
      if (doc.folderId === undefined || !folders.some((f) => f.id === doc.folderId)) {
        await this.deps.store.update('lab', (d) => void (d.enabled = false));
        this.deps.log('lab: its folder was removed, so the simulated lab stays off');
        return;
      }
      try {
        await this.startNow();
        this.lastError = null;
      } catch (err) {
        this.lastError = toErrorValue(err);
        this.deps.log(`lab: could not start again: ${this.lastError.message} (${this.lastError.code})`);
      }
      await this.changed();
    });
  }

  /** The running lab's simulated devices (tests and the consent hint read their "screens"). */
  running(): Lab | null {
    return this.lab;
  }

  /** What a running lab device's "screen" shows (the consent code), or null for any other device. */
  async screen(deviceId: string): Promise<{ name: string; consentCode: string | null } | null> {
    const lab = this.lab;
    if (lab === null) return null;
    const doc = await this.deps.store.get('lab');
    const key = Object.entries(doc.devices).find(([, id]) => id === deviceId)?.[0];
    const device = lab.devices.find((d) => d.profile.key === key);
    if (device === undefined) return null;
    return { name: device.profile.key, consentCode: device.sim.state.optIn.code };
  }

  /** The Serial-over-LAN port of a running lab device (for the console), or undefined for any other device. */
  async redirectionPort(deviceId: string): Promise<number | undefined> {
    const lab = this.lab;
    if (lab === null) return undefined;
    const doc = await this.deps.store.get('lab');
    const key = Object.entries(doc.devices).find(([, id]) => id === deviceId)?.[0];
    const port = lab.devices.find((d) => d.profile.key === key)?.redirectionPort;
    return port === undefined || port === 0 ? undefined : port;
  }

  /** Stops the fleet when the app closes; the user's choice (on) stays for the next start. */
  close(): Promise<void> {
    return this.serial(() => this.closeFleet());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async changed(): Promise<LabStatus> {
    const status = await this.status();
    this.deps.onChange(status);
    return status;
  }

  private async closeFleet(): Promise<void> {
    const lab = this.lab;
    this.lab = null;
    if (lab !== null) await lab.close();
  }

  private async startNow(): Promise<void> {
    const doc = await this.deps.store.get('lab');
    const credential = await this.labCredential(doc);
    const identity = await this.labIdentity(doc);
    const folderId = await this.labFolder(doc);
    let lab: Lab;
    try {
      lab = await startLab({
        host: LAB_HOST,
        ports: doc.ports,
        // Setup-mode lab devices announce themselves to the running listener, else to its default port.
        helloTo: { host: LAB_HOST, port: this.deps.listenerPort?.() ?? DEFAULT_HELLO_PORT },
        trustedRootHashes: await this.rootHashes(),
        pkiDnsSuffix: await this.deps.provisioningDnsSuffix?.().catch(() => undefined),
        user: credential.loginName,
        password: credential.password,
        tlsIdentity: identity,
      });
    } catch (err) {
      const { message } = toErrorValue(err);
      throw new OutbandError('lab.start-failed', `The simulated lab could not start: ${message}`);
    }
    try {
      const devices = await this.syncDevices(lab, doc, folderId, credential.id);
      await this.deps.store.update('lab', (d) => {
        d.enabled = true;
        d.folderId = folderId;
        d.credentialId = credential.id;
        d.certPem = identity.certPem;
        d.devices = devices;
        d.ports = Object.fromEntries(lab.devices.map((x) => [x.profile.key, x.port]));
        d.lastStarted = new Date().toISOString();
      });
    } catch (err) {
      await lab.close();
      throw err;
    }
    this.lab = lab;
  }

  private async rootHashes(): Promise<{ alg: 'sha1' | 'sha256' | 'sha384'; hex: string }[]> {
    try {
      return (await this.deps.zoneRootHashes?.()) ?? [];
    } catch (err) {
      this.deps.log(`lab: no zone root for the setup-mode devices: ${toErrorValue(err).message}`);
      return [];
    }
  }

  /** The lab credential, made (with a fresh password) when it is missing or its password is gone. */
  private async labCredential(doc: LabDoc): Promise<{ id: string; loginName: string; password: string }> {
    if (doc.credentialId !== undefined) {
      try {
        return await this.deps.vault.resolvePassword(doc.credentialId);
      } catch (err) {
        if (!(err instanceof OutbandError) || !['vault.not-found', 'vault.secret-missing'].includes(err.code))
          throw err;
        if (err.code === 'vault.secret-missing') {
          const password = labPassword();
          await this.deps.vault.changePassword(doc.credentialId, password);
          return { ...(await this.deps.vault.resolvePassword(doc.credentialId)), password };
        }
      }
    }
    const password = labPassword();
    const taken = new Set((await this.deps.vault.list()).map((c) => nameKey(c.name)));
    let name = LAB_CREDENTIAL_NAME;
    for (let n = 2; taken.has(nameKey(name)); n++) name = `${LAB_CREDENTIAL_NAME} ${n}`;
    const meta = await this.deps.vault.create({
      name,
      loginName: 'admin',
      password,
      description: 'Made by the simulated lab; opens only the simulated devices on this computer.',
    });
    await this.deps.store.update('lab', (d) => void (d.credentialId = meta.id));
    return { id: meta.id, loginName: meta.loginName, password };
  }

  /** The lab's TLS certificate: the one devices were pinned to, or a new one (key into the keychain). */
  private async labIdentity(doc: LabDoc): Promise<TlsIdentity> {
    if (doc.certPem !== undefined) {
      const key = await this.deps.secrets.get(LAB_TLS_KEY_ACCOUNT);
      if (key !== null) {
        try {
          return tlsIdentityFromPem(doc.certPem, key);
        } catch (err) {
          this.deps.log(`lab: the stored certificate is unusable, making a new one: ${toErrorValue(err).message}`);
        }
      }
    }
    const identity = generateTlsIdentity({ commonName: 'outband-lab', ipAddresses: [LAB_HOST] });
    await this.deps.secrets.set(LAB_TLS_KEY_ACCOUNT, identity.keyPem);
    await this.deps.store.update('lab', (d) => void (d.certPem = identity.certPem));
    return identity;
  }

  private async labFolder(doc: LabDoc): Promise<string> {
    const folders = await this.deps.devices.listFolders();
    if (doc.folderId !== undefined && folders.some((f) => f.id === doc.folderId)) return doc.folderId;
    const id = await this.deps.devices.folders.ensurePath(LAB_FOLDER_NAME);
    if (id === null) throw new OutbandError('lab.start-failed', 'The lab folder could not be made.');
    return id;
  }

  /** Adds or updates one managed device per lab device; returns the profile → device id map. */
  private async syncDevices(
    lab: Lab,
    doc: LabDoc,
    folderId: string,
    credentialId: string,
  ): Promise<Record<string, string>> {
    const existing = new Map((await this.deps.devices.list()).map((d) => [d.id, d]));
    const ids: Record<string, string> = {};
    for (const d of lab.devices) {
      // Setup-mode devices are found by discovery (their Hellos), not managed from the start.
      if (!isManagedLabProfile(d.profile)) continue;
      const tlsMode = d.profile.tls ? ('tls' as const) : ('plain' as const);
      const fingerprint = d.fingerprint ?? undefined;
      const known =
        doc.devices[d.profile.key] !== undefined ? existing.get(doc.devices[d.profile.key] ?? '') : undefined;
      ids[d.profile.key] = (
        await this.placeDevice(known, d.profile.key, d.profile.summary, {
          port: d.port,
          tlsMode,
          fingerprint,
          folderId,
          credentialId,
        })
      ).id;
    }
    return ids;
  }

  private async placeDevice(
    known: Device | undefined,
    key: string,
    summary: string,
    at: { port: number; tlsMode: 'tls' | 'plain'; fingerprint?: string; folderId: string; credentialId: string },
  ): Promise<Device> {
    if (known !== undefined) {
      const plainFlag = at.tlsMode === 'plain' ? { allowPlainHttp: true as const } : {};
      if (
        known.port === at.port &&
        known.address === LAB_HOST &&
        known.tlsMode === at.tlsMode &&
        (at.tlsMode !== 'plain' || known.allowPlainHttp === true)
      )
        return known;
      // A port taken since the last run was replaced by a free one: follow it. The pin stays.
      return this.deps.devices.update(known.id, {
        address: LAB_HOST,
        port: at.port,
        tlsMode: at.tlsMode,
        ...plainFlag,
      });
    }
    const names = new Set((await this.deps.devices.list()).map((d) => nameKey(d.name)));
    let name = key;
    for (let n = 2; names.has(nameKey(name)); n++) name = `${key}-${n}`;
    return this.deps.devices.add(
      {
        name,
        address: LAB_HOST,
        port: at.port,
        tlsMode: at.tlsMode,
        tlsFingerprint: at.fingerprint,
        // Plain HTTP is chosen for the lab's plain devices alone, whatever the zone says: they
        // listen on loopback only, so their digest never crosses a network, and the list still
        // marks them "Plain HTTP" so the lab shows what such a device looks like.
        ...(at.tlsMode === 'plain' ? { allowPlainHttp: true as const } : {}),
        credentialId: at.credentialId,
        folderId: at.folderId,
        tags: ['simulated'],
        notes: `Simulated lab device: ${summary}.`,
      },
      { simulated: true },
    );
  }

  private async removeLab(): Promise<void> {
    const doc = await this.deps.store.get('lab');
    const labIds = new Set(Object.values(doc.devices));
    const simulated = (await this.deps.devices.list()).filter((d) => labIds.has(d.id) && d.simulated === true);
    if (simulated.length > 0) await this.deps.devices.remove(simulated.map((d) => d.id));
    const folders = await this.deps.devices.listFolders();
    if (doc.folderId !== undefined && folders.some((f) => f.id === doc.folderId)) {
      // Anything the user put in the lab folder is kept: it moves up, only the folder goes.
      await this.deps.devices.folders.remove(doc.folderId, { moveContentsUp: true });
    }
    if (doc.credentialId !== undefined) {
      await this.deps.vault.delete(doc.credentialId, { detach: true }).catch((err: unknown) => {
        if (!(err instanceof OutbandError && err.code === 'vault.not-found')) throw err;
      });
    }
    await this.deps.secrets.delete(LAB_TLS_KEY_ACCOUNT);
    await this.deps.store.update('lab', (d) => {
      d.enabled = false;
      d.devices = {};
      d.ports = {};
      delete d.folderId;
      delete d.credentialId;
      delete d.certPem;
      delete d.lastStarted;
    });
  }
}
