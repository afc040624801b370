/**
 * The WS-Man calls that configure a device (provisioning.md §5.3, wsman-amt.md §4): MEBx and admin
 * passwords, the clock, a device key pair and its TLS certificate, TLS on, CommitChanges, and
 * Unprovision. Each checks its ReturnValue and fails with a typed error naming the call.
 */
import { createHash } from 'node:crypto';
import { OutbandError } from '../../shared/errors';
import {
  boolProp,
  eprProp,
  escapeForLibrary,
  expectMethodSuccess,
  itemsOfClass,
  readInstance,
  textPropertiesOf,
  textProp,
  buildEnvelope,
  resourceUriFor,
  type CallOptions,
  type WsmanObject,
} from '../wsman';
import { escapeXml } from '../wsman/xml';
import type { AmtSession } from './session';

/** base64 of MD5("user:realm:password"), the DigestPassword of SetAdminAclEntryEx (wsman-amt.md §4.2). */
export function adminDigestPassword(user: string, realm: string, password: string): string {
  return createHash('md5').update(`${user}:${realm}:${password}`, 'utf8').digest('base64');
}

/** Sets the MEBx password (AMT_SetupAndConfigurationService.SetMEBxPassword). */
export async function setMebxPassword(s: AmtSession, password: string, opts?: CallOptions): Promise<void> {
  const resp = await s.wsman.send(s.amt.SetupAndConfigurationService.SetMEBXPassword(escapeXml(password)), opts);
  expectMethodSuccess(resp, 'AMT_SetupAndConfigurationService', 'SetMEBxPassword');
}

/** Sets the admin account's password (AMT_AuthorizationService.SetAdminAclEntryEx). */
export async function setAdminPassword(
  s: AmtSession,
  user: string,
  realm: string,
  password: string,
  opts?: CallOptions,
): Promise<void> {
  const digest = adminDigestPassword(user, realm, password);
  const resp = await s.wsman.send(s.amt.AuthorizationService.SetAdminACLEntryEx(escapeXml(user), digest), opts);
  expectMethodSuccess(resp, 'AMT_AuthorizationService', 'SetAdminAclEntryEx');
}

/** Sets the device clock to this computer's (Get then SetHighAccuracyTimeSynch); returns the offset it had, in s. */
export async function synchroniseClock(s: AmtSession, opts?: CallOptions): Promise<number> {
  const got = await s.wsman.send(s.amt.TimeSynchronizationService.GetLowAccuracyTimeSynch(), opts);
  const { output } = expectMethodSuccess(got, 'AMT_TimeSynchronizationService', 'GetLowAccuracyTimeSynch');
  const ta0 = Number(textProp(output, 'Ta0'));
  if (!Number.isFinite(ta0)) throw new OutbandError('amt.bad-reply', `${s.host} sent no device time (Ta0).`);
  const now = Math.floor(Date.now() / 1000);
  const set = await s.wsman.send(s.amt.TimeSynchronizationService.SetHighAccuracyTimeSynch(ta0, now, now), opts);
  expectMethodSuccess(set, 'AMT_TimeSynchronizationService', 'SetHighAccuracyTimeSynch');
  return ta0 - now;
}

/** A key pair the device generated: its InstanceID and public key (DER as the device gives it). */
export interface DeviceKeyPair {
  instanceId: string;
  publicKeyDer: Buffer;
}

async function enumerateClass(s: AmtSession, className: string, opts?: CallOptions): Promise<WsmanObject[]> {
  const library = {
    AMT_PublicPrivateKeyPair: s.amt.PublicPrivateKeyPair,
    AMT_PublicKeyCertificate: s.amt.PublicKeyCertificate,
    AMT_TLSSettingData: s.amt.TLSSettingData,
    AMT_TLSCredentialContext: s.amt.TLSCredentialContext,
  }[className];
  if (library === undefined) throw new OutbandError('internal', `No enumeration for ${className}.`);
  const items = await s.wsman.enumerate(library.Enumerate(), (ctx) => library.Pull(ctx), opts);
  return itemsOfClass(items, className);
}

/** Has the device generate an RSA-2048 key pair and returns its public key. */
export async function generateKeyPair(s: AmtSession, opts?: CallOptions): Promise<DeviceKeyPair> {
  const resp = await s.wsman.send(
    s.amt.PublicKeyManagementService.GenerateKeyPair({ KeyAlgorithm: 0, KeyLength: 2048 }),
    opts,
  );
  const { output } = expectMethodSuccess(resp, 'AMT_PublicKeyManagementService', 'GenerateKeyPair');
  const ref = eprProp(output, 'KeyPair');
  const instanceId = ref?.selectors.InstanceID;
  if (typeof instanceId !== 'string') {
    throw new OutbandError('amt.bad-reply', `${s.host} generated a key pair but did not say which.`);
  }
  const pair = (await enumerateClass(s, 'AMT_PublicPrivateKeyPair', opts)).find(
    (p) => textProp(p, 'InstanceID') === instanceId,
  );
  const der = pair ? textProp(pair, 'DERKey') : undefined;
  if (der === undefined) throw new OutbandError('amt.bad-reply', `${s.host} does not list the key pair it generated.`);
  return { instanceId, publicKeyDer: Buffer.from(der, 'base64') };
}

