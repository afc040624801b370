import { OutbandError } from '../../shared/errors';
import { openAmtSession, type AmtSession, type AmtSessionOptions } from '../amt';
import type { DeviceService } from '../vault/device-service';
import type { SessionPool } from './session-pool';

/** The part of a device needed to reach it: a domain Device fits, and so does a scheduler target. */
export interface ReachableDevice {
  id: string;
  name?: string;
  address: string;
  tlsMode: 'tls' | 'plain';
  port?: number;
  tlsFingerprint?: string;
  /** The old TLS cipher suites of AMT 11/12, only for a device that was set to allow them. */
  legacyTls?: boolean;
  /** Plain HTTP chosen for this device alone, where the zone keeps to TLS. */
  allowPlainHttp?: true;
  credentialId?: string;
  /** What was remembered of the device; `firmware.realm` holds it to its digest realm. */
  firmware?: { realm?: string };
}

/**
 * What a device session needs from its host; interactive power and scheduled runs use the same
 * one. Pinning and the plain-HTTP policy are required, so no caller can leave them out.
 */
export interface DeviceSessionDeps {
  /** Login name and password of a vault credential (main process only; never logged). */
  resolveCredential(credentialId: string): Promise<{ loginName: string; password: string }>;
  /**
   * Stores the fingerprint seen on the first TLS contact with a device that had no pin, only if it
   * still has none; throws `wsman.tls-pin-mismatch` when another pin was stored meanwhile.
   */
  pinIfUnset(deviceId: string, fingerprint: string): Promise<unknown>;
  /** The zone's plain-HTTP policy, asked as each session opens so a change applies at once. */
  plainHttpAllowed(): Promise<boolean>;
  requestTimeoutMs?: number;
  /** Replaces session creation (tests, the bench). */
  openSession?(opts: AmtSessionOptions): AmtSession;
  /** Keeps sessions warm across calls (the main process); without it every call opens and closes one. */
  pool?: SessionPool;
  /**
   * Remembers the digest realm seen on a device that had none (its identity from then on). The
   * power service batches these into one store write per job.
   */
  rememberRealm?(deviceId: string, realm: string): void | Promise<unknown>;
}

/** The session deps of a host with a data folder: pins and zone policy through the DeviceService. */
export function deviceSessionDeps(
  devices: DeviceService,
  rest: Pick<DeviceSessionDeps, 'resolveCredential' | 'requestTimeoutMs' | 'openSession' | 'pool' | 'rememberRealm'>,
): DeviceSessionDeps {
  return {
    resolveCredential: rest.resolveCredential,
    requestTimeoutMs: rest.requestTimeoutMs,
    openSession: rest.openSession,
    pool: rest.pool,
    pinIfUnset: (id, fingerprint) => devices.pinIfUnset(id, fingerprint),
    plainHttpAllowed: () => devices.plainHttpAllowed(),
    rememberRealm:
      rest.rememberRealm ??
      ((id, realm) =>
        devices.recordFirmware(id, { realm }).catch(() => undefined /* removed meanwhile: learnt next time */)),
  };
}

function nameOf(device: ReachableDevice): string {
  return device.name ? `"${device.name}" (${device.address})` : device.address;
}

/**
 * The typed error for a device that answers with another digest realm than the one remembered:
 * re-provisioned, replaced, or something else answering at its address. Accepting the new
 * identity (device page, or `outband device accept-identity`) forgets the old one on purpose.
 */
export function identityChangedError(device: ReachableDevice, previous: string, current: string): OutbandError {
  return new OutbandError(
    'device.identity-changed',
    `${nameOf(device)} answered with digest realm ${current}, but it was known as ${previous}: it may have been re-provisioned or replaced, or another machine answers at its address. It refused the request, so nothing was carried out. If the change is expected, accept the new identity on the device page (or with outband device accept-identity).`,
    { previous, current },
  );
}

/** Turns the client's realm change into the device-level identity error. */
function asIdentityError(device: ReachableDevice, err: unknown): unknown {
  if (!(err instanceof OutbandError) || err.code !== 'wsman.realm-changed') return err;
  const { previous, current } = (err.details ?? {}) as { previous?: string; current?: string };
  return identityChangedError(device, String(previous), String(current));
}

function refusePlain(device: ReachableDevice): OutbandError {
  const which = nameOf(device);
  return new OutbandError(
    'device.plain-not-allowed',
    `Plain HTTP (16992) is turned off for this zone, so ${which} was not contacted: switch the device to TLS, or allow plain HTTP in the zone settings.`,
  );
}

/** Pins what the first TLS contact saw; only a pin mismatch is worth failing the device for. */
async function pinFirstUse(device: ReachableDevice, session: AmtSession, deps: DeviceSessionDeps): Promise<void> {
  const seen = session.tlsFingerprint;
  if (device.tlsMode !== 'tls' || device.tlsFingerprint || !seen) return;
  try {
    await deps.pinIfUnset(device.id, seen);
  } catch (err) {
    if (err instanceof OutbandError && err.code === 'wsman.tls-pin-mismatch') throw err;
    // Any other failed save (the device was removed meanwhile) means the next contact pins again.
  }
}

/**
 * Opens an AMT session to a device with its vault credential, runs `fn`, and closes it. A plain
 * device in a zone that turned plain HTTP off is refused before any credential is sent. TLS
 * devices are checked against their pinned fingerprint (a mismatch fails with both fingerprints);
 * a TLS device without a pin is trusted on first use and its fingerprint pinned if still unset;
 * if another session pinned a different certificate meanwhile, this device fails with a mismatch.
 */
export async function withDeviceSession<R>(
  device: ReachableDevice,
  deps: DeviceSessionDeps,
  fn: (session: AmtSession) => Promise<R>,
): Promise<R> {
  if (device.tlsMode === 'plain' && device.allowPlainHttp !== true && !(await deps.plainHttpAllowed())) {
    throw refusePlain(device);
  }
  if (!device.credentialId) {
    throw new OutbandError('power.no-credential', 'The device has no credential from the vault.');
  }
  const cred = await deps.resolveCredential(device.credentialId);
  const options: AmtSessionOptions = {
    host: device.address,
    port: device.port,
    tls: device.tlsMode === 'tls',
    pin: device.tlsFingerprint,
    legacyCiphers: device.legacyTls === true,
    user: cred.loginName,
    password: cred.password,
    requestTimeoutMs: deps.requestTimeoutMs,
    expectedRealm: device.firmware?.realm,
  };
  const lease = deps.pool
    ? deps.pool.acquire({ ...options, deviceId: device.id })
    : (() => {
        const session = (deps.openSession ?? openAmtSession)(options);
        return { session, release: () => void session.close().catch(() => undefined) };
      })();
  const session = lease.session;
  let failure: unknown;
  try {
    const outcome = await fn(session).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    // Pinned even when `fn` failed after the handshake (a refused password): TLS trust stands alone.
    await pinFirstUse(device, session, deps);
    const realm = session.wsman.realm;
    if (device.firmware?.realm === undefined && realm !== undefined && (outcome.ok || !isAuthError(outcome.error)))
      await deps.rememberRealm?.(device.id, realm);
    if (!outcome.ok) throw asIdentityError(device, outcome.error);
    return outcome.value;
  } catch (err) {
    failure = err;
    throw err;
  } finally {
    lease.release(failure);
  }
}

/** A realm learnt on a refused login is not worth remembering (the password may be for another device). */
function isAuthError(err: unknown): boolean {
  return err instanceof OutbandError && err.code.startsWith('wsman.auth');
}
