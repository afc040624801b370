/**
 * The Serial-over-LAN console of the app (issue 16): one console per device, opened with the
 * device's vault credential, TLS mode and pin. Before the redirection session opens, WS-Man
 * checks that the device's redirection service allows SOL and its listener is open (turning them
 * on only when the user confirmed it), and gets user consent where the device needs it (client
 * control mode), through the same broker and consent step as boot changes.
 */
import { randomUUID } from 'node:crypto';
import { OutbandError, toErrorValue } from '../../shared/errors';
import type { Device } from '../../shared/domain/device';
import type { SolPhase, SolStatus } from '../../shared/ipc/sol';
import { getOptInStatus, getPowerStatus, getProvisioning, type AmtSession } from '../amt';
import { bootNeedsConsent } from '../amt/consent';
import { isHostOn } from '../amt/power-states';
import { enableSol, getRedirectionStatus, solReady, type RedirectionStatus } from '../amt/redirection';
import { ConsentBroker, type ConsentRequest } from '../power/consent-broker';
import type { ConsentAnswer } from '../power/consent-step';
import { obtainConsent } from '../power/consent-step';
import { deviceSessionDeps, withDeviceSession, type DeviceSessionDeps } from '../power/device-session';
import { openSol, type SolSession } from '../redirection';
import type { DeviceService } from '../vault/device-service';
import { OutputBatcher } from './output-batcher';
import { redirectionPortOf } from './sol-port';

/** What the console service works with. */
export interface SolServiceDeps {
  devices: DeviceService;
  /** Login name and password of a vault credential (main process only; never logged). */
  resolveCredential(credentialId: string): Promise<{ loginName: string; password: string }>;
  /** Every change of a console's phase. */
  onStatus(status: SolStatus): void;
  /** Serial output of a device's host, batched. */
  onData(deviceId: string, data: Uint8Array): void;
  /** Notes that do not stop the console. */
  onWarning(deviceId: string, message: string): void;
  /** A console waits for the consent code on its device's screen. */
  onConsentNeeded(request: ConsentRequest): void;
  /** The redirection port of a device that does not use the usual ones (the simulated lab). */
  redirectionPort?(device: Device): Promise<number | undefined> | number | undefined;
  /** How long a console waits for its consent code (default 5 minutes). */
  consentTimeoutMs?: number;
  requestTimeoutMs?: number;
}

interface Console {
  /** Names this opening attempt in consent requests. */
  readonly attempt: string;
  readonly abort: AbortController;
  phase: SolPhase;
  session?: SolSession;
  output?: OutputBatcher;
}

/**
 * The fixes the app can offer when the redirection session refuses. By then prepare() has read the
 * redirection service over WS-Man (and turned it on, or got consent, when needed), so what is left
 * is the device's own setup.
 */
const APP_ADVICE = {
  solUnavailable:
    "Its redirection service allowed SOL when Outband checked over WS-Man, so SOL is likely disabled in the device's MEBx " +
    '(Intel AMT configuration, SOL/IDE-R): enable it there, then Connect again.',
  plainOnly:
    'Edit the device and choose TLS (the console then uses port 16995), or turn off the MEBx "username/password" ' +
    'redirection option so the device offers digest login. The app never sends the password unencrypted.',
};

function describeOff(status: RedirectionStatus): string {
  const parts: string[] = [];
  if (!status.sol) parts.push('Serial-over-LAN is not allowed by its redirection service');
  if (!status.listener) parts.push('its redirection port (16994/16995) is closed');
  return parts.join(' and ');
}

/** Runs the consoles of the main process; every method takes a device id. */
export class SolService {
  private readonly consoles = new Map<string, Console>();
  private readonly session: DeviceSessionDeps;
  private readonly consent: ConsentBroker;

  constructor(private readonly deps: SolServiceDeps) {
    this.session = deviceSessionDeps(deps.devices, {
      resolveCredential: deps.resolveCredential,
      requestTimeoutMs: deps.requestTimeoutMs,
    });
    this.consent = new ConsentBroker((r) => deps.onConsentNeeded(r), deps.consentTimeoutMs);
  }

