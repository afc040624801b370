// What a scan is told to look at: IPv4 ranges (a.b.c.d-a.b.c.e or a.b.c.d-e), CIDR blocks
// (a.b.c.d/n, n from 16 to 32), single addresses and host names; expanded, de-duplicated, bounded.
import { isIP } from 'node:net';
import { OutbandError } from '../../shared/errors';

/** The most hosts one scan may cover (a /16). */
export const MAX_SCAN_HOSTS = 65_536;

/** One scan target: an IPv4 address, or a host name to resolve when scanned. */
export type ScanTarget = { kind: 'ipv4'; address: string } | { kind: 'name'; name: string };

function bad(text: string, why: string): OutbandError {
  return new OutbandError('discovery.bad-target', `"${text}" is not a scan target: ${why}.`);
}

function ipv4ToInt(text: string, whole: string): number {
  if (isIP(text) !== 4) throw bad(whole, `${text} is not an IPv4 address`);
  return text.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function intToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const HOST_NAME =
  /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** The inclusive numeric range one piece of text stands for, or a host name. */
function parseOne(raw: string): { from: number; to: number } | { name: string } {
  const text = raw.trim();
  const cidr = /^([\d.]+)\/(\d{1,2})$/.exec(text);
  if (cidr) {
    const bits = Number(cidr[2]);
    if (bits < 16 || bits > 32) throw bad(text, 'a CIDR block must be /16 to /32');
    const base = ipv4ToInt(cidr[1] ?? '', text);
    const size = 2 ** (32 - bits);
    const network = base - (base % size);
    // A block larger than /31 leaves out its network and broadcast addresses.
    return size > 2 ? { from: network + 1, to: network + size - 2 } : { from: network, to: network + size - 1 };
  }
  const range = /^([\d.]+)\s*-\s*([\d.]+)$/.exec(text);
  if (range) {
    const from = ipv4ToInt(range[1] ?? '', text);
    const end = range[2] ?? '';
    // "10.0.0.1-254" means the last octet; "10.0.0.1-10.0.1.9" names the end in full.
    const to = /^\d{1,3}$/.test(end) ? Math.floor(from / 256) * 256 + Number(end) : ipv4ToInt(end, text);
    if (/^\d{1,3}$/.test(end) && Number(end) > 255) throw bad(text, `${end} is not an octet`);
    if (to < from) throw bad(text, 'the range ends before it starts');
    return { from, to };
  }
  if (isIP(text) === 4) {
    const n = ipv4ToInt(text, text);
    return { from: n, to: n };
  }
  if (isIP(text) === 6) throw bad(text, 'IPv6 addresses cannot be swept; add the device by address instead');
  if (/^[\d.]+$/.test(text)) throw bad(text, 'it looks like an IPv4 address but is not one');
  if (!HOST_NAME.test(text)) throw bad(text, 'it is neither an address, a range, a CIDR block nor a host name');
  return { name: text.toLowerCase().replace(/\.$/, '') };
}

/**
 * Expands the targets (separated by commas, spaces or lines) into hosts to scan, in order and
 * without repeats; more than MAX_SCAN_HOSTS is refused before anything is sent.
 */
export function parseScanTargets(inputs: readonly string[]): ScanTarget[] {
  const pieces = inputs.flatMap((i) => i.split(/[\s,;]+/)).filter((p) => p.length > 0);
  if (pieces.length === 0) throw new OutbandError('discovery.bad-target', 'Give at least one address, range or host.');
  const seen = new Set<string>();
  const out: ScanTarget[] = [];
  for (const piece of pieces) {
    const parsed = parseOne(piece);
    if ('name' in parsed) {
      if (!seen.has(parsed.name)) out.push({ kind: 'name', name: parsed.name });
      seen.add(parsed.name);
      continue;
    }
    for (let n = parsed.from; n <= parsed.to; n++) {
      const address = intToIpv4(n);
      if (seen.has(address)) continue;
      seen.add(address);
      out.push({ kind: 'ipv4', address });
      if (out.length > MAX_SCAN_HOSTS) {
        throw new OutbandError(
          'discovery.too-many-hosts',
          `The targets cover more than ${MAX_SCAN_HOSTS} hosts; scan at most a /16 at a time.`,
        );
      }
    }
  }
  return out;
}