/** Adds a certificate (DER) to the device's store; returns its AMT_PublicKeyCertificate InstanceID. */
export async function addCertificate(s: AmtSession, der: Buffer, opts?: CallOptions): Promise<string> {
  const resp = await s.wsman.send(
    s.amt.PublicKeyManagementService.AddCertificate({ CertificateBlob: der.toString('base64') }),
    opts,
  );
  const { output } = expectMethodSuccess(resp, 'AMT_PublicKeyManagementService', 'AddCertificate');
  const id = eprProp(output, 'CreatedCertificate')?.selectors.InstanceID;
  if (typeof id !== 'string')
    throw new OutbandError('amt.bad-reply', `${s.host} added the certificate but did not say which.`);
  return id;
}

/** Makes a certificate the device's TLS certificate (AMT_TLSCredentialContext Create). */
export async function createTlsCredentialContext(
  s: AmtSession,
  certInstanceId: string,
  opts?: CallOptions,
): Promise<void> {
  await s.wsman.send(s.amt.TLSCredentialContext.Create(escapeXml(certInstanceId)), opts);
}

const REMOTE_TLS = 'Intel(r) AMT 802.3 TLS Settings';

/** Turns TLS on for the network interface (the remote AMT_TLSSettingData), plain HTTP still accepted. */
export async function enableRemoteTls(s: AmtSession, opts?: CallOptions): Promise<void> {
  const all = await enumerateClass(s, 'AMT_TLSSettingData', opts);
  const remote = all.find((i) => textProp(i, 'ElementName') === REMOTE_TLS || textProp(i, 'InstanceID') === REMOTE_TLS);
  if (remote === undefined) throw new OutbandError('amt.bad-reply', `${s.host} has no network TLS settings.`);
  const data = {
    ...textPropertiesOf(remote),
    Enabled: 'true',
    MutualAuthentication: 'false',
    AcceptNonSecureConnections: 'true',
  };
  const resp = await s.wsman.send(
    s.amt.TLSSettingData.Put(escapeForLibrary(data) as unknown as Parameters<typeof s.amt.TLSSettingData.Put>[0]),
    opts,
  );
  const after = readInstance(resp, 'AMT_TLSSettingData');
  if (boolProp(after, 'Enabled') === false) {
    throw new OutbandError('amt.tls-not-enabled', `${s.host} did not turn TLS on.`);
  }
}

/** Sets host and domain name (AMT_GeneralSettings Put), keeping every other setting. */
export async function setNames(
  s: AmtSession,
  names: { hostName?: string; domainName?: string },
  opts?: CallOptions,
): Promise<void> {
  const current = readInstance(await s.wsman.send(s.amt.GeneralSettings.Get(), opts), 'AMT_GeneralSettings');
  const data: Record<string, string | string[]> = { ...textPropertiesOf(current) };
  if (names.hostName !== undefined) data.HostName = names.hostName;
  if (names.domainName !== undefined) data.DomainName = names.domainName;
  const resp = await s.wsman.send(
    s.amt.GeneralSettings.Put(escapeForLibrary(data) as unknown as Parameters<typeof s.amt.GeneralSettings.Put>[0]),
    opts,
  );
  readInstance(resp, 'AMT_GeneralSettings');
}

/** Applies what was configured (AMT_SetupAndConfigurationService.CommitChanges). */
export async function commitChanges(s: AmtSession, opts?: CallOptions): Promise<void> {
  const resp = await s.wsman.send(s.amt.SetupAndConfigurationService.CommitChanges(), opts);
  expectMethodSuccess(resp, 'AMT_SetupAndConfigurationService', 'CommitChanges');
}

const SETUP_SERVICE = 'AMT_SetupAndConfigurationService';

/**
 * Unprovisions back to factory settings: a full Unprovision (ProvisioningMode 1, as RPS and RPC
 * send), and where the firmware refuses that because a component blocks it (2076), a
 * PartialUnprovision. Answers which one was done.
 */
export async function unprovision(s: AmtSession, opts?: CallOptions): Promise<'full' | 'partial'> {
  const resp = await s.wsman.send(s.amt.SetupAndConfigurationService.Unprovision(1), opts);
  try {
    expectMethodSuccess(resp, SETUP_SERVICE, 'Unprovision');
    return 'full';
  } catch (err) {
    if (!(err instanceof OutbandError) || err.details?.returnValue !== 2076) throw err;
  }
  // wsman-messages has no PartialUnprovision; the envelope is the same method call without input.
  const uri = resourceUriFor(SETUP_SERVICE);
  const body = `<h:PartialUnprovision_INPUT xmlns:h="${uri}"/>`;
  const action = `${uri}/PartialUnprovision`;
  const partial = await s.wsman.send(buildEnvelope(action, SETUP_SERVICE, body), opts);
  expectMethodSuccess(partial, SETUP_SERVICE, 'PartialUnprovision');
  return 'partial';
}
