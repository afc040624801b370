import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { OutbandError } from '../../shared/errors';
import { describeIssues, nameKey } from '../../shared/domain/common';
import {
  DeviceInputSchema,
  DevicePatchSchema,
  FirmwareInfoSchema,
  type Device,
  type DeviceInput,
  type DevicePatch,
  type FirmwareInfo,
  type TlsMode,
} from '../../shared/domain/device';
import { normalizeFingerprint, pinMismatchError } from '../../shared/domain/fingerprint';
import { defaultAmtPort } from '../../shared/domain/address';
import {
  checkImportRow,
  endpointKey,
  parseDeviceImport,
  type DeviceImportPreview,
} from '../../shared/domain/device-import';
import { formatDevicesCsv, formatDevicesJson, toExportedDevices } from '../../shared/domain/device-export';
import { type Folder } from '../../shared/domain/folder';
import type { DevicesDoc } from '../store/documents';
import type { Store } from '../store/store';
import { credentialUsers } from './credential-users';
import { FolderTree } from './folder-tree';

/** What importDevices did. */
export interface DeviceImportResult {
  preview: DeviceImportPreview;
  added: Device[];
}

function invalid(error: z.ZodError): OutbandError {
  return new OutbandError('device.invalid', describeIssues(error));
}

function notFound(what: string): OutbandError {
  return new OutbandError('device.not-found', `No device ${what}.`);
}

/** Devices and folders of the zone, with the checks that keep references valid. */
export class DeviceService {
  readonly folders: FolderTree;
  private readonly removalListeners = new Set<(ids: readonly string[]) => void>();

  constructor(private readonly store: Store) {
    this.folders = new FolderTree(store);
  }

  /** Every device. */
  async list(): Promise<Device[]> {
    return (await this.store.get('devices')).devices;
  }

  /** Every folder. */
  async listFolders(): Promise<Folder[]> {
    return (await this.store.get('devices')).folders;
  }

  /** One device by id; `device.not-found` when absent. */
  async get(id: string): Promise<Device> {
    const found = (await this.list()).find((d) => d.id === id);
    if (!found) throw notFound(`with id ${id}`);
    return found;
  }

  /** The device with this name (case-insensitive), or undefined. */
  async findByName(name: string): Promise<Device | undefined> {
    const key = nameKey(name);
    return (await this.list()).find((d) => nameKey(d.name) === key);
  }

  /**
   * Adds one device after checking its address, name, endpoint, folder and credential references.
   * Only the lab passes `simulated`; no screen or import can mark a device simulated.
   */
  async add(input: DeviceInput, origin: { simulated?: boolean } = {}): Promise<Device> {
    const parsed = DeviceInputSchema.safeParse(input);
    if (!parsed.success) throw invalid(parsed.error);
    const zone = (await this.store.get('zone')).zone;
    const credentialIds = await this.credentialIds();
    return this.store.update('devices', (doc) => {
      const stamp = new Date().toISOString();
      const v = parsed.data;
      const device: Device = {
        id: randomUUID(),
        name: v.name,
        address: v.address,
        tlsMode: v.tlsMode ?? zone.defaultTlsMode,
        tags: v.tags ?? [],
        notes: v.notes ?? '',
        folderId: v.folderId ?? null,
        created: stamp,
        updated: stamp,
      };
      if (v.port !== undefined) device.port = v.port;
      if (v.tlsFingerprint) device.tlsFingerprint = v.tlsFingerprint;
      if (v.legacyTls) device.legacyTls = true;
      if (v.allowPlainHttp === true && device.tlsMode === 'plain') device.allowPlainHttp = true;
      if (v.credentialId) device.credentialId = v.credentialId;
      if (v.smb) device.smb = v.smb;
      if (origin.simulated === true) device.simulated = true;
      this.check(doc, device, zone.allowPlainHttp, credentialIds);
      doc.devices.push(device);
      return device;
    });
  }

