/**
 * Device addresses: IPv4, IPv6 or a DNS name. Pure functions so the UI can check what the user
 * types before anything reaches the main process.
 */

/** What kind of address a string is. `hostname` is a single DNS label resolved through the search domain. */
export type AddressKind = 'ipv4' | 'ipv6' | 'fqdn' | 'hostname';

/** The verdict of validateAddress: the cleaned-up address and its kind, or a readable reason. */
export type AddressCheck = { ok: true; kind: AddressKind; address: string } | { ok: false; error: string };

const IPV4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const DNS_LABEL = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

/** True for a dotted-quad IPv4 address without leading zeros (which some tools read as octal). */
export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => IPV4_OCTET.test(p));
}

/** True for an IPv6 address in any RFC 4291 text form, including an embedded IPv4 tail. */
export function isIpv6(text: string): boolean {
  if (!text.includes(':')) return false;
  let groups = text.split(':');
  const budget = 8;
  const last = groups[groups.length - 1];
  if (last.includes('.')) {
    if (!isIpv4(last)) return false;
    groups = groups.slice(0, -1).concat('0', '0');
  }
  const joined = groups.join(':');
  const doubles = joined.split('::').length - 1;
  if (doubles > 1) return false;
  if (doubles === 0) return groups.length === budget && groups.every((g) => HEX_GROUP.test(g));
  const [head, tail] = joined.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const named = headGroups.concat(tailGroups);
  return named.length < budget && named.every((g) => HEX_GROUP.test(g));
}

function checkDnsName(text: string): AddressCheck {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  if (name.length > 253) return { ok: false, error: 'A host name is at most 253 characters long.' };
  const labels = name.split('.');
  for (const label of labels) {
    if (label === '') return { ok: false, error: `"${text}" has an empty part between dots.` };
    if (label.length > 63) return { ok: false, error: `"${label}" is longer than 63 characters.` };
    if (!DNS_LABEL.test(label)) {
      return {
        ok: false,
        error: `"${label}" may hold only letters, digits and inner hyphens.`,
      };
    }
  }
  // An all-numeric last label is a mistyped IPv4 address, never a real top-level domain.
  if (/^\d+$/.test(labels[labels.length - 1])) {
    return { ok: false, error: `"${text}" is not a valid IPv4 address.` };
  }
  const address = name.toLowerCase();
  return { ok: true, kind: labels.length > 1 ? 'fqdn' : 'hostname', address };
}

/**
 * Checks a device address typed by a person: trims it, accepts `[v6]` brackets, and says what is
 * wrong in words when it is not an IPv4 address, an IPv6 address or a DNS name.
 */
export function validateAddress(text: string): AddressCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter an IP address or a host name.' };
  if (/\s/.test(trimmed)) return { ok: false, error: `"${trimmed}" contains spaces.` };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return { ok: false, error: 'Enter the address alone, without http:// or https://.' };
  }
  const unbracketed = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  if (unbracketed.includes(':')) {
    if (unbracketed.includes('%')) {
      return { ok: false, error: 'IPv6 zone ids (%eth0) are not supported; use a global or ULA address.' };
    }
    if (isIpv6(unbracketed)) return { ok: true, kind: 'ipv6', address: unbracketed.toLowerCase() };
    if (/^[^:]+:\d+$/.test(unbracketed)) {
      return { ok: false, error: 'Enter the port in the port field, not after the address.' };
    }
    return { ok: false, error: `"${trimmed}" is not a valid IPv6 address.` };
  }
  if (isIpv4(unbracketed)) return { ok: true, kind: 'ipv4', address: unbracketed };
  if (/^[\d.]+$/.test(unbracketed)) return { ok: false, error: `"${trimmed}" is not a valid IPv4 address.` };
  return checkDnsName(unbracketed);
}

/** The AMT WS-Man port for a TLS mode: 16993 with TLS, 16992 for plain HTTP. */
export function defaultAmtPort(tlsMode: 'tls' | 'plain'): number {
  return tlsMode === 'tls' ? 16993 : 16992;
}

/** Text for URLs: IPv6 addresses need brackets. */
export function formatHostForUrl(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}
