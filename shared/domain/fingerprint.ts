/**
 * SHA-256 certificate fingerprints in one canonical form, "AB:CD:...:EF" (32 upper-case pairs),
 * the same form Node's X509Certificate.fingerprint256 prints, so pins compare as plain strings.
 */
import { OutbandError } from '../errors';

/** The canonical form of a SHA-256 fingerprint typed with or without colons/spaces, or null if it is not one. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text
    .trim()
    .replace(/^sha-?256[:=\s]*/i, '')
    .replace(/[\s:-]/g, '');
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) return null;
  return hex.toUpperCase().match(/../g)!.join(':');
}

/** True when text is already a canonical SHA-256 fingerprint. */
export function isCanonicalFingerprint(text: string): boolean {
  return /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(text);
}

/**
 * The hard error for a certificate that is not the pinned one. Both fingerprints are in the
 * message itself, because only code and message cross IPC and reach the job history.
 */
export function pinMismatchError(where: string, expected: string, observed: string): OutbandError {
  return new OutbandError(
    'wsman.tls-pin-mismatch',
    `The TLS certificate of ${where} changed: expected ${expected}, got ${observed}. Re-pin only if you trust the new certificate.`,
    { expected, observed },
  );
}
