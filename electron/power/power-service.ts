import { OutbandError } from '../../shared/errors';
import type { Device } from '../../shared/domain/device';
import type { JobSnapshot } from '../../shared/ipc/jobs';
import type { PowerCheckResult, PowerDeviceStatus, SelfDevice } from '../../shared/ipc/power';
import { judgeMenu, POWER_MENU } from '../../shared/power-states';
import type { JobContext, JobRunner } from '../jobs/job-runner';
import type { Store } from '../store/store';
import type { DeviceService } from '../vault/device-service';
import { isThisWorkstation, localIdentity, type WorkstationIdentity } from '../workstation/identity';
import { ConsentBroker, type ConsentRequest } from './consent-broker';
import type { ConsentAnswer, ConsentHooks } from './consent-step';
import { forgetIdentity } from './device-identity';
import { deviceSessionDeps, withDeviceSession, type DeviceSessionDeps } from './device-session';
import { actionLabel, parsePowerAction, type PowerAction } from './power-action';
import { PowerRecord } from './power-record';
import { applyAction, readStatus, type DeviceOutcome } from './power-steps';
import { runLimited } from './run-limited';
import type { SessionPool } from './session-pool';

/** What the power service works with; pins and the plain-HTTP policy come from `devices`. */
export interface PowerServiceDeps extends Pick<
  DeviceSessionDeps,
  'resolveCredential' | 'requestTimeoutMs' | 'openSession'
> {
  /** Warm sessions shared with the rest of the main process (default: none, a session per call). */
  pool?: SessionPool;
  /** How long a state read counts as recent, so a power change needs no read first (default 60 s). */
  recentStateMs?: number;
  devices: DeviceService;
  store: Store;
  jobs: JobRunner;
  /** This workstation's identity (default: read once from the OS). */
  identity?: () => Promise<WorkstationIdentity>;
  /** Devices worked on at once (default 16). */
  concurrency?: number;
  /** Tells the person that a device of a boot job waits for the consent code on its screen. */
  onConsentNeeded?: (request: ConsentRequest) => void;
  /** How long a device waits for its consent code (default 5 minutes). */
  consentTimeoutMs?: number;
}

const plural = (n: number) => `${n} device${n === 1 ? '' : 's'}`;

/** Options of a power request. */
export interface PowerRequestOptions {
  confirmSelf?: boolean;
  /**
   * Send the change without reading each device's state first, even when it was not read
   * recently: the device's ReturnValue tells a refused state (then one read says why).
   */
  skipRead?: boolean;
}

/**
 * On-demand power for a selection of devices (seed §4.1): read status, request a state or a
 * one-time boot, each as a job with one result per device as it arrives, at bounded concurrency.
 */
export class PowerService {
  private identityPromise: Promise<WorkstationIdentity> | undefined;
  private readonly session: DeviceSessionDeps;
  private readonly consent: ConsentBroker;
  /** When each device's state was last read here (check, refresh, a request's own reads). */
  private readonly readAt = new Map<string, { at: number; code: number }>();

  constructor(private readonly deps: PowerServiceDeps) {
    this.session = deviceSessionDeps(deps.devices, deps);
    this.consent = new ConsentBroker((r) => deps.onConsentNeeded?.(r), deps.consentTimeoutMs);
  }

  /** Sends the code a person read on a waiting device's screen; says whether the device accepted it. */
  answerConsent(jobId: string, deviceId: string, code: string): Promise<ConsentAnswer> {
    return this.consent.answer(jobId, deviceId, code);
  }

  /** Gives up on a device waiting for consent: its request is withdrawn and it fails. */
  cancelConsent(jobId: string, deviceId: string): void {
    this.consent.cancel(jobId, deviceId);
  }

  /** The devices waiting for a consent code now (of one job, or all). */
  pendingConsent(jobId?: string): ConsentRequest[] {
    return this.consent.pending(jobId);
  }

