import { OutbandError } from '../../shared/errors';
import { openAmtSession, type AmtSession, type AmtSessionOptions } from '../amt';
import type { DeviceService } from '../vault/device-service';

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
  credentialId?: string;
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
}

/** The session deps of a host with a data folder: pins and zone policy through the DeviceService. */
export function deviceSessionDeps(
  devices: DeviceService,
  rest: Pick<DeviceSessionDeps, 'resolveCredential' | 'requestTimeoutMs' | 'openSession'>,
): DeviceSessionDeps {
  return {
    resolveCredential: rest.resolveCredential,
    requestTimeoutMs: rest.requestTimeoutMs,
    openSession: rest.openSession,
    pinIfUnset: (id, fingerprint) => devices.pinIfUnset(id, fingerprint),
    plainHttpAllowed: () => devices.plainHttpAllowed(),
  };
}

function refusePlain(device: ReachableDevice): OutbandError {
  const which = device.name ? `"${device.name}" (${device.address})` : device.address;
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
  if (device.tlsMode === 'plain' && !(await deps.plainHttpAllowed())) throw refusePlain(device);
  if (!device.credentialId) {
    throw new OutbandError('power.no-credential', 'The device has no credential from the vault.');
  }
  const cred = await deps.resolveCredential(device.credentialId);
  const session = (deps.openSession ?? openAmtSession)({
    host: device.address,
    port: device.port,
    tls: device.tlsMode === 'tls',
    pin: device.tlsFingerprint,
    legacyCiphers: device.legacyTls === true,
    user: cred.loginName,
    password: cred.password,
    requestTimeoutMs: deps.requestTimeoutMs,
  });
  try {
    const outcome = await fn(session).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    // Pinned even when `fn` failed after the handshake (a refused password): TLS trust stands alone.
    await pinFirstUse(device, session, deps);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  } finally {
    await session.close().catch(() => undefined);
  }
}
