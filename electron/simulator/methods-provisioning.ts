// Methods of activation and TLS set-up (provisioning.md §5.3): MEBx password, admin ACL entry,
// clock, key pairs and certificates, CommitChanges and Unprovision. A parameter that is missing or
// not of its type is a fault, as for a bad Put; a refusal is a non-zero PT_STATUS ReturnValue.
import { EXTENDED } from './audit-log';
import { addCertificate, generateKeyPair } from './cert-store';
import { INVALID_REPRESENTATION } from './faults';
import { audit } from './history';
import type { MethodContext, MethodHandler, MethodResult } from './methods';
import { resourceUriOf } from './namespaces';
import { commitChanges, unprovision } from './provisioning';
import { PT_STATUS } from './pt-status';
import { childOf, textOf, type XmlNode } from './request';
import { epr } from './xml-writer';

const rv = (value: number): MethodResult => ({ outputs: [['ReturnValue', value]] });
const badInput: MethodResult = { fault: INVALID_REPRESENTATION };

/** The text of parameter `name`, or null when the input does not have it. */
function param(input: XmlNode | null, name: string): string | null {
  const node = childOf(input ?? undefined, name);
  return node === undefined ? null : textOf(node).trim();
}

/** An unsigned integer parameter: a number, 'missing', or 'bad' when it is not one. */
function uintParam(input: XmlNode | null, name: string): number | 'missing' | 'bad' {
  const text = param(input, name);
  if (text === null) return 'missing';
  return /^\d{1,10}$/.test(text) ? Number(text) : 'bad';
}

/** Strict base64 (whitespace allowed between groups); null when it is not base64. */
function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}

const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const FORBIDDEN = ` "',<>:&`;

/** The MEBx password rules: 8–32 printable ASCII characters with upper, lower, digit and symbol. */
export function meetsMebxRules(password: string): boolean {
  const codes = [...password].map((ch) => ch.codePointAt(0) ?? 0);
  if (codes.length < 8 || codes.length > 32) return false;
  if (codes.some((c) => c < 33 || c > 126 || FORBIDDEN.includes(String.fromCharCode(c)))) return false;
  // Underscore counts as a letter, not a symbol.
  const symbol = codes.some((c) => !isUpper(c) && !isLower(c) && !isDigit(c) && c !== 0x5f);
  return codes.some(isUpper) && codes.some(isLower) && codes.some(isDigit) && symbol;
}

const setMebxPassword: MethodHandler = (ctx, input) => {
  const password = param(input, 'Password');
  if (password === null) return badInput;
  const s = ctx.state;
  // The MEBx policy the simulator models is "during setup and configuration, and in ACM".
  if (s.provisioningState === 0 || (s.provisioningState === 2 && s.controlMode !== 2)) {
    return rv(PT_STATUS.NOT_PERMITTED);
  }
  if (!meetsMebxRules(password)) return rv(PT_STATUS.INVALID_PASSWORD);
  s.mebxPassword = password;
  return rv(PT_STATUS.SUCCESS);
};

const setAdminAclEntryEx: MethodHandler = (ctx, input) => {
  const user = param(input, 'Username');
  const digest = param(input, 'DigestPassword');
  if (user === null || digest === null) return badInput;
  const s = ctx.state;
  if (s.provisioningState === 0) return rv(PT_STATUS.NOT_PERMITTED);
  // DigestPassword is base64 of the raw 16-byte MD5("user:realm:password") (wsman-amt.md §4.2).
  const ha1 = decodeBase64(digest);
  if (!/^[\x21-\x39\x3b-\x7e]{1,16}$/.test(user) || ha1 === null || ha1.length !== 16) {
    return rv(PT_STATUS.INVALID_PARAMETER);
  }
  const credential = { user, ha1: ha1.toString('hex') };
  // Audited as ACL Entry Modified: the password (0x02), and the user name (0x01) if it changed.
  const changed = user === s.admin.active.user ? 0x02 : 0x03;
  // In Setup mode the new account waits for CommitChanges; afterwards it applies at once.
  if (s.provisioningState === 1) s.admin.pending = credential;
  else s.admin.active = credential;
  audit(s, 'aclEntryModified', ctx.requester, ctx.now, EXTENDED.aclEntryModified(changed, user));
  return rv(PT_STATUS.SUCCESS);
};

/** The device clock in whole seconds: the host clock plus the device's offset. */
function deviceSeconds(ctx: MethodContext): number {
  return Math.floor(ctx.now / 1000) + ctx.state.clockOffsetS;
}

const getLowAccuracyTimeSynch: MethodHandler = (ctx) => ({
  outputs: [
    ['Ta0', deviceSeconds(ctx)],
    ['ReturnValue', PT_STATUS.SUCCESS],
  ],
});

const setHighAccuracyTimeSynch: MethodHandler = (ctx, input) => {
  const [ta0, tm1, tm2] = ['Ta0', 'Tm1', 'Tm2'].map((n) => uintParam(input, n));
  if (typeof ta0 !== 'number' || typeof tm1 !== 'number' || typeof tm2 !== 'number') return badInput;
  if (tm2 < tm1 || ta0 > deviceSeconds(ctx)) return rv(PT_STATUS.INVALID_PARAMETER);
  // The console's clock read Tm1 when the device's read Ta0: shift the device clock by the gap.
  ctx.state.clockOffsetS += tm1 - ta0;
  audit(ctx.state, 'timeSet', ctx.requester, ctx.now, EXTENDED.timeSet(deviceSeconds(ctx)));
  return rv(PT_STATUS.SUCCESS);
};