  /** Reads every device's state and what it allows, the states all of them allow, and whether this workstation is among them. */
  async check(deviceIds: readonly string[]): Promise<PowerCheckResult> {
    const devices = await this.load(deviceIds);
    const record = new PowerRecord(this.deps.store);
    const byId = new Map<string, PowerDeviceStatus>();
    const session = this.sessionFor(record);
    const work = (d: Device) => withDeviceSession(d, session, (s) => readStatus(s));
    for await (const { item: d, value, error } of runLimited(devices, this.concurrency, work)) {
      const base = { deviceId: d.id, name: d.name, address: d.address };
      if (value) {
        this.noteRead(record, d.id, value.powerState.code);
        const { code, name, label } = value.powerState;
        byId.set(d.id, {
          ...base,
          ok: true,
          state: { code, name, label },
          available: value.available.map((a) => a.code),
        });
      } else byId.set(d.id, { ...base, ok: false, error });
    }
    await record.flush();
    const statuses = devices.map((d) => byId.get(d.id)!);
    const answered = statuses.filter((s) => s.ok).map((s) => ({ name: s.name, available: s.available ?? [] }));
    const judged = answered.length === 0 ? [] : judgeMenu(answered);
    const common = judged.filter((c) => c.refusedBy.length === 0).map((c) => c.code);
    // Every action one device allows, and on/off when one device is already there ("already on").
    const inState = new Set(statuses.filter((s) => s.ok).map((s) => s.state!.code));
    const offered = POWER_MENU.filter(
      (code) =>
        judged.some((c) => c.code === code && c.refusedBy.length < answered.length) ||
        ((code === 2 || code === 8) && inState.has(code)),
    );
    return { devices: statuses, common, offered, self: await this.selfIn(devices) };
  }

  /**
   * Starts a job that requests a power state (or boot) on every device. Refuses with
   * `power.self-not-confirmed` when this workstation is selected and the user has not confirmed;
   * when confirmed, this workstation goes last so the others get their command first.
   */
  async request(
    deviceIds: readonly string[],
    input: number | string,
    opts: PowerRequestOptions = {},
  ): Promise<JobSnapshot> {
    const action = parsePowerAction(input);
    const devices = await this.load(deviceIds);
    const self = await this.selfIn(devices);
    if (self.length > 0 && opts.confirmSelf !== true) {
      const names = self.map((s) => s.name).join(', ');
      throw new OutbandError(
        'power.self-not-confirmed',
        `The selection includes ${names}, the workstation running Outband: it may ${actionLabel(action).toLowerCase()} before the other devices get their command. Confirm to go on.`,
      );
    }
    const selfIds = new Set(self.map((s) => s.deviceId));
    const others = devices.filter((d) => !selfIds.has(d.id));
    const last = devices.filter((d) => selfIds.has(d.id));
    // start() returns before any device is contacted, so the id is set before a device can ask.
    const job = { id: '' };
    const snapshot = this.deps.jobs.start({
      kind: 'power.request',
      title: `${actionLabel(action)}: ${plural(devices.length)}`,
      total: devices.length,
      run: async (ctx) => {
        const record = new PowerRecord(this.deps.store);
        try {
          await this.runAction(others, action, record, ctx, () => job.id, opts.skipRead === true);
          await this.runAction(last, action, record, ctx, () => job.id, opts.skipRead === true);
        } finally {
          await record.flush();
        }
      },
    });
    job.id = snapshot.id;
    return snapshot;
  }

  /** Starts a job that reads the power state of every device and records it. */
  async refresh(deviceIds: readonly string[]): Promise<JobSnapshot> {
    const devices = await this.load(deviceIds);
    return this.deps.jobs.start({
      kind: 'power.refresh',
      title: `Power status: ${plural(devices.length)}`,
      total: devices.length,
      run: async (ctx) => {
        const record = new PowerRecord(this.deps.store);
        const session = this.sessionFor(record);
        const work = (d: Device) =>
          withDeviceSession(d, session, async (s): Promise<DeviceOutcome> => {
            const status = await readStatus(s, ctx.signal);
            this.noteRead(record, d.id, status.powerState.code);
            const can = status.available.map((a) => a.label).join(', ');
            return { detail: `${status.powerState.label}${can ? `; can: ${can}` : ''}` };
          });
        try {
          await this.report(devices, work, ctx);
        } finally {
          await record.flush();
        }
      },
    });
  }

  /** Removes a device's pinned fingerprint so the next contact pins the certificate it then sees (a deliberate re-pin). */
  async forgetPin(deviceId: string): Promise<Device> {
    const device = await this.deps.devices.update(deviceId, { tlsFingerprint: null });
    this.deps.pool?.forget(deviceId);
    return device;
  }

