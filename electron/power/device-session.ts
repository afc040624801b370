import { OutbandError } from '../../shared/errors';
import { openAmtSession, type AmtSession, type AmtSessionOptions } from '../amt';

/** The part of a device needed to reach it (a domain Device or a scheduler target). */
export interface ReachableDevice {
  id: string;
  name?: string;
  address: string;
  tlsMode: 'tls' | 'plain';
  port?: number;
  tlsFingerprint?: string;
  credentialId?: string;
}

/** What a device session needs from its host: the vault, and where to store a first-seen pin. */
export interface DeviceSessionDeps {
  /** Login name and password of a vault credential (main process only; never logged). */
  resolveCredential(credentialId: string): Promise<{ loginName: string; password: string }>;
  /** Stores the fingerprint seen on the first TLS contact with a device that had no pin. */
  savePin?(deviceId: string, fingerprint: string): Promise<void>;
  requestTimeoutMs?: number;
  /** Replaces session creation (tests, the bench). */
  openSession?(opts: AmtSessionOptions): AmtSession;
}

/**
 * Opens an AMT session to a device with its vault credential, runs `fn`, and closes it. TLS
 * devices are checked against their pinned fingerprint (a mismatch fails the call with both
 * fingerprints); a TLS device without a pin is trusted on first use and its fingerprint saved.
 */
export async function withDeviceSession<R>(
  device: ReachableDevice,
  deps: DeviceSessionDeps,
  fn: (session: AmtSession) => Promise<R>,
): Promise<R> {
  if (!device.credentialId) {
    throw new OutbandError('power.no-credential', 'The device has no credential from the vault.');
  }
  const cred = await deps.resolveCredential(device.credentialId);
  const session = (deps.openSession ?? openAmtSession)({
    host: device.address,
    port: device.port,
    tls: device.tlsMode === 'tls',
    pin: device.tlsFingerprint,
    user: cred.loginName,
    password: cred.password,
    requestTimeoutMs: deps.requestTimeoutMs,
  });
  try {
    return await fn(session);
  } finally {
    // The handshake passed (no pin, so nothing to compare): this is the first use, remember it.
    const seen = session.tlsFingerprint;
    if (device.tlsMode === 'tls' && !device.tlsFingerprint && seen && deps.savePin) {
      // A failed save only means the next contact trusts on first use again; the action's outcome stands.
      await deps.savePin(device.id, seen).catch(() => undefined);
    }
    await session.close().catch(() => undefined);
  }
}
