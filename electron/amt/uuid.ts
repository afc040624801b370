/**
 * AMT UUIDs (wsman-amt.md §4.1): GetUuid returns base64 of 16 bytes in SMBIOS byte order; the
 * canonical text swaps the first three fields (bytes 3-2-1-0, 5-4, 7-6).
 */
import { OutbandError } from '../../shared/errors';

/** Canonical lowercase UUID text of 16 raw bytes in SMBIOS order. */
export function uuidFromSmbiosBytes(raw: Uint8Array): string {
  if (raw.length !== 16) throw new OutbandError('amt.bad-uuid', `A UUID has 16 bytes, not ${raw.length}.`);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  const hex = order.map((i) => raw[i].toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Decodes the base64 UUID of GetUuid into canonical text. */
export function decodeAmtUuid(base64: string): string {
  const text = base64.trim();
  if (!/^[A-Za-z0-9+/]{22}==$/.test(text))
    throw new OutbandError('amt.bad-uuid', 'The device returned a UUID that is not 16 bytes of base64.');
  return uuidFromSmbiosBytes(Buffer.from(text, 'base64'));
}

/** Decodes CIM_ComputerSystemPackage.PlatformGUID (32 hex digits, SMBIOS order) into canonical text. */
export function decodePlatformGuid(hex: string): string {
  const text = hex.trim();
  if (!/^[0-9a-fA-F]{32}$/.test(text)) throw new OutbandError('amt.bad-uuid', 'The PlatformGUID is not 32 hex digits.');
  return uuidFromSmbiosBytes(Buffer.from(text, 'hex'));
}

/** True for the placeholder UUIDs misconfigured boards report (all zeros, all ones, 03000200-…). */
export function isPlaceholderUuid(uuid: string): boolean {
  const u = uuid.toLowerCase();
  return /^[0-]+$/.test(u) || /^[f-]+$/.test(u) || u === '03000200-0400-0500-0006-000700080009';
}
