/**
 * Byte helpers for setup.bin: little-endian integers, 8-bit ASCII, EFI-order GUIDs and the
 * byte-reversed IP addresses of setup-bin.md §7. Pure TypeScript: no Buffer, no TextEncoder.
 */

/** True when every character is 7-bit ASCII (setup.bin strings carry no other encoding). */
export function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** ASCII string to bytes, no terminator. The caller checks isAscii first. */
export function asciiToBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/** Bytes to a string, one character per byte (Latin-1, so nothing is ever lost). */
export function bytesToAscii(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** Lower-case hex without separators. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Parses hex, tolerating the separators people paste (`:`, `-`, spaces); null if not hex. */
export function hexToBytes(hex: string): Uint8Array | null {
  const clean = hex.replace(/[\s:-]/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) return null;
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** A little-endian unsigned integer of `size` bytes (1, 2 or 4). */
export function uintToBytes(value: number, size: 1 | 2 | 4): Uint8Array {
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  if (size === 1) view.setUint8(0, value);
  else if (size === 2) view.setUint16(0, value, true);
  else view.setUint32(0, value, true);
  return out;
}

/** Reads a little-endian unsigned integer of the array's whole length (1, 2 or 4 bytes). */
export function bytesToUint(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length === 1) return view.getUint8(0);
  if (bytes.length === 2) return view.getUint16(0, true);
  return view.getUint32(0, true);
}

const GUID_RE = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/** True for a canonical GUID text, braces optional. */
export function isGuid(text: string): boolean {
  return GUID_RE.test(text.trim());
}

/** Canonical GUID text to its 16 EFI/Microsoft bytes: first three groups little-endian (§7.1). */
export function guidToBytes(text: string): Uint8Array {
  const m = GUID_RE.exec(text.trim());
  if (!m) throw new Error(`not a GUID: ${text}`);
  const plain = hexToBytes(m.slice(1).join(''));
  if (!plain) throw new Error(`not a GUID: ${text}`);
  const out = new Uint8Array(16);
  out.set([plain[3], plain[2], plain[1], plain[0], plain[5], plain[4], plain[7], plain[6]], 0);
  out.set(plain.subarray(8), 8);
  return out;
}

/** 16 EFI-order bytes to upper-case canonical GUID text without braces. */
export function bytesToGuid(b: Uint8Array): string {
  const order = [3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15];
  let s = '';
  for (const i of order) s += i < 0 ? '-' : b[i].toString(16).padStart(2, '0');
  return s.toUpperCase();
}

/** Parses dotted-quad IPv4 text into four octets in reading order; null if invalid. */
export function parseIpv4(text: string): number[] | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : null;
}

/** IPv4 text to its setup.bin form: the octets reversed (a.b.c.d is stored d c b a, §7.3). */
export function ipv4ToBytes(text: string): Uint8Array {
  const octets = parseIpv4(text);
  if (!octets) throw new Error(`not an IPv4 address: ${text}`);
  return Uint8Array.from(octets.reverse());
}

/** Four stored (reversed) bytes back to dotted-quad text. */
export function bytesToIpv4(b: Uint8Array): string {
  return [b[3], b[2], b[1], b[0]].join('.');
}

/** Parses IPv6 text (with `::` and an optional embedded IPv4 tail) into 16 bytes; null if invalid. */
export function parseIpv6(text: string): Uint8Array | null {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (!t.includes(':')) return null;
  let tail: number[] = [];
  const lastColon = t.lastIndexOf(':');
  if (t.slice(lastColon + 1).includes('.')) {
    const v4 = parseIpv4(t.slice(lastColon + 1));
    if (!v4) return null;
    tail = v4;
    t = `${t.slice(0, lastColon + 1)}0:0`;
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  if (tail.length === 4) out.set(tail, 12);
  return out;
}

/** Formats 16 bytes (reading order) as compressed IPv6 text. */
export function formatIpv6(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i] << 8) | b[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** IPv6 text to its setup.bin form: all 16 bytes reversed (§7.3). */
export function ipv6ToBytes(text: string): Uint8Array {
  const b = parseIpv6(text);
  if (!b) throw new Error(`not an IPv6 address: ${text}`);
  return b.reverse();
}

/** 16 stored (reversed) bytes back to IPv6 text. */
export function bytesToIpv6(stored: Uint8Array): string {
  return formatIpv6(Uint8Array.from(stored).reverse());
}
