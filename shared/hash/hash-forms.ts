/**
 * Display forms of a certificate hash. The same bytes appear in several spellings: the seed's
 * `zman irch` output (colon pairs), OpenAMT/RPS tools (lower-case hex), MEBx screens (upper
 * case, typed as groups of four separated by hyphens).
 */

/** Hash algorithms a certificate hash can come from, told apart by their length. */
export type HashAlgorithm = 'md5' | 'sha1' | 'sha256' | 'sha384';

/** Every algorithm in the order tools usually list them. */
export const HASH_ALGORITHMS: readonly HashAlgorithm[] = ['md5', 'sha1', 'sha256', 'sha384'];

/** Digest length in bytes for each algorithm. */
export const HASH_BYTE_LENGTHS: Readonly<Record<HashAlgorithm, number>> = {
  md5: 16,
  sha1: 20,
  sha256: 32,
  sha384: 48,
};

/** The name a person reads for each algorithm. */
export const HASH_ALGORITHM_NAMES: Readonly<Record<HashAlgorithm, string>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
};

/**
 * - `colon`: upper-case pairs separated by colons, `1F:0E:…:77` (seed, OpenSSL, Windows UI);
 * - `hex-lower` / `hex-upper`: contiguous hex;
 * - `mebx`: upper-case groups of four separated by hyphens, `1F0E-1C88-…-1677` (typed in MEBx).
 */
export type HashForm = 'colon' | 'hex-lower' | 'hex-upper' | 'mebx';

/** Every form. */
export const HASH_FORMS: readonly HashForm[] = ['colon', 'hex-lower', 'hex-upper', 'mebx'];

/** One hash spelled in every form. */
export interface HashForms {
  colon: string;
  hexLower: string;
  hexUpper: string;
  mebx: string;
}

/** A hash with its algorithm and every display form. */
export interface DescribedHash extends HashForms {
  algorithm: HashAlgorithm;
  algorithmName: string;
  byteLength: number;
}

/** The algorithm whose digest has this many bytes, or null when none does. */
export function algorithmForByteLength(byteLength: number): HashAlgorithm | null {
  for (const algorithm of HASH_ALGORITHMS) {
    if (HASH_BYTE_LENGTHS[algorithm] === byteLength) return algorithm;
  }
  return null;
}

/** Lower-case contiguous hex of the bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

function groups(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** The bytes spelled in one display form. */
export function formatHash(bytes: Uint8Array, form: HashForm): string {
  const hex = bytesToHex(bytes);
  switch (form) {
    case 'hex-lower':
      return hex;
    case 'hex-upper':
      return hex.toUpperCase();
    case 'colon':
      return groups(hex.toUpperCase(), 2).join(':');
    case 'mebx':
      return groups(hex.toUpperCase(), 4).join('-');
  }
}

/** The MEBx entry form (`1F0E-1C88-…`), the one a technician types into Manage Certificate Hashes. */
export function formatHashForMebx(bytes: Uint8Array): string {
  return formatHash(bytes, 'mebx');
}

/** The bytes spelled in every display form. */
export function allHashForms(bytes: Uint8Array): HashForms {
  return {
    colon: formatHash(bytes, 'colon'),
    hexLower: formatHash(bytes, 'hex-lower'),
    hexUpper: formatHash(bytes, 'hex-upper'),
    mebx: formatHash(bytes, 'mebx'),
  };
}

/** A digest of a known algorithm with every display form; the caller vouches for the algorithm. */
export function describeHash(algorithm: HashAlgorithm, bytes: Uint8Array): DescribedHash {
  return {
    algorithm,
    algorithmName: HASH_ALGORITHM_NAMES[algorithm],
    byteLength: bytes.length,
    ...allHashForms(bytes),
  };
}
