// The device's trusted-root hash store, as a PKI Hello lists it (provisioning.md §4.2). Real
// firmware ships a few dozen default root hashes; the simulator keeps a short, real subset.

/** Hash algorithms a Hello entry can carry. */
export type RootHashAlgorithm = 'sha1' | 'sha256' | 'sha384';

/** One trusted-root certificate hash: the digest of the root's DER, as lower- or upper-case hex. */
export interface TrustedRootHash {
  alg: RootHashAlgorithm;
  hex: string;
}

/** Hello entry type and byte length per algorithm (1 = SHA-1, 2 = SHA-256, 3 = SHA-384). */
export const ROOT_HASH_FORMAT: Readonly<Record<RootHashAlgorithm, { type: number; length: number }>> = {
  sha1: { type: 1, length: 20 },
  sha256: { type: 2, length: 32 },
  sha384: { type: 3, length: 48 },
};

/**
 * SHA-256 of the DER of well-known public roots of the kind AMT trusts by default. Computed from
 * Debian's ca-certificates; the first one is the first entry of the Hello captured in
 * provisioning.md §4.3 (Go Daddy Class 2).
 */
export const DEFAULT_TRUSTED_ROOT_HASHES: readonly Readonly<TrustedRootHash>[] = [
  { alg: 'sha256', hex: 'c3846bf24b9e93ca64274c0ec67c1ecc5e024ffcacd2d74019350e81fe546ae4' }, // Go Daddy Class 2
  { alg: 'sha256', hex: '45140b3247eb9cc8c5b4f0d7b53091f73292089e6e5a63e2749dd3aca9198eda' }, // Go Daddy Root G2
  { alg: 'sha256', hex: '1465fa205397b876faa6f0a9958e5590e40fcc7faa4fb7c2c8677521fb5fb658' }, // Starfield Class 2
  { alg: 'sha256', hex: '4348a0e9444c78cb265e058d5e8944b4d84f9662bd26db257f8934a443c70161' }, // DigiCert Global Root CA
  { alg: 'sha256', hex: '73c176434f1bc6d5adf45b0e76e727287c8de57616c1e6e6141a2b2cbc7d8e4c' }, // Entrust Root CA
  { alg: 'sha256', hex: 'd7a7a0fb5d7e2731d771e9484ebcdef71d5f0c3e0a2948782bc83ee0ea699ef4' }, // Comodo AAA Services
];

/** True when `hex` is hex of exactly the length the algorithm needs. */
export function isValidRootHash(hash: TrustedRootHash): boolean {
  const format = ROOT_HASH_FORMAT[hash.alg] as { type: number; length: number } | undefined;
  return format !== undefined && hash.hex.length === format.length * 2 && /^[0-9a-fA-F]+$/.test(hash.hex);
}

/** The algorithm a hash of this many hex digits uses (40, 64, 96), or null. */
export function rootHashAlgorithmOf(hex: string): RootHashAlgorithm | null {
  if (!/^[0-9a-fA-F]+$/.test(hex)) return null;
  const byLength: Readonly<Record<number, RootHashAlgorithm>> = { 40: 'sha1', 64: 'sha256', 96: 'sha384' };
  return byLength[hex.length] ?? null;
}
