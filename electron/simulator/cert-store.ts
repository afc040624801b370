// The device's certificate store: key pairs it generates (the private key stays inside), the
// certificates added to it, and the TLS credential context that links one of them to the TLS
// endpoint. CommitChanges (provisioning.ts) decides what the TLS listener serves.
import { generateKeyPairSync } from 'node:crypto';
import { PT_STATUS } from './pt-status';
import type { SimCertificate, SimKeyPair } from './provisioning-state';
import type { DeviceState } from './state';
import { readCertificate, rsaPublicKeyDer } from './x509-read';

/** InstanceID of a key pair, before its handle number (as in the GenerateKeyPair capture). */
export const KEY_ID_PREFIX = 'Intel(r) AMT Key: Handle: ';
/** InstanceID of a certificate, before its handle number (as in the AddCertificate capture). */
export const CERT_ID_PREFIX = 'Intel(r) AMT Certificate: Handle: ';
/** Firmware stores are small; these bounds are the simulator's. */
const MAX_KEY_PAIRS = 16;
const MAX_CERTIFICATES = 32;

/** GenerateKeyPair: RSA (KeyAlgorithm 0) of 2048 bits only. Returns the InstanceID or a PT_STATUS. */
export function generateKeyPair(state: DeviceState, algorithm: number, length: number): string | number {
  if (algorithm !== 0 || length !== 2048) return PT_STATUS.UNSUPPORTED;
  if (state.keyPairs.length >= MAX_KEY_PAIRS) return PT_STATUS.MAX_LIMIT_REACHED;
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const instanceId = `${KEY_ID_PREFIX}${state.nextHandle.key}`;
  state.nextHandle.key += 1;
  state.keyPairs.push({
    instanceId,
    publicKeyDer: publicKey.export({ type: 'pkcs1', format: 'der' }),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  return instanceId;
}

/**
 * AddCertificate / AddTrustedRootCertificate: stores a DER certificate and notes the key pair
 * it belongs to. Returns the InstanceID or a PT_STATUS (2063 not a certificate, 2058 duplicate).
 */
export function addCertificate(state: DeviceState, der: Buffer, trustedRoot: boolean): string | number {
  const info = readCertificate(der);
  if (info === null) return PT_STATUS.INVALID_CERT;
  if (state.certificates.some((c) => c.der.equals(der))) return PT_STATUS.DUPLICATE;
  if (state.certificates.length >= MAX_CERTIFICATES) return PT_STATUS.MAX_LIMIT_REACHED;
  const publicKey = rsaPublicKeyDer(info.x509);
  const keyPair = publicKey === null ? undefined : state.keyPairs.find((k) => k.publicKeyDer.equals(publicKey));
  const instanceId = `${CERT_ID_PREFIX}${state.nextHandle.certificate}`;
  state.nextHandle.certificate += 1;
  state.certificates.push({
    instanceId,
    der,
    subject: info.subject,
    issuer: info.issuer,
    trustedRoot,
    keyPairId: keyPair?.instanceId ?? null,
  });
  return instanceId;
}

/** The certificate with this InstanceID and its key pair (undefined when it has none). */
export function certificateWithKey(
  state: DeviceState,
  certificateId: string,
): { certificate: SimCertificate; keyPair: SimKeyPair | undefined } | null {
  const certificate = state.certificates.find((c) => c.instanceId === certificateId);
  if (certificate === undefined) return null;
  return { certificate, keyPair: state.keyPairs.find((k) => k.instanceId === certificate.keyPairId) };
}

/** Why a TLS credential context cannot be created. */
export type ContextRefusal = 'unknown-certificate' | 'no-key-pair' | 'exists';

/** Links a certificate (with a device key pair) to the TLS endpoint collection. */
export function createTlsContext(state: DeviceState, certificateId: string): ContextRefusal | null {
  const found = certificateWithKey(state, certificateId);
  if (found === null) return 'unknown-certificate';
  if (found.keyPair === undefined) return 'no-key-pair';
  // AMT keeps one TLS credential for its endpoints.
  if (state.tlsContexts.length > 0) return 'exists';
  state.tlsContexts.push(certificateId);
  return null;
}

/** Removes a TLS credential context; false when there is none for this certificate. */
export function deleteTlsContext(state: DeviceState, certificateId: string): boolean {
  const before = state.tlsContexts.length;
  state.tlsContexts = state.tlsContexts.filter((id) => id !== certificateId);
  return state.tlsContexts.length !== before;
}

/** Removes a certificate: 'missing', 'in-use' (linked to TLS), or null when it is gone. */
export function deleteCertificate(state: DeviceState, certificateId: string): 'missing' | 'in-use' | null {
  if (!state.certificates.some((c) => c.instanceId === certificateId)) return 'missing';
  if (state.tlsContexts.includes(certificateId) || state.tlsServing === certificateId) return 'in-use';
  state.certificates = state.certificates.filter((c) => c.instanceId !== certificateId);
  return null;
}

/** Removes a key pair: 'missing', 'in-use' (its certificate serves TLS), or null when it is gone. */
export function deleteKeyPair(state: DeviceState, keyPairId: string): 'missing' | 'in-use' | null {
  if (!state.keyPairs.some((k) => k.instanceId === keyPairId)) return 'missing';
  const used = state.certificates.some(
    (c) => c.keyPairId === keyPairId && (state.tlsContexts.includes(c.instanceId) || state.tlsServing === c.instanceId),
  );
  if (used) return 'in-use';
  state.keyPairs = state.keyPairs.filter((k) => k.instanceId !== keyPairId);
  return null;
}
