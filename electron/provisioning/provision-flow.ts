/**
 * Provisioning one device in setup mode (provisioning.md §5, "Enterprise mode"): check the
 * certificate against what the device trusts, connect back on 16993 with mutual TLS, set the
 * passwords, the clock and a zone-CA TLS certificate, save the managed device, CommitChanges,
 * then reconnect over TLS with the new credentials and the certificate pinned.
 */
import { isIP } from 'node:net';
import { OutbandError } from '../../shared/errors';
import type { HelloHash } from '../../shared/domain/discovered';
import { normalizeFingerprint } from '../../shared/domain/fingerprint';
import {
  addCertificate,
  commitChanges,
  createTlsCredentialContext,
  enableRemoteTls,
  generateKeyPair,
  setAdminPassword,
  setMebxPassword,
  setNames,
  synchroniseClock,
} from '../amt/provisioning';
import { getFirmwareVersions, getGeneralSettings, getProvisioning, getUuid } from '../amt/info';
import { openAmtSession, type AmtSession } from '../amt/session';
import { checkRootTrusted, type ProvisioningMaterial } from '../certs/provisioning-material';
import { runStep, type LeftState, type StepReporter } from './steps';

/** One device to provision and how. */
export interface ProvisionTarget {
  address: string;
  /** The TLS port of the connect-back (default 16993). */
  port?: number;
  /** The roots the device listed in its Hello, when it sent one; checked before connecting. */
  trustedHashes?: readonly HelloHash[];
  /** The UUID its Hello gave: the device that answers the connect-back must be that one. */
  uuid?: string;
  hostName?: string;
  domainName?: string;
}

/** What the flow needs from the app. */
export interface ProvisionContext {
  material: ProvisioningMaterial;
  /** The vault credential whose password becomes the admin and MEBx password. */
  credential: { id: string; loginName: string; password: string };
  issueCertificate(
    publicKeyDer: Buffer,
    names: { commonName: string; dnsNames: string[]; ipAddresses: string[] },
  ): Promise<{ der: Buffer; fingerprint: string }>;
  /** Saves (adds or updates) the managed device before CommitChanges; returns its id. */
  saveDevice(record: ProvisionedRecord): Promise<{ id: string; created: boolean }>;
  /** Removes a managed device this run created when CommitChanges then failed. */
  discardDevice?(id: string): Promise<void>;
  report: StepReporter;
  requestTimeoutMs?: number;
  /** How long to keep trying to reach the device after CommitChanges (default 30 s). */
  reconnectMs?: number;
  /** Replaces session creation (tests). */
  openSession?: typeof openAmtSession;
}

/** What is known of a provisioned device, for the managed record. */
export interface ProvisionedRecord {
  address: string;
  port: number;
  uuid?: string;
  amtVersion?: string;
  pin: string;
  credentialId: string;
  hostName?: string;
  provisioningState: 'in' | 'post';
  controlMode?: 'admin' | 'client' | 'none';
}

/** The result of one device. */
export interface ProvisionOutcome extends ProvisionedRecord {
  deviceId: string;
}

const SETUP = 16993;

function refusalError(err: unknown, material: ProvisioningMaterial, rootChecked: boolean): OutbandError | null {
  const code = err instanceof OutbandError ? err.code : '';
  if (!/connection-reset|tls-handshake|network-error/.test(code)) return null;
  if (rootChecked) {
    return new OutbandError(
      'provision.dns-suffix-refused',
      `The device closed the connection on the provisioning certificate. Its root, serverAuth and Intel OID were checked here, so the DNS suffix is the likely cause: the certificate's CN "${material.commonName}" must end in the device's PKI DNS suffix (MEBx or setup.bin) or its DHCP domain.`,
    );
  }
  return new OutbandError(
    'provision.device-refused',
    `The device closed the connection on the provisioning certificate: its root may not be among the device's trusted roots, or the CN "${material.commonName}" does not end in the device's DNS suffix.`,
  );
}

async function waitForProvisioned(open: () => AmtSession, ms: number): Promise<{ session: AmtSession; mode: string }> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    const session = open();
    try {
      const { provisioningState, controlMode } = await getProvisioning(session);
      if (provisioningState === 'post') return { session, mode: controlMode };
      last = new OutbandError(
        'provision.not-committed',
        `The device still reports provisioning state ${provisioningState}.`,
      );
    } catch (err) {
      last = err;
    }
    await session.close().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
  }
  throw last ?? new OutbandError('provision.reconnect-failed', 'The device could not be reached after CommitChanges.');
}

