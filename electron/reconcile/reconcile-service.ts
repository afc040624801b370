/**
 * Out-of-band inventory reconciliation (seed 3.2.5): read each device's identity, firmware,
 * state, network, power and hardware over its own session, match it to the record by UUID (a
 * different UUID at the address is reported, never merged), keep the reading and what changed.
 */
import { OutbandError, toErrorValue } from '../../shared/errors';
import type { Device } from '../../shared/domain/device';
import { folderSubtree } from '../../shared/domain/folder';
import { inventoryChanges, type Inventory } from '../../shared/domain/inventory';
import { HISTORY_LIMIT, type DeviceInventoryRecord } from '../../shared/domain/reconcile';
import type { JobSnapshot } from '../../shared/ipc/jobs';
import { readInventory } from '../amt/inventory';
import { readEventLog } from '../amt/event-log';
import { readAuditLog } from '../amt/audit-log';
import type { AmtSession } from '../amt/session';
import type { JobRunner } from '../jobs/job-runner';
import { deviceSessionDeps, withDeviceSession, type DeviceSessionDeps } from '../power/device-session';
import type { Store } from '../store/store';
import type { DeviceService } from '../vault/device-service';

/** What reconciliation needs from the main process. */
export interface ReconcileDeps extends Pick<
  DeviceSessionDeps,
  'resolveCredential' | 'requestTimeoutMs' | 'openSession'
> {
  store: Store;
  devices: DeviceService;
  jobs: JobRunner;
  /** Devices read at once (default 16). */
  concurrency?: number;
}

/** Which devices a reconciliation covers. */
export interface ReconcileScope {
  deviceIds?: readonly string[];
  folderId?: string;
  all?: boolean;
}

/** What one device's reconciliation found. */
export interface ReconcileOutcome {
  first: boolean;
  changes: { path: string; old: string; new: string }[];
  inventory: Inventory;
}

const plural = (n: number) => `${n} device${n === 1 ? '' : 's'}`;
/** Changes kept per reconciliation (the schema's bound). */
const CHANGES_KEPT = 500;

function describeChanges(outcome: ReconcileOutcome): string {
  if (outcome.first) return 'First reading recorded.';
  if (outcome.changes.length === 0) return 'No change since the last reconciliation.';
  const shown = outcome.changes
    .slice(0, 5)
    .map((c) => `${c.path}: ${c.old} → ${c.new}`)
    .join('; ');
  const more = outcome.changes.length > 5 ? `; and ${outcome.changes.length - 5} more` : '';
  return `${outcome.changes.length} change(s): ${shown}${more}.`;
}

/** Reads and records inventories; serves the device page's logs. */
export class ReconcileService {
  private readonly session: DeviceSessionDeps;
  /** Reads in progress by device: a second request for the same device joins the first. */
  private readonly inFlight = new Map<string, Promise<ReconcileOutcome>>();

  constructor(private readonly deps: ReconcileDeps) {
    this.session = deviceSessionDeps(deps.devices, deps);
  }

  /** The devices a scope names; an empty result is an error the person can act on. */
  async devicesIn(scope: ReconcileScope): Promise<Device[]> {
    const doc = await this.deps.store.get('devices');
    let chosen: Device[];
    if (scope.all === true) chosen = doc.devices;
    else if (scope.folderId !== undefined) {
      const folders = folderSubtree(doc.folders, scope.folderId);
      chosen = doc.devices.filter((d) => d.folderId !== null && folders.has(d.folderId));
    } else {
      const wanted = new Set(scope.deviceIds ?? []);
      chosen = doc.devices.filter((d) => wanted.has(d.id));
    }
    if (chosen.length === 0)
      throw new OutbandError('reconcile.no-devices', 'There are no devices to reconcile in that choice.');
    return chosen;
  }

  /** Starts a reconciliation job: one result per device with what changed. */
  async start(scope: ReconcileScope): Promise<JobSnapshot> {
    const devices = await this.devicesIn(scope);
    return this.deps.jobs.start({
      kind: 'reconcile',
      title: `Reconcile: ${plural(devices.length)}`,
      total: devices.length,
      run: async (ctx) => {
        let next = 0;
        const worker = async () => {
          while (next < devices.length && !ctx.signal.aborted) {
            const device = devices[next++] as Device;
            try {
              const outcome = await this.reconcileOne(device, ctx.signal);
              ctx.report({ key: device.id, label: device.name, ok: true, detail: describeChanges(outcome) });
            } catch (err) {
              ctx.report({ key: device.id, label: device.name, ok: false, error: toErrorValue(err) });
            }
          }
        };
        await Promise.all(Array.from({ length: Math.min(this.deps.concurrency ?? 16, devices.length) }, worker));
      },
    });
  }

  /** Reconciles one device now; failures are recorded on the device as well as thrown. */
  reconcileOne(device: Device, signal?: AbortSignal): Promise<ReconcileOutcome> {
    const running = this.inFlight.get(device.id);
    if (running) return running;
    const work = this.readAndRecord(device, signal).finally(() => this.inFlight.delete(device.id));
    this.inFlight.set(device.id, work);
    return work;
  }