  /** Where a device's console stands (`closed` when it has none). */
  status(deviceId: string): SolStatus {
    const c = this.consoles.get(deviceId);
    if (!c) return { deviceId, phase: 'closed' };
    return { deviceId, phase: c.phase, ...(c.session ? { authMethod: c.session.authMethod } : {}) };
  }

  /**
   * Opens a device's console and resolves once it is connected (at once when it already is).
   * Fails with `sol.redirection-off` when SOL or the listener is off and `enableRedirection` was
   * not given, `sol.consent-host-off` when consent is needed from a host that is off, and with the
   * device's own error otherwise. `close` gives up an opening console.
   */
  async open(deviceId: string, opts: { enableRedirection?: boolean } = {}): Promise<SolStatus> {
    const existing = this.consoles.get(deviceId);
    if (existing?.phase === 'connected') return this.status(deviceId);
    if (existing) throw new OutbandError('sol.busy', 'This console is already opening; wait, or disconnect first.');
    const device = await this.deps.devices.get(deviceId);
    const c: Console = { attempt: randomUUID(), abort: new AbortController(), phase: 'checking' };
    this.consoles.set(deviceId, c);
    this.announce(deviceId, c, 'checking');
    try {
      await withDeviceSession(device, this.session, (s) => this.prepare(s, device, c, opts.enableRedirection === true));
      const session = await this.connect(deviceId, c);
      c.session = session;
      c.output = new OutputBatcher((bytes) => this.deps.onData(deviceId, bytes));
      session.onData((bytes) => c.output?.push(bytes));
      session.onClose((error) => this.ended(deviceId, c, error));
      this.announce(deviceId, c, 'connected');
      return this.status(deviceId);
    } catch (err) {
      const cancelled = c.abort.signal.aborted;
      if (this.consoles.get(deviceId) === c) this.consoles.delete(deviceId);
      c.phase = 'closed';
      this.deps.onStatus({ deviceId, phase: 'closed', ...(cancelled ? {} : { reason: toErrorValue(err) }) });
      if (cancelled) throw new OutbandError('sol.cancelled', 'The console was disconnected before it opened.');
      throw err;
    }
  }

  /** Sends keyboard input to a connected console. */
  write(deviceId: string, text: string): void {
    const session = this.consoles.get(deviceId)?.session;
    if (!session) {
      throw new OutbandError('sol.not-connected', 'This console is not connected; connect it first.');
    }
    session.write(new TextEncoder().encode(text));
  }

  /** Closes a device's console, or gives up opening it; false when it had none. */
  async close(deviceId: string): Promise<boolean> {
    const c = this.consoles.get(deviceId);
    if (!c) return false;
    this.consoles.delete(deviceId);
    c.abort.abort();
    c.output?.flush();
    c.phase = 'closed';
    // An opening console reports its own end from open().
    if (c.session) {
      this.deps.onStatus({ deviceId, phase: 'closed' });
      await c.session.close().catch(() => undefined);
    }
    return true;
  }

  /** Closes every console (app quit). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.consoles.keys()].map((id) => this.close(id)));
  }

  /** Closes the consoles of devices that were removed. */
  async closeDevices(ids: readonly string[]): Promise<void> {
    await Promise.all(ids.map((id) => this.close(id)));
  }

  /** Sends the code a person read on the device's screen; says whether the device took it. */
  answerConsent(deviceId: string, code: string): Promise<ConsentAnswer> {
    const c = this.consoles.get(deviceId);
    if (!c) return Promise.reject(notWaiting());
    return this.consent.answer(c.attempt, deviceId, code);
  }

  /** Gives up waiting for a consent code: the console does not open. */
  cancelConsent(deviceId: string): void {
    const c = this.consoles.get(deviceId);
    if (!c) throw notWaiting();
    this.consent.cancel(c.attempt, deviceId);
  }

