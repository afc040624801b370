/**
 * Adopting a device configured by hand in MEBx (provisioning.md §8): read its state with its
 * credential, synchronise the clock, optionally turn TLS on with a zone-CA certificate (then
 * reconnect over TLS with that certificate pinned), and optionally rotate the admin password into
 * a new vault credential. Unprovisioning a managed device is here too.
 */
import { isIP } from 'node:net';
import { OutbandError } from '../../shared/errors';
import type { Device } from '../../shared/domain/device';
import { normalizeFingerprint } from '../../shared/domain/fingerprint';
import { getGeneralSettings, getProvisioning, getUuid } from '../amt/info';
import {
  addCertificate,
  commitChanges,
  createTlsCredentialContext,
  enableRemoteTls,
  generateKeyPair,
  setAdminPassword,
  synchroniseClock,
  unprovision,
} from '../amt/provisioning';
import { openAmtSession, type AmtSession, type AmtSessionOptions } from '../amt/session';
import { runStep, type LeftState, type StepReporter } from './steps';

/** How to reach a managed device with its own credential and pin. */
export interface DeviceAccess {
  resolveCredential(id: string): Promise<{ loginName: string; password: string }>;
  /** The zone's plain-HTTP policy; a plain device is not contacted when it is off. */
  plainHttpAllowed(): Promise<boolean>;
  requestTimeoutMs?: number;
  openSession?(opts: AmtSessionOptions): AmtSession;
}

/** What to do to a device being adopted. */
export interface AdoptOptions {
  tls: boolean;
  /** Where the device serves TLS after it is on (default 16993). */
  tlsPort?: number;
  /** Makes the new credential (password in the keychain first) when the password is to be rotated. */
  newCredential?: () => Promise<{ id: string; loginName: string; password: string }>;
}

/** What adopting needs from the app. */
export interface AdoptContext extends DeviceAccess {
  issueCertificate(
    publicKeyDer: Buffer,
    names: { commonName: string; dnsNames: string[]; ipAddresses: string[] },
  ): Promise<{ der: Buffer; fingerprint: string }>;
  /** Removes a credential made for a rotation that did not happen. */
  discardCredential?(id: string): Promise<void>;
  /** Records the device's new transport, pin, credential and firmware state. */
  record(change: {
    tlsMode: 'tls' | 'plain';
    port?: number;
    pin?: string;
    credentialId?: string;
    firmware: { uuid?: string; provisioningState?: 'pre' | 'in' | 'post'; controlMode?: 'none' | 'client' | 'admin' };
  }): Promise<void>;
  report: StepReporter;
}

/** A session to a device as it is stored now (its transport, port, pin and credential). */
export async function openDevice(device: Device, access: DeviceAccess, override: Partial<AmtSessionOptions> = {}) {
  if (!device.credentialId) {
    throw new OutbandError('power.no-credential', `${device.name} has no credential from the vault.`);
  }
  if (
    device.tlsMode === 'plain' &&
    override.tls !== true &&
    device.allowPlainHttp !== true &&
    !(await access.plainHttpAllowed())
  ) {
    throw new OutbandError(
      'device.plain-not-allowed',
      `Plain HTTP is turned off for this zone, so ${device.name} was not contacted; allow it in the zone settings to adopt it.`,
    );
  }
  const cred = await access.resolveCredential(device.credentialId);
  return (access.openSession ?? openAmtSession)({
    host: device.address,
    port: device.port,
    tls: device.tlsMode === 'tls',
    pin: device.tlsFingerprint,
    legacyCiphers: device.legacyTls === true,
    user: cred.loginName,
    password: cred.password,
    requestTimeoutMs: access.requestTimeoutMs,
    ...override,
  });
}