  /** Changes a device; `null` in the patch clears an optional field. */
  async update(id: string, patch: DevicePatch): Promise<Device> {
    const parsed = DevicePatchSchema.safeParse(patch);
    if (!parsed.success) throw invalid(parsed.error);
    const zone = (await this.store.get('zone')).zone;
    const credentialIds = await this.credentialIds();
    return this.store.update('devices', (doc) => {
      const at = doc.devices.findIndex((d) => d.id === id);
      if (at < 0) throw notFound(`with id ${id}`);
      const next: Device = { ...doc.devices[at], updated: new Date().toISOString() };
      for (const [key, value] of Object.entries(parsed.data)) {
        if (value === undefined) continue;
        if (value === null && key !== 'folderId') delete (next as Record<string, unknown>)[key];
        else (next as Record<string, unknown>)[key] = value;
      }
      // The per-device plain-HTTP choice is a flag that is there or not, and goes with plain HTTP.
      if (next.allowPlainHttp !== true || next.tlsMode !== 'plain') delete next.allowPlainHttp;
      this.check({ ...doc, devices: doc.devices.filter((d) => d.id !== id) }, next, zone.allowPlainHttp, credentialIds);
      doc.devices[at] = next;
      return next;
    });
  }

  /**
   * Trust on first use, atomically: stores `fingerprint` as the device's pin only if it has none
   * now (read inside the same store update, not from an earlier snapshot). The same pin again is
   * a no-op; a different stored pin (pinned meanwhile by another job or window) fails with
   * `wsman.tls-pin-mismatch` and leaves it in place. Re-pinning is forgetting the pin first.
   */
  async pinIfUnset(id: string, fingerprint: string): Promise<Device> {
    const observed = normalizeFingerprint(fingerprint);
    if (observed === null)
      throw new OutbandError('device.invalid', 'The certificate pin is not a SHA-256 fingerprint.');
    return this.store.update('devices', (doc) => {
      const device = doc.devices.find((d) => d.id === id);
      if (!device) throw notFound(`with id ${id}`);
      if (device.tlsFingerprint === undefined) {
        device.tlsFingerprint = observed;
        device.updated = new Date().toISOString();
      } else if (device.tlsFingerprint !== observed) {
        throw pinMismatchError(`${device.name} (${device.address})`, device.tlsFingerprint, observed);
      }
      return { ...device };
    });
  }

  /**
   * Whether a device may be reached over plain HTTP (16992): the zone allows it, or (given a
   * device) plain HTTP was chosen for that device alone. Read fresh on every call.
   */
  async plainHttpAllowed(device?: { allowPlainHttp?: true }): Promise<boolean> {
    return device?.allowPlainHttp === true || (await this.store.get('zone')).zone.allowPlainHttp;
  }

  /** Records what the firmware reported (merged into what was known) and when. */
  async recordFirmware(id: string, info: FirmwareInfo): Promise<Device> {
    const parsed = FirmwareInfoSchema.safeParse(info);
    if (!parsed.success) throw invalid(parsed.error);
    return this.store.update('devices', (doc) => {
      const device = doc.devices.find((d) => d.id === id);
      if (!device) throw notFound(`with id ${id}`);
      device.firmware = {
        ...device.firmware,
        ...parsed.data,
        lastSeen: parsed.data.lastSeen ?? new Date().toISOString(),
      };
      return { ...device };
    });
  }

  /**
   * Records what provisioning or adoption set up on a device: transport, port, the pin of the
   * certificate Outband itself issued, the credential, and what the firmware reported. Only the
   * provisioning service calls this; a person re-pins only by forgetting the pin first.
   */
  async recordConfigured(
    id: string,
    change: { tlsMode: TlsMode; port?: number; pin?: string | null; credentialId?: string; firmware?: FirmwareInfo },
  ): Promise<Device> {
    const credentialIds = await this.credentialIds();
    const zone = (await this.store.get('zone')).zone;
    return this.store.update('devices', (doc) => {
      const at = doc.devices.findIndex((d) => d.id === id);
      if (at < 0) throw notFound(`with id ${id}`);
      const next: Device = { ...doc.devices[at], tlsMode: change.tlsMode, updated: new Date().toISOString() };
      if (change.tlsMode !== 'plain') delete next.allowPlainHttp;
      if (change.port === undefined || change.port === defaultAmtPort(change.tlsMode)) delete next.port;
      else next.port = change.port;
      if (change.pin === null) delete next.tlsFingerprint;
      else if (change.pin !== undefined) {
        const pin = normalizeFingerprint(change.pin);
        if (pin === null) throw new OutbandError('device.invalid', 'The certificate pin is not a SHA-256 fingerprint.');
        next.tlsFingerprint = pin;
      }
      if (change.credentialId !== undefined) next.credentialId = change.credentialId;
      if (change.firmware !== undefined) {
        next.firmware = { ...next.firmware, ...change.firmware, lastSeen: new Date().toISOString() };
      }
      // Outband itself changed the device's setup (provisioned, adopted, unprovisioned): its digest
      // realm may have changed with it and is learnt again on the next contact.
      if (next.firmware?.realm !== undefined && change.firmware?.realm === undefined) {
        const { realm: _realm, ...rest } = next.firmware;
        next.firmware = rest;
      }
      this.check({ ...doc, devices: doc.devices.filter((d) => d.id !== id) }, next, zone.allowPlainHttp, credentialIds);
      doc.devices[at] = next;
      return next;
    });
  }

