// State transitions of activation (provisioning.md §5.3, §6): CommitChanges ends Setup mode in
// admin control mode and applies the TLS settings; Unprovision returns to the factory state.
import { PT_STATUS } from './pt-status';
import { certificateWithKey } from './cert-store';
import { factoryTlsSettings } from './provisioning-state';
import type { DeviceState } from './state';
import { DEFAULT_TRUSTED_ROOT_HASHES } from './trusted-roots';

/** The certificate and private key the TLS listener serves, or null for the shared identity. */
export function servingIdentity(state: DeviceState): { id: string; certPem: string; keyPem: string } | null {
  if (state.tlsServing === null) return null;
  const found = certificateWithKey(state, state.tlsServing);
  if (found === null || found.keyPair === undefined) return null;
  const body = found.certificate.der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return {
    id: found.certificate.instanceId,
    certPem: `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`,
    keyPem: found.keyPair.privateKeyPem,
  };
}

/**
 * Applies the remote TLS setting: with Enabled and a credential context whose certificate has a
 * device key pair, the listener serves that certificate; otherwise the shared identity.
 */
function applyTls(state: DeviceState): void {
  const id = state.tlsContexts[0];
  const usable = id !== undefined && certificateWithKey(state, id)?.keyPair !== undefined;
  state.tlsServing = state.tlsSettings.remote.enabled && usable ? (id ?? null) : null;
}

/**
 * CommitChanges. In Setup mode it needs the admin ACL entry (else 2057 DATA_MISSING); the device
 * then becomes provisioned (2) in admin control mode with the new admin password, and its Hellos
 * stop (the sender watches the state). Provisioned devices apply pending TLS changes. Returns the
 * PT_STATUS.
 */
export function commitChanges(state: DeviceState): number {
  if (state.provisioningState === 0) return PT_STATUS.NOT_PERMITTED;
  if (state.provisioningState === 1) {
    const admin = state.admin.pending;
    if (admin === null) return PT_STATUS.DATA_MISSING;
    state.admin.active = admin;
    state.admin.pending = null;
    state.provisioningState = 2;
    state.controlMode = 2;
  }
  applyTls(state);
  return PT_STATUS.SUCCESS;
}

/**
 * Unprovision: back to pre-provisioning (0) with the factory admin account, the factory MEBx
 * password, TLS off (the shared identity again), only the built-in trusted roots, and an empty
 * certificate store.
 */
export function unprovision(state: DeviceState): void {
  state.provisioningState = 0;
  state.controlMode = 2;
  state.admin.active = { ...state.admin.factory };
  state.admin.pending = null;
  state.mebxPassword = null;
  state.trustedRootHashes = DEFAULT_TRUSTED_ROOT_HASHES.map((h) => ({ ...h }));
  state.keyPairs = [];
  state.certificates = [];
  state.tlsContexts = [];
  state.tlsSettings = factoryTlsSettings();
  state.tlsServing = null;
  state.optIn.required = 0;
  state.optIn.state = 0;
  state.optIn.code = null;
}