/** Adopts one device; failures name their step and what the device was left as. */
export async function adoptDevice(device: Device, options: AdoptOptions, ctx: AdoptContext): Promise<string> {
  const { report } = ctx;
  let left: LeftState = 'unchanged';
  const state = () => left;
  let session = await openDevice(device, ctx);
  const done: string[] = [];
  try {
    const read = await runStep(report, 'read-settings', state, async () => {
      const { provisioningState, controlMode } = await getProvisioning(session);
      if (provisioningState !== 'post') {
        throw new OutbandError(
          'provision.not-provisioned',
          `${device.name} is not provisioned (state ${provisioningState ?? 'unknown'}): provision it instead.`,
        );
      }
      const general = await getGeneralSettings(session);
      const uuid = await getUuid(session).catch(() => undefined);
      return { controlMode, realm: general.digestRealm, uuid };
    });
    await runStep(report, 'clock', state, () => synchroniseClock(session));
    let tlsMode = device.tlsMode;
    let port = device.port;
    let pin = device.tlsFingerprint;
    if (options.tls && device.tlsMode === 'tls') report('enable-tls', 'skipped', 'TLS is on already.');
    if (options.tls && device.tlsMode !== 'tls') {
      const pair = await runStep(report, 'key-pair', state, () => generateKeyPair(session));
      const issued = await runStep(report, 'issue-certificate', state, () =>
        ctx.issueCertificate(pair.publicKeyDer, {
          commonName: device.name.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64) || device.address,
          dnsNames: isIP(device.address) ? [] : [device.address],
          ipAddresses: isIP(device.address) === 4 ? [device.address] : [],
        }),
      );
      const certId = await runStep(report, 'add-certificate', state, () => addCertificate(session, issued.der));
      left = 'tls-pending';
      await runStep(report, 'tls-context', state, () => createTlsCredentialContext(session, certId));
      await runStep(report, 'enable-tls', state, () => enableRemoteTls(session));
      await runStep(report, 'commit', state, () => commitChanges(session));
      left = 'committed';
      tlsMode = 'tls';
      port = options.tlsPort ?? 16993;
      pin = normalizeFingerprint(issued.fingerprint) ?? issued.fingerprint;
      const adopted = { ...device, tlsMode, port, tlsFingerprint: pin };
      await session.close().catch(() => undefined);
      session = await runStep(report, 'reconnect', state, async () => {
        const next = await openDevice(adopted, ctx);
        await getProvisioning(next);
        return next;
      });
      await runStep(report, 'save-device', state, () =>
        ctx.record({ tlsMode, port, pin, firmware: { uuid: read.uuid, provisioningState: 'post' } }),
      );
      done.push('TLS on, certificate pinned');
    }
    if (options.newCredential) {
      const makeNew = options.newCredential;
      await runStep(report, 'rotate-password', state, async () => {
        // The digest that SetAdminAclEntryEx carries is enough to log in: it never crosses plain HTTP.
        if (tlsMode !== 'tls') {
          throw new OutbandError(
            'provision.rotate-needs-tls',
            'The admin password is rotated only over TLS; turn TLS on in the same run (Adopt with TLS).',
          );
        }
        if (!read.realm) throw new OutbandError('amt.bad-reply', 'The device sent no digest realm.');
        const fresh = await makeNew();
        try {
          await setAdminPassword(session, fresh.loginName, read.realm, fresh.password);
        } catch (err) {
          await ctx.discardCredential?.(fresh.id);
          throw err;
        }
        // The device has the new password now: the record follows at once, whatever happens next.
        left = 'committed';
        await ctx.record({ tlsMode, port, pin, credentialId: fresh.id, firmware: {} });
        await session.close().catch(() => undefined);
        session = await openDevice({ ...device, tlsMode, port, tlsFingerprint: pin, credentialId: fresh.id }, ctx);
        await getProvisioning(session);
      });
      done.push('admin password rotated into a new credential');
    }
    await runStep(report, 'record', state, () =>
      ctx.record({
        tlsMode,
        port,
        pin,
        firmware: { uuid: read.uuid, provisioningState: 'post', controlMode: read.controlMode },
      }),
    );
    return done.length > 0 ? `Adopted: ${done.join('; ')}.` : 'Adopted: state read and clock synchronised.';
  } finally {
    await session.close().catch(() => undefined);
  }
}

/** Unprovisions one managed device back to factory settings. */
export async function unprovisionDevice(
  device: Device,
  access: DeviceAccess,
  report: StepReporter,
): Promise<'full' | 'partial'> {
  const session = await openDevice(device, access);
  try {
    return await runStep(
      report,
      'unprovision',
      () => 'unchanged',
      () => unprovision(session),
    );
  } finally {
    await session.close().catch(() => undefined);
  }
}