  /** Removes devices; returns how many were there. */
  async remove(ids: readonly string[]): Promise<number> {
    const wanted = new Set(ids);
    const removed = await this.store.update('devices', (doc) => {
      const before = doc.devices.length;
      doc.devices = doc.devices.filter((d) => !wanted.has(d.id));
      return before - doc.devices.length;
    });
    // Their readings go with them: nothing is kept for a device that no longer exists.
    await this.store.update('inventory', (doc) => {
      for (const id of wanted) delete doc.devices[id];
    });
    for (const listener of this.removalListeners) listener([...wanted]);
    return removed;
  }

  /** Hears the ids of removed devices (their open consoles close); returns the unsubscribe. */
  onRemoved(listener: (ids: readonly string[]) => void): () => void {
    this.removalListeners.add(listener);
    return () => this.removalListeners.delete(listener);
  }

  /** Moves devices into a folder (null: the root). */
  async move(ids: readonly string[], folderId: string | null): Promise<void> {
    const wanted = new Set(ids);
    await this.store.update('devices', (doc) => {
      if (folderId !== null && !doc.folders.some((f) => f.id === folderId)) {
        throw new OutbandError('device.folder-not-found', `No folder with id ${folderId}.`);
      }
      const missing = ids.filter((id) => !doc.devices.some((d) => d.id === id));
      if (missing.length > 0) throw notFound(`with id ${missing[0]}`);
      const stamp = new Date().toISOString();
      for (const d of doc.devices) if (wanted.has(d.id)) Object.assign(d, { folderId, updated: stamp });
    });
  }

  /** The devices that use a credential (directly or for SMB settings). */
  async devicesUsingCredential(credentialId: string): Promise<Device[]> {
    return credentialUsers(await this.store.get('devices'), credentialId);
  }

  /** Reads import text against the current devices and vault, changing nothing. */
  async previewImport(text: string): Promise<DeviceImportPreview> {
    const doc = await this.store.get('devices');
    const credentials = (await this.store.get('credentials')).credentials;
    return parseDeviceImport(text, {
      existingNames: doc.devices.map((d) => d.name),
      existingEndpoints: doc.devices.map((d) => endpointKey(d.address, d.port)),
      credentialNames: credentials.map((c) => c.name),
    });
  }