/** Provisions one device; every failure names its step and the state the device was left in. */
export async function provisionDevice(target: ProvisionTarget, ctx: ProvisionContext): Promise<ProvisionOutcome> {
  const { material, credential, report } = ctx;
  const port = target.port ?? SETUP;
  let left: LeftState = 'setup-untouched';
  const state = () => left;
  let rootChecked = false;
  if (target.trustedHashes === undefined) {
    report('certificate', 'skipped', 'No Hello from this device: the device itself checks the certificate.');
  } else {
    const hashes = target.trustedHashes;
    rootChecked = await runStep(report, 'certificate', state, async () => {
      checkRootTrusted(material.root, hashes);
      return true;
    });
  }
  const open = ctx.openSession ?? openAmtSession;
  const setup = open({
    host: target.address,
    port,
    tls: true,
    user: credential.loginName,
    // Mutual TLS authenticates the connect-back; digest is used only if the device asks for it.
    password: '',
    clientCertificate: { certPem: material.chainPem, keyPem: material.keyPem },
    requestTimeoutMs: ctx.requestTimeoutMs,
    allowRealmChange: true,
  });
  try {
    await runStep(report, 'connect', state, async () => {
      let provisioning;
      try {
        provisioning = await getProvisioning(setup);
      } catch (err) {
        if (err instanceof OutbandError && err.code === 'wsman.auth-failed') {
          // A device in setup mode takes the certificate as authentication; one that wants a password is configured.
          throw new OutbandError(
            'provision.already-provisioned',
            `${target.address} asked for a password instead of accepting the provisioning certificate: it is already provisioned. Unprovision it first, or manage it with Adopt.`,
          );
        }
        throw refusalError(err, material, rootChecked) ?? err;
      }
      if (provisioning.provisioningState === 'post') {
        throw new OutbandError(
          'provision.already-provisioned',
          `${target.address} is already provisioned (${provisioning.controlMode} control mode): unprovision it first, or manage it with Adopt.`,
        );
      }
    });
    const info = await runStep(report, 'read-settings', state, async () => {
      const general = await getGeneralSettings(setup);
      if (!general.digestRealm) throw new OutbandError('amt.bad-reply', 'The device sent no digest realm.');
      const versions = await getFirmwareVersions(setup);
      const uuid = await getUuid(setup).catch(() => undefined);
      // No password goes to a device other than the one that sent the Hello.
      if (target.uuid !== undefined && uuid !== target.uuid) {
        throw new OutbandError(
          'provision.uuid-mismatch',
          `The device at ${target.address} answers as UUID ${uuid ?? 'unknown'}, but the Hello came from ${target.uuid}; nothing was sent to it.`,
        );
      }
      return { realm: general.digestRealm, amtVersion: versions.amtVersion, uuid };
    });
    left = 'setup-partly-configured';
    await runStep(report, 'mebx-password', state, () => setMebxPassword(setup, credential.password));
    await runStep(report, 'admin-password', state, () =>
      setAdminPassword(setup, credential.loginName, info.realm, credential.password),
    );
    await runStep(report, 'clock', state, () => synchroniseClock(setup));
    const pair = await runStep(report, 'key-pair', state, () => generateKeyPair(setup));
    const names = {
      commonName: target.hostName ?? `IntelAMT-${(info.uuid ?? target.address).replace(/[^0-9a-f]/gi, '').slice(-12)}`,
      dnsNames: [
        ...(target.hostName ? [target.domainName ? `${target.hostName}.${target.domainName}` : target.hostName] : []),
        ...(isIP(target.address) ? [] : [target.address]),
      ],
      ipAddresses: isIP(target.address) === 4 ? [target.address] : [],
    };
    const issued = await runStep(report, 'issue-certificate', state, () =>
      ctx.issueCertificate(pair.publicKeyDer, names),
    );
    const certId = await runStep(report, 'add-certificate', state, () => addCertificate(setup, issued.der));
    await runStep(report, 'tls-context', state, () => createTlsCredentialContext(setup, certId));
    await runStep(report, 'enable-tls', state, () => enableRemoteTls(setup));
    if (target.hostName !== undefined || target.domainName !== undefined) {
      await runStep(report, 'names', state, () =>
        setNames(setup, { hostName: target.hostName, domainName: target.domainName }),
      );
    } else report('names', 'skipped');
    const pin = normalizeFingerprint(issued.fingerprint) ?? issued.fingerprint;
    const record: ProvisionedRecord = {
      address: target.address,
      port,
      uuid: info.uuid,
      amtVersion: info.amtVersion,
      pin,
      credentialId: credential.id,
      hostName: target.hostName,
      provisioningState: 'in',
    };
    // The credential is in the keychain already; the device record (pin, credential) is saved
    // before CommitChanges so a crash after it still leaves a reachable, pinned device.
    const saved = await runStep(report, 'save-device', state, () => ctx.saveDevice(record));
    const deviceId = saved.id;
    try {
      await runStep(report, 'commit', state, () => commitChanges(setup));
    } catch (err) {
      // Not committed: a record made by this run would point at a certificate that never went live.
      if (saved.created) await ctx.discardDevice?.(deviceId).catch(() => undefined);
      throw err;
    }
    left = 'committed';
    const after = await runStep(report, 'reconnect', state, () =>
      waitForProvisioned(
        () =>
          open({
            host: target.address,
            port,
            tls: true,
            pin,
            user: credential.loginName,
            password: credential.password,
            requestTimeoutMs: ctx.requestTimeoutMs,
            allowRealmChange: true,
          }),
        ctx.reconnectMs ?? 30_000,
      ),
    );
    await after.session.close().catch(() => undefined);
    if (after.mode !== 'admin') {
      throw new OutbandError(
        'provision.not-admin',
        `${target.address} is provisioned but reports ${after.mode} control mode instead of admin control mode. The device is committed; check it with Refresh status.`,
      );
    }
    const done: ProvisionedRecord = {
      ...record,
      provisioningState: 'post',
      controlMode: after.mode === 'admin' || after.mode === 'client' || after.mode === 'none' ? after.mode : undefined,
    };
    await runStep(report, 'record', state, () => ctx.saveDevice(done));
    return { ...done, deviceId };
  } finally {
    await setup.close().catch(() => undefined);
  }
}