  /** Accepts a device's new identity on purpose (see forgetIdentity) and drops its warm session. */
  async acceptIdentity(deviceId: string): Promise<Device> {
    const device = await forgetIdentity(this.deps.store, deviceId);
    this.deps.pool?.forget(deviceId);
    this.readAt.delete(deviceId);
    return device;
  }

  /** The selected devices that are this workstation. */
  async selfIn(devices: readonly Device[]): Promise<SelfDevice[]> {
    this.identityPromise ??= (this.deps.identity ?? localIdentity)();
    const me = await this.identityPromise;
    return devices
      .filter((d) =>
        isThisWorkstation({ address: d.address, uuid: d.firmware?.uuid, hostName: d.firmware?.hostName }, me),
      )
      .map((d) => ({ deviceId: d.id, name: d.name, address: d.address }));
  }

  private get concurrency(): number {
    return this.deps.concurrency ?? 16;
  }

  /** The session deps of one job: realms first seen are written with the job's power states, in one update. */
  private sessionFor(record: PowerRecord): DeviceSessionDeps {
    return { ...this.session, pool: this.deps.pool, rememberRealm: (id, realm) => record.noteRealm(id, realm) };
  }

  private noteRead(record: PowerRecord, deviceId: string, code: number): void {
    record.note(deviceId, code);
    this.readAt.set(deviceId, { at: Date.now(), code });
  }

  /** The state this service read within the last `recentStateMs`, if any. */
  private readRecently(deviceId: string): number | undefined {
    const read = this.readAt.get(deviceId);
    return read !== undefined && Date.now() - read.at <= (this.deps.recentStateMs ?? 60_000) ? read.code : undefined;
  }

  /** Whether a change may go out without a read first, and the state read recently if there is one. */
  private knownState(deviceId: string, skipRead: boolean): { skipRead: boolean; known?: number } {
    const known = this.readRecently(deviceId);
    return { skipRead: skipRead || known !== undefined, ...(known !== undefined ? { known } : {}) };
  }

  private async runAction(
    devices: Device[],
    action: PowerAction,
    record: PowerRecord,
    ctx: JobContext,
    jobId: () => string,
    skipRead: boolean,
  ): Promise<void> {
    const session = this.sessionFor(record);
    const work = (d: Device) =>
      withDeviceSession(d, session, async (s) => {
        const outcome = await applyAction(s, action, (code) => record.note(d.id, code), {
          signal: ctx.signal,
          consent: this.consentHooks(jobId, d, ctx.signal),
          ...this.knownState(d.id, skipRead),
        });
        // A change makes the last read old news: the next action reads (or lets the device say) again.
        if (outcome.outcome === 'done') this.readAt.delete(d.id);
        return outcome;
      });
    await this.report(devices, work, ctx);
  }

  /** Consent through the person at the UI: announce the wait, take their code, tell them the outcome. */
  private consentHooks(jobId: () => string, d: Device, signal: AbortSignal): ConsentHooks {
    const base = { deviceId: d.id, name: d.name, address: d.address };
    return {
      ask: (previous) => this.consent.ask({ jobId: jobId(), ...base, ...(previous ? { previous } : {}) }, signal),
      onResult: (answer) => this.consent.settle(jobId(), d.id, answer),
    };
  }

  private async report(devices: Device[], work: (d: Device) => Promise<DeviceOutcome>, ctx: JobContext): Promise<void> {
    for await (const { item: d, value, error } of runLimited(devices, this.concurrency, work, ctx.signal)) {
      ctx.report({ key: d.id, label: d.name, ok: !error, outcome: value?.outcome, detail: value?.detail, error });
    }
  }

  /** The devices with these ids, in the order given; `device.not-found` names any missing one. */
  private async load(ids: readonly string[]): Promise<Device[]> {
    const all = new Map((await this.deps.devices.list()).map((d) => [d.id, d]));
    const missing = ids.filter((id) => !all.has(id));
    if (missing.length > 0)
      throw new OutbandError('device.not-found', `No device with id ${missing[0]} (${missing.length} missing).`);
    return [...new Set(ids)].map((id) => all.get(id)!);
  }
}