  /**
   * Imports every row without errors in one write (creating folders named by path); rows with
   * errors are skipped and reported in the preview. `dryRun` writes nothing.
   */
  async importDevices(text: string, options: { dryRun?: boolean } = {}): Promise<DeviceImportResult> {
    const preview = await this.previewImport(text);
    const zone = (await this.store.get('zone')).zone;
    if (!zone.allowPlainHttp) {
      for (const row of preview.rows) {
        if ((row.tlsMode ?? zone.defaultTlsMode) === 'plain' && row.allowPlainHttp !== true)
          row.errors.push(
            'Plain HTTP (16992) is turned off for this zone; use TLS, or choose plain HTTP for this device alone with a plainHttp column set to yes.',
          );
      }
    }
    const good = preview.rows.filter((r) => r.errors.length === 0);
    if (options.dryRun || good.length === 0) return { preview, added: [] };
    const credentials = (await this.store.get('credentials')).credentials;
    const credentialByName = new Map(credentials.map((c) => [nameKey(c.name), c.id]));
    const added = await this.store.update('devices', (doc) => {
      const stamp = new Date().toISOString();
      const created: Device[] = [];
      const names = new Set(doc.devices.map((d) => nameKey(d.name)));
      const endpoints = new Set(doc.devices.map((d) => endpointKey(d.address, d.port)));
      for (const row of good) {
        // The same check the preview ran on this row, so a row it accepted is a row written here.
        const checked = checkImportRow(row);
        if (!checked.ok) {
          throw new OutbandError('device.invalid', `Line ${row.line}: ${checked.errors.join(' ')}`);
        }
        const v = checked.device;
        const device: Device = {
          id: randomUUID(),
          name: v.name,
          address: v.address,
          tlsMode: v.tlsMode ?? zone.defaultTlsMode,
          tags: v.tags,
          notes: v.notes ?? '',
          folderId: v.folderPath ? FolderTree.ensurePathIn(doc, v.folderPath) : null,
          created: stamp,
          updated: stamp,
        };
        if (v.port !== undefined) device.port = v.port;
        if (v.tlsFingerprint) device.tlsFingerprint = v.tlsFingerprint;
        if (v.allowPlainHttp === true && device.tlsMode === 'plain') device.allowPlainHttp = true;
        const credentialId = v.credentialName ? credentialByName.get(nameKey(v.credentialName)) : undefined;
        if (credentialId) device.credentialId = credentialId;
        // The preview already checked each row; these sets catch a change made since, in O(1) per row.
        const endpoint = endpointKey(device.address, device.port);
        if (names.has(nameKey(device.name)) || endpoints.has(endpoint)) {
          throw new OutbandError(
            'device.name-taken',
            `"${device.name}" was added by someone else meanwhile; import again.`,
          );
        }
        names.add(nameKey(device.name));
        endpoints.add(endpoint);
        doc.devices.push(device);
        created.push(device);
      }
      return created;
    });
    return { preview, added };
  }

  /** Devices (all, or the given ids) as CSV or JSON; references by name, never a secret. */
  async exportDevices(format: 'csv' | 'json', ids?: readonly string[]): Promise<string> {
    const doc = await this.store.get('devices');
    const credentials = (await this.store.get('credentials')).credentials;
    const wanted = ids ? new Set(ids) : undefined;
    const devices = doc.devices.filter((d) => !wanted || wanted.has(d.id));
    const exported = toExportedDevices(devices, doc.folders, credentials);
    return format === 'csv' ? formatDevicesCsv(exported) : formatDevicesJson(exported, new Date().toISOString());
  }

  private async credentialIds(): Promise<Set<string>> {
    return new Set((await this.store.get('credentials')).credentials.map((c) => c.id));
  }

  /** The rules a device must meet against the rest of the zone. */
  private check(doc: DevicesDoc, device: Device, allowPlain: boolean, credentialIds: Set<string>): void {
    const key = nameKey(device.name);
    if (doc.devices.some((d) => d.id !== device.id && nameKey(d.name) === key)) {
      throw new OutbandError('device.name-taken', `A device named "${device.name}" already exists.`);
    }
    const endpoint = endpointKey(device.address, device.port);
    const clash = doc.devices.find((d) => d.id !== device.id && endpointKey(d.address, d.port) === endpoint);
    if (clash) throw new OutbandError('device.address-taken', `${device.address} is already device "${clash.name}".`);
    if (device.tlsMode === 'plain' && !allowPlain && device.allowPlainHttp !== true) {
      throw new OutbandError(
        'device.plain-not-allowed',
        'Plain HTTP (16992) is turned off for this zone; use TLS, or choose plain HTTP for this device alone.',
      );
    }
    if (device.folderId !== null && !doc.folders.some((f) => f.id === device.folderId)) {
      throw new OutbandError('device.folder-not-found', `No folder with id ${device.folderId}.`);
    }
    for (const ref of [device.credentialId, device.smb?.credentialId]) {
      if (ref !== undefined && !credentialIds.has(ref)) {
        throw new OutbandError('device.credential-not-found', `No credential with id ${ref} in the vault.`);
      }
    }
  }
}