  /** The WS-Man part: redirection on (if it is off and the user agreed), then user consent. */
  private async prepare(s: AmtSession, device: Device, c: Console, enable: boolean): Promise<void> {
    const opts = { signal: c.abort.signal };
    const redirection = await getRedirectionStatus(s, opts);
    if (!solReady(redirection)) {
      if (!enable) {
        throw new OutbandError(
          'sol.redirection-off',
          `The console of ${device.name} cannot open: ${describeOff(redirection)}. Turn redirection on from the console (it changes the device's redirection settings), then connect.`,
        );
      }
      this.announce(device.id, c, 'enabling');
      await enableSol(s, opts);
    }
    const { controlMode } = await getProvisioning(s, opts);
    if (!bootNeedsConsent(controlMode, await getOptInStatus(s, opts))) return;
    // The code appears on the host's own screen; a console does not switch a host on unasked.
    if (!isHostOn((await getPowerStatus(s, opts)).powerState.code)) {
      throw new OutbandError(
        'sol.consent-host-off',
        `${device.name} needs user consent for a console (client control mode), but it is off, so it cannot show the code: power it on from the power menu, then connect.`,
      );
    }
    const base = { jobId: c.attempt, deviceId: device.id, name: device.name, address: device.address };
    await obtainConsent(
      s,
      {
        ask: (previous) => {
          this.announce(device.id, c, 'consent');
          return this.consent.ask({ ...base, ...(previous ? { previous } : {}) }, c.abort.signal);
        },
        onResult: (answer) => this.consent.settle(c.attempt, device.id, answer),
      },
      c.abort.signal,
    );
  }

  /** The redirection part: the session on 16994/16995 with the same credential, TLS mode and pin. */
  private async connect(deviceId: string, c: Console): Promise<SolSession> {
    this.announce(deviceId, c, 'connecting');
    // Read again: the WS-Man contact pins a TLS device seen for the first time.
    const device = await this.deps.devices.get(deviceId);
    if (!device.credentialId)
      throw new OutbandError('power.no-credential', 'The device has no credential from the vault.');
    if (device.tlsMode === 'tls' && !device.tlsFingerprint) {
      throw new OutbandError(
        'sol.no-pin',
        `${device.name} has no pinned certificate, so its console is not opened over TLS; read it once (Reconcile now) to pin it.`,
      );
    }
    const cred = await this.deps.resolveCredential(device.credentialId);
    const session = await openSol({
      host: device.address,
      port: await redirectionPortOf(device, (d) => this.deps.redirectionPort?.(d)),
      tls:
        device.tlsMode === 'tls' ? { pin: device.tlsFingerprint, legacyCiphers: device.legacyTls === true } : undefined,
      username: cred.loginName,
      password: cred.password,
      signal: c.abort.signal,
      onWarning: (message) => this.deps.onWarning(deviceId, message),
      // The app never sends a password in clear: allowPlainLogin stays off (redirection.plain-only).
      advice: APP_ADVICE,
    });
    if (c.abort.signal.aborted) {
      await session.close().catch(() => undefined);
      throw new OutbandError('sol.cancelled', 'The console was disconnected before it opened.');
    }
    return session;
  }

  private announce(deviceId: string, c: Console, phase: SolPhase): void {
    if (c.abort.signal.aborted) return;
    c.phase = phase;
    this.deps.onStatus(this.status(deviceId));
  }

  /** The session ended by itself (device closed it, network, power): say why. */
  private ended(deviceId: string, c: Console, error?: OutbandError): void {
    c.output?.flush();
    if (this.consoles.get(deviceId) !== c) return;
    this.consoles.delete(deviceId);
    c.phase = 'closed';
    const reason = error
      ? toErrorValue(error)
      : { code: 'sol.closed-by-device', message: 'The device ended the console session.' };
    this.deps.onStatus({ deviceId, phase: 'closed', reason });
  }
}

function notWaiting(): OutbandError {
  return new OutbandError('sol.consent-not-waiting', 'This console is not waiting for a consent code.');
}
