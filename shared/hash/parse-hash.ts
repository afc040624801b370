import { OutbandError, type ErrorValue } from '../errors';
import {
  HASH_ALGORITHMS,
  HASH_ALGORITHM_NAMES,
  HASH_BYTE_LENGTHS,
  algorithmForByteLength,
  bytesToHex,
  type HashAlgorithm,
} from './hash-forms';

/** A pasted hash, understood: the algorithm its length implies and its bytes. */
export interface ParsedHash {
  algorithm: HashAlgorithm;
  algorithmName: string;
  bytes: Uint8Array;
  /** Lower-case contiguous hex, the normalised form to compare with. */
  hex: string;
}

/** The outcome of tryParseHash: a hash, or the reason the text is not one. */
export type HashParseResult = { ok: true; hash: ParsedHash } | { ok: false; error: ErrorValue };

// An optional label people paste along with the digits: `SHA1 Fingerprint=` (OpenSSL),
// `sha256:` or `SHA-256 ` (tools, notes), then an optional `0x`.
const PREFIX = /^\s*(?:(md5|sha-?1|sha-?256|sha-?384)(?:\s*fingerprint)?\s*[:=]?\s*)?(?:0x)?/i;

const SEPARATORS = new Set([':', '-', ' ', '\t', '\r', '\n']);

function prefixAlgorithm(label: string | undefined): HashAlgorithm | null {
  if (!label) return null;
  const key = label.toLowerCase().replace('-', '');
  return (HASH_ALGORITHMS as readonly string[]).includes(key) ? (key as HashAlgorithm) : null;
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${ch}'`;
}

function lengthsText(): string {
  return HASH_ALGORITHMS.map(
    (a) => `${HASH_ALGORITHM_NAMES[a]} ${HASH_BYTE_LENGTHS[a]} bytes (${HASH_BYTE_LENGTHS[a] * 2} digits)`,
  ).join(', ');
}

function hexDigitsOf(text: string, start: number): string {
  let digits = '';
  // Walk by code point so the reported position matches what a person counts.
  const chars = Array.from(text);
  let position = Array.from(text.slice(0, start)).length;
  for (const ch of chars.slice(position)) {
    position += 1;
    if (/^[0-9a-fA-F]$/.test(ch)) digits += ch.toLowerCase();
    else if (!SEPARATORS.has(ch)) {
      throw new OutbandError(
        'hash.bad-character',
        `Character ${describeChar(ch)} at position ${position} is not a hexadecimal digit (0-9, A-F) ` +
          `or a separator (colon, hyphen, space).`,
        { position },
      );
    }
  }
  return digits;
}

function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/**
 * Reads a hash in any form people paste (colon pairs, MEBx groups, contiguous hex, spaces, any
 * case, optional `0x` or algorithm label) and infers the algorithm from the length.
 * Throws OutbandError `hash.*` saying exactly what is wrong.
 */
export function parseHash(text: string): ParsedHash {
  const prefix = PREFIX.exec(text);
  const labelled = prefixAlgorithm(prefix?.[1]);
  const digits = hexDigitsOf(text, prefix?.[0].length ?? 0);
  if (digits.length === 0) {
    throw new OutbandError('hash.empty', `No hash given: expected hexadecimal digits, ${lengthsText()}.`);
  }
  if (digits.length % 2 !== 0) {
    throw new OutbandError(
      'hash.odd-digits',
      `The hash has ${digits.length} hexadecimal digits, an odd number: every byte is two digits, ` +
        `so a digit is missing or one too many.`,
      { digits: digits.length },
    );
  }
  const byteLength = digits.length / 2;
  const algorithm = algorithmForByteLength(byteLength);
  if (!algorithm) {
    throw new OutbandError(
      'hash.unknown-length',
      `The hash is ${byteLength} bytes (${digits.length} digits), which matches no algorithm: ${lengthsText()}.`,
      { bytes: byteLength },
    );
  }
  if (labelled && labelled !== algorithm) {
    throw new OutbandError(
      'hash.algorithm-mismatch',
      `The hash is labelled ${HASH_ALGORITHM_NAMES[labelled]} (${HASH_BYTE_LENGTHS[labelled]} bytes) ` +
        `but is ${byteLength} bytes long, the length of ${HASH_ALGORITHM_NAMES[algorithm]}.`,
      { labelled, algorithm },
    );
  }
  const bytes = hexToBytes(digits);
  return { algorithm, algorithmName: HASH_ALGORITHM_NAMES[algorithm], bytes, hex: bytesToHex(bytes) };
}

/** parseHash as a result value, for forms that validate as the user types. */
export function tryParseHash(text: string): HashParseResult {
  try {
    return { ok: true, hash: parseHash(text) };
  } catch (err) {
    if (err instanceof OutbandError) return { ok: false, error: { code: err.code, message: err.message } };
    throw err;
  }
}

/** True when two texts spell the same hash, whatever their forms; false if either is not a hash. */
export function sameHash(a: string, b: string): boolean {
  const x = tryParseHash(a);
  const y = tryParseHash(b);
  return x.ok && y.ok && x.hash.hex === y.hash.hex;
}
