// The PKI Hello a device in setup mode sends to the provisioning server (TCP 9971;
// ../shared/specs/provisioning.md §4): read, checked field by field, never trusted.
import { OutbandError } from '../../shared/errors';
import type { HelloHash } from '../../shared/domain/discovered';

/** Hellos larger than this are not Hellos (a 255-hash SHA-384 Hello is 12,775 bytes). */
export const MAX_HELLO_BYTES = 16_000;
const HEADER = 25;
const PKI_VERSION = 3;
const PSK_VERSION = 2;

const HASH_TYPES: Record<number, { alg: HelloHash['alg']; length: number }> = {
  1: { alg: 'sha1', length: 20 },
  2: { alg: 'sha256', length: 32 },
  3: { alg: 'sha384', length: 48 },
};

/** A decoded PKI Hello. */
export interface Hello {
  adminCredentialsSet: boolean;
  version: number;
  retry: number;
  /** Canonical lower-case UUID (the first three groups byte-swapped from SMBIOS order). */
  uuid: string;
  hashes: HelloHash[];
}

function bad(why: string): OutbandError {
  return new OutbandError('discovery.bad-hello', `Not a valid PKI Hello: ${why}.`);
}

/** The canonical UUID text of 16 SMBIOS-order bytes. */
export function uuidFromSmbios(raw: Buffer): string {
  const hex = Buffer.concat([
    Buffer.from(raw.subarray(0, 4)).reverse(),
    Buffer.from(raw.subarray(4, 6)).reverse(),
    Buffer.from(raw.subarray(6, 8)).reverse(),
    raw.subarray(8, 16),
  ]).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Decodes a whole Hello; anything malformed fails with `discovery.bad-hello` saying what. */
export function decodeHello(bytes: Uint8Array): Hello {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length > MAX_HELLO_BYTES) throw bad(`${b.length} bytes is more than ${MAX_HELLO_BYTES}`);
  if (b.length < HEADER) throw bad(`${b.length} bytes is shorter than the ${HEADER}-byte header`);
  const flag = b.readUInt16LE(0);
  if (flag > 1) throw bad(`admin-credentials flag ${flag} is not 0 or 1`);
  const version = b.readUInt16LE(2);
  if (version === PSK_VERSION) throw bad('it is a PSK Hello (version 2), which Outband does not accept');
  if (version !== PKI_VERSION) throw bad(`version ${version} is not 3 (PKI)`);
  const retry = b.readUInt32LE(4);
  if (retry > 255) throw bad(`retry count ${retry} is out of range`);
  const count = b[24] ?? 0;
  const hashes: HelloHash[] = [];
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    if (at + 2 > b.length) throw bad(`hash entry ${i + 1} of ${count} is cut off`);
    const type = HASH_TYPES[b[at] ?? 0];
    if (type === undefined) throw bad(`hash entry ${i + 1} has unknown type ${b[at]}`);
    const length = b[at + 1] ?? 0;
    if (length !== type.length) throw bad(`hash entry ${i + 1} (${type.alg}) is ${length} bytes, not ${type.length}`);
    if (at + 2 + length > b.length) throw bad(`hash entry ${i + 1} of ${count} is cut off`);
    hashes.push({ alg: type.alg, hex: b.toString('hex', at + 2, at + 2 + length) });
    at += 2 + length;
  }
  if (at !== b.length) throw bad(`${b.length - at} bytes follow the last of ${count} hash entries`);
  return { adminCredentialsSet: flag !== 0, version, retry, uuid: uuidFromSmbios(b.subarray(8, 24)), hashes };
}