const generateKeyPairMethod: MethodHandler = (ctx, input) => {
  const algorithm = uintParam(input, 'KeyAlgorithm');
  const length = uintParam(input, 'KeyLength');
  if (typeof algorithm !== 'number' || typeof length !== 'number') return badInput;
  const made = generateKeyPair(ctx.state, algorithm, length);
  if (typeof made === 'number') return rv(made);
  return {
    outputs: [
      ['KeyPair', epr(resourceUriOf('AMT_PublicPrivateKeyPair'), [['InstanceID', made]])],
      ['ReturnValue', PT_STATUS.SUCCESS],
    ],
  };
};

function addCertificateMethod(trustedRoot: boolean): MethodHandler {
  return (ctx, input) => {
    const blob = param(input, 'CertificateBlob');
    if (blob === null) return badInput;
    const der = decodeBase64(blob);
    const added = der === null ? PT_STATUS.INVALID_CERT : addCertificate(ctx.state, der, trustedRoot);
    if (typeof added === 'number') return rv(added);
    return {
      outputs: [
        ['CreatedCertificate', epr(resourceUriOf('AMT_PublicKeyCertificate'), [['InstanceID', added]])],
        ['ReturnValue', PT_STATUS.SUCCESS],
      ],
    };
  };
}

/** TLS State Changed's value of one setting: 0 off, 1 server authentication, 2 mutual. */
const tlsAuth = (t: { enabled: boolean; mutualAuthentication: boolean }): number =>
  t.enabled ? (t.mutualAuthentication ? 2 : 1) : 0;

const commitChangesMethod: MethodHandler = (ctx) => {
  const s = ctx.state;
  const wasSetup = s.provisioningState === 1;
  const served = s.tlsServing;
  const result = commitChanges(s);
  if (result !== PT_STATUS.SUCCESS) return rv(result);
  // Setup mode ends in Provisioning Completed (2, remote configuration).
  if (wasSetup) audit(s, 'provisioningCompleted', ctx.requester, ctx.now, EXTENDED.provisioningCompleted(2, [], ''));
  // A commit that changes what the TLS listener serves is a TLS State Changed.
  if (s.tlsServing !== served) {
    const { remote, local } = s.tlsSettings;
    audit(s, 'tlsStateChanged', ctx.requester, ctx.now, EXTENDED.tlsState(tlsAuth(remote), tlsAuth(local)));
  }
  return rv(result);
};

const unprovisionMethod: MethodHandler = (ctx, input) => {
  const mode = uintParam(input, 'ProvisioningMode');
  if (mode === 'bad') return badInput;
  // 0 = the current mode, 1 = enterprise (ACM); from AMT 6.0 nothing else is effective.
  if (mode !== 'missing' && mode !== 0 && mode !== 1) return rv(PT_STATUS.INVALID_PARAMETER);
  if (ctx.state.provisioningState === 0) return rv(PT_STATUS.NOT_PERMITTED);
  if (ctx.state.fullUnprovisionBlocked === true) return rv(PT_STATUS.BLOCKING_COMPONENT);
  const state = ctx.state;
  // Remote WS-MAN (4) started it; the audit log survives the unprovisioning (AMT 8.0 and later).
  audit(state, 'unprovisioningStarted', ctx.requester, ctx.now, EXTENDED.unprovisioning(4));
  // The reply goes out first; then the device forgets its configuration.
  return { outputs: [['ReturnValue', PT_STATUS.SUCCESS]], after: () => unprovision(state) };
};

/**
 * PartialUnprovision: admin control mode only (as RPC allows it); back to pre-provisioning like a
 * full unprovision, which is what matters to a console (the legacy PID/PPS it kept are gone since
 * AMT 11). Inferred, not captured.
 */
const partialUnprovisionMethod: MethodHandler = (ctx) => {
  const state = ctx.state;
  if (state.provisioningState === 0 || state.controlMode !== 2) return rv(PT_STATUS.NOT_PERMITTED);
  audit(state, 'unprovisioningStarted', ctx.requester, ctx.now, EXTENDED.unprovisioning(4));
  return { outputs: [['ReturnValue', PT_STATUS.SUCCESS]], after: () => unprovision(state) };
};

/** The activation and TLS methods, by Class.Method. */
export const PROVISIONING_METHODS: Readonly<Record<string, MethodHandler>> = {
  'AMT_SetupAndConfigurationService.SetMEBxPassword': setMebxPassword,
  'AMT_SetupAndConfigurationService.CommitChanges': commitChangesMethod,
  'AMT_SetupAndConfigurationService.Unprovision': unprovisionMethod,
  'AMT_SetupAndConfigurationService.PartialUnprovision': partialUnprovisionMethod,
  'AMT_AuthorizationService.SetAdminAclEntryEx': setAdminAclEntryEx,
  'AMT_TimeSynchronizationService.GetLowAccuracyTimeSynch': getLowAccuracyTimeSynch,
  'AMT_TimeSynchronizationService.SetHighAccuracyTimeSynch': setHighAccuracyTimeSynch,
  'AMT_PublicKeyManagementService.GenerateKeyPair': generateKeyPairMethod,
  'AMT_PublicKeyManagementService.AddCertificate': addCertificateMethod(false),
  'AMT_PublicKeyManagementService.AddTrustedRootCertificate': addCertificateMethod(true),
};
