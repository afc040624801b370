/**
 * Structured values of setup.bin entries (setup-bin.md §7): encoders and decoders that do not
 * depend on which variable carries them.
 */
import {
  asciiToBytes,
  bytesToAscii,
  bytesToHex,
  bytesToIpv4,
  bytesToIpv6,
  hexToBytes,
  ipv4ToBytes,
  ipv6ToBytes,
  parseIpv4,
  parseIpv6,
} from './bytes';

/** Hash algorithms of a user-defined certificate hash, with their code and digest length. */
export type CertHashAlgorithm = 'sha1' | 'sha256' | 'sha384';
export const CERT_HASH_ALGORITHMS: Readonly<Record<CertHashAlgorithm, { code: number; bytes: number }>> = {
  sha1: { code: 1, bytes: 20 },
  sha256: { code: 2, bytes: 32 },
  sha384: { code: 3, bytes: 48 },
};

/** A root certificate hash to add (2,8): the hash of the whole DER certificate. */
export interface CertHash {
  /** Friendly name shown by MEBx, 1 to 31 ASCII characters. */
  name: string;
  algorithm: CertHashAlgorithm;
  /** Lower-case hex digest. */
  hash: string;
}

/** Static IPv4 settings (2,19): five addresses, dotted-quad text. */
export interface StaticIpv4 {
  address: string;
  mask: string;
  gateway: string;
  primaryDns: string;
  /** Absent means 0.0.0.0. */
  secondaryDns?: string;
}

/** IPv6 settings (2,22), 84 bytes (§7.5); addresses as text. */
export interface Ipv6Settings {
  interfaceIndex: number;
  enabled: boolean;
  interfaceIdType: number;
  /** 17 bytes as hex. */
  interfaceId: string;
  address: string;
  defaultRouter: string;
  primaryDns: string;
  secondaryDns: string;
}

/** Encodes the §7.2 structure; throws on a wrong digest length or name. */
export function encodeCertHash(h: CertHash): Uint8Array {
  const alg = CERT_HASH_ALGORITHMS[h.algorithm];
  const digest = hexToBytes(h.hash);
  if (!alg || !digest || digest.length !== alg.bytes) {
    throw new Error(`a ${h.algorithm} hash has ${alg?.bytes ?? '?'} bytes`);
  }
  const name = asciiToBytes(h.name);
  const out = new Uint8Array(2 + digest.length + name.length);
  out[0] = alg.code;
  out.set(digest, 1);
  out[1 + digest.length] = name.length;
  out.set(name, 2 + digest.length);
  return out;
}

/** Decodes the §7.2 structure; problems say what does not fit. */
export function decodeCertHash(raw: Uint8Array): { value: CertHash | null; problems: string[] } {
  const entry = Object.entries(CERT_HASH_ALGORITHMS).find(([, a]) => a.code === raw[0]);
  if (!entry) return { value: null, problems: [`unknown hash algorithm code ${raw[0] ?? 'missing'}`] };
  const [algorithm, alg] = entry as [CertHashAlgorithm, { code: number; bytes: number }];
  if (raw.length < 2 + alg.bytes) {
    return { value: null, problems: [`too short for a ${algorithm} hash (${raw.length} bytes)`] };
  }
  const k = raw[1 + alg.bytes];
  const problems: string[] = [];
  if (raw.length !== 2 + alg.bytes + k) {
    problems.push(`name length ${k} does not match the entry length ${raw.length}`);
  }
  if (k > 31) problems.push('friendly name longer than 31 characters');
  const name = bytesToAscii(raw.subarray(2 + alg.bytes, 2 + alg.bytes + k));
  return { value: { algorithm, hash: bytesToHex(raw.subarray(1, 1 + alg.bytes)), name }, problems };
}

/** Encodes five IPv4 addresses, each byte-reversed (§7.4). */
export function encodeStaticIpv4(s: StaticIpv4): Uint8Array {
  const out = new Uint8Array(20);
  [s.address, s.mask, s.gateway, s.primaryDns, s.secondaryDns ?? '0.0.0.0'].forEach((a, i) =>
    out.set(ipv4ToBytes(a), i * 4),
  );
  return out;
}

/** Decodes the 20-byte static IPv4 block. */
export function decodeStaticIpv4(raw: Uint8Array): StaticIpv4 {
  const at = (i: number): string => bytesToIpv4(raw.subarray(i * 4, i * 4 + 4));
  const value: StaticIpv4 = { address: at(0), mask: at(1), gateway: at(2), primaryDns: at(3) };
  if (at(4) !== '0.0.0.0') value.secondaryDns = at(4);
  return value;
}

/** Encodes the 84-byte IPv6 block (§7.5). */
export function encodeIpv6Settings(s: Ipv6Settings): Uint8Array {
  const out = new Uint8Array(84);
  out[0] = s.interfaceIndex;
  out[1] = s.enabled ? 1 : 0;
  out[2] = s.interfaceIdType;
  const id = hexToBytes(s.interfaceId);
  if (!id || id.length > 17) throw new Error('the interface ID is at most 17 bytes of hex');
  out.set(id, 3);
  [s.address, s.defaultRouter, s.primaryDns, s.secondaryDns].forEach((a, i) => out.set(ipv6ToBytes(a), 20 + i * 16));
  return out;
}

/** Decodes the 84-byte IPv6 block. */
export function decodeIpv6Settings(raw: Uint8Array): Ipv6Settings {
  const addr = (i: number): string => bytesToIpv6(raw.subarray(20 + i * 16, 36 + i * 16));
  return {
    interfaceIndex: raw[0],
    enabled: raw[1] !== 0,
    interfaceIdType: raw[2],
    interfaceId: bytesToHex(raw.subarray(3, 20)),
    address: addr(0),
    defaultRouter: addr(1),
    primaryDns: addr(2),
    secondaryDns: addr(3),
  };
}

/** Encodes an IPv4 or IPv6 address, byte-reversed (§7.3). */
export function encodeIpAddress(text: string): Uint8Array {
  return parseIpv4(text) ? ipv4ToBytes(text) : ipv6ToBytes(text);
}

/** True when the text is an IPv4 or IPv6 address. */
export function isIpAddress(text: string): boolean {
  return parseIpv4(text) !== null || parseIpv6(text) !== null;
}