  private async readAndRecord(device: Device, signal?: AbortSignal): Promise<ReconcileOutcome> {
    const startedAt = new Date().toISOString();
    let inventory: Inventory;
    try {
      inventory = await withDeviceSession(device, this.session, (s) => readInventory(s, { signal }));
      const others = (await this.deps.devices.list()).filter((d) => d.id !== device.id);
      const twin = others.find(
        (d) => inventory.identity.uuid !== undefined && d.firmware?.uuid === inventory.identity.uuid,
      );
      if (twin) {
        throw new OutbandError(
          'reconcile.uuid-duplicate',
          `${device.address} answers as UUID ${inventory.identity.uuid}, which is already "${twin.name}" (${twin.address}): the same machine is managed twice, or it moved. Nothing was merged; remove the record that is wrong.`,
          { other: twin.id },
        );
      }
      const known = device.firmware?.uuid;
      if (known !== undefined && inventory.identity.uuid !== undefined && known !== inventory.identity.uuid) {
        throw new OutbandError(
          'reconcile.uuid-mismatch',
          `${device.address} now answers as UUID ${inventory.identity.uuid}, not ${known}: another machine may have taken this address. Nothing was merged; check which machine answers there, and if it really was replaced, accept the new identity on the device page (or with outband device accept-identity) and reconcile again.`,
          { expected: known, found: inventory.identity.uuid },
        );
      }
    } catch (err) {
      await this.recordFailure(device.id, err, startedAt);
      throw err;
    }
    if (!(await this.deps.devices.list()).some((d) => d.id === device.id)) {
      throw new OutbandError(
        'device.not-found',
        `${device.name} was removed while it was being read; nothing was kept.`,
      );
    }
    const at = inventory.readAt;
    const outcome = await this.deps.store.update('inventory', (doc) => {
      const record: DeviceInventoryRecord = doc.devices[device.id] ?? { history: [] };
      // The power state changes all day: it is read and shown, but it is not a change to the machine.
      const all = record.last
        ? inventoryChanges(record.last, inventory).filter((c) => !c.path.startsWith('power'))
        : [];
      const changes =
        all.length > CHANGES_KEPT
          ? [
              ...all.slice(0, CHANGES_KEPT - 1),
              { path: '…', old: '', new: `and ${all.length - CHANGES_KEPT + 1} more` },
            ]
          : all;
      const next: DeviceInventoryRecord = {
        last: inventory,
        lastAttemptAt: at,
        history: changes.length > 0 ? [{ at, changes }, ...record.history].slice(0, HISTORY_LIMIT) : record.history,
      };
      doc.devices[device.id] = next;
      return { first: record.last === undefined, changes, inventory };
    });
    const clip = (text: string | undefined, max: number) => (text ? { value: text.slice(0, max) } : undefined);
    const uuid = clip(inventory.identity.uuid, 64);
    const amt = clip(inventory.firmware.amtVersion, 32);
    const host = clip(inventory.identity.hostName, 255);
    const mac = clip(inventory.network[0]?.mac, 32);
    await this.deps.devices.recordFirmware(device.id, {
      ...(uuid ? { uuid: uuid.value } : {}),
      ...(amt ? { amtVersion: amt.value } : {}),
      ...(inventory.state.controlMode ? { controlMode: inventory.state.controlMode } : {}),
      ...(inventory.state.provisioningState ? { provisioningState: inventory.state.provisioningState } : {}),
      ...(host ? { hostName: host.value } : {}),
      ...(mac ? { mac: mac.value } : {}),
      ...(inventory.power ? { powerState: inventory.power.state } : {}),
      lastSeen: at,
    });
    return outcome;
  }

  /** Records a failed attempt, stamped when it started, so a later success is not hidden by it. */
  private async recordFailure(deviceId: string, err: unknown, at: string): Promise<void> {
    const { code, message } = toErrorValue(err);
    if (!(await this.deps.devices.list()).some((d) => d.id === deviceId)) return;
    await this.deps.store
      .update('inventory', (doc) => {
        const record: DeviceInventoryRecord = doc.devices[deviceId] ?? { history: [] };
        doc.devices[deviceId] = { ...record, lastAttemptAt: at, lastError: { code, message, at } };
      })
      .catch(() => undefined);
  }

  /** What is known of one device (null when it was never reconciled). */
  async record(deviceId: string): Promise<DeviceInventoryRecord | null> {
    return (await this.deps.store.get('inventory')).devices[deviceId] ?? null;
  }

  /** Every device's last attempt, for the device list. */
  async summaries(): Promise<
    Record<string, { at?: string; error?: { code: string; message: string }; tls?: boolean | null }>
  > {
    const doc = await this.deps.store.get('inventory');
    const existing = new Set((await this.deps.devices.list()).map((d) => d.id));
    return Object.fromEntries(
      Object.entries(doc.devices)
        .filter(([id]) => existing.has(id))
        .map(([id, r]) => [
          id,
          {
            ...(r.last ? { at: r.last.readAt } : {}),
            ...(r.lastError && (!r.last || r.lastError.at >= r.last.readAt)
              ? { error: { code: r.lastError.code, message: r.lastError.message } }
              : {}),
            ...(r.last ? { tls: r.last.state.tlsEnabled } : {}),
          },
        ]),
    );
  }

  /** Reads a device's event log or audit log now, over its own session. */
  async readLog(device: Device, log: 'events' | 'audit', max = 1000): Promise<object[]> {
    return withDeviceSession(device, this.session, async (s: AmtSession): Promise<object[]> =>
      log === 'events' ? readEventLog(s, { max }) : readAuditLog(s, { max }),
    );
  }
}
