/**
 * Host arguments of the CLI: `name`, `name:port`, `[v6]`, `[v6]:port`, a bare IPv6 address, or
 * `@file` with one host per line (blank lines and `#` comments ignored).
 */
import { readFile } from 'node:fs/promises';
import { OutbandError } from '../../shared/errors';
import type { Device } from '../../shared/domain/device';

/** One device to talk to. */
export interface HostTarget {
  /** What the user wrote (for messages and JSON output). */
  input: string;
  /** The address without brackets. */
  host: string;
  port: number;
  /** Set when the target is a managed device: it is reached with its own credential, TLS mode and pin. */
  device?: Device;
}

function parsePort(text: string, input: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) {
    throw new OutbandError('cli.bad-host', `"${input}" has an invalid port (1-65535).`);
  }
  return port;
}

function checkName(host: string, input: string): string {
  if (/^[\d.]+$/.test(host)) {
    // All digits and dots: an IPv4 address, which must be four numbers from 0 to 255.
    const parts = host.split('.');
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
      throw new OutbandError(
        'cli.bad-host',
        `"${input}" is not a valid IPv4 address: it needs four numbers from 0 to 255, like 192.168.50.30. Check the address.`,
      );
    }
    return host;
  }
  if (host === '' || !/^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/.test(host) || host.includes('..'))
    throw new OutbandError(
      'cli.bad-host',
      `"${input}" is not a host name or address: use a name like amt-01.example.com, an IPv4 address, or [IPv6]:port.`,
    );
  return host;
}

/** Parses one host argument; the port defaults to defaultPort. */
export function parseHostSpec(text: string, defaultPort: number): HostTarget {
  const input = text.trim();
  if (input.startsWith('[')) {
    const m = /^\[([0-9A-Fa-f:.]+)\](?::(.*))?$/.exec(input);
    if (!m || !m[1].includes(':'))
      throw new OutbandError('cli.bad-host', `"${input}" is not a bracketed IPv6 address.`);
    return { input, host: m[1].toLowerCase(), port: m[2] === undefined ? defaultPort : parsePort(m[2], input) };
  }
  const colons = input.split(':').length - 1;
  if (colons > 1) {
    // A bare IPv6 address cannot carry a port: `[v6]:port` is the way to give one.
    if (!/^[0-9A-Fa-f:.]+$/.test(input))
      throw new OutbandError('cli.bad-host', `"${input}" is not a host name or address.`);
    return { input, host: input.toLowerCase(), port: defaultPort };
  }
  if (colons === 1) {
    const [host, port] = input.split(':');
    return { input, host: checkName(host, input), port: parsePort(port, input) };
  }
  return { input, host: checkName(input, input), port: defaultPort };
}

/** Reads the hosts of an `@file`: one a line, blank lines and `#` comments ignored. */
export function parseHostList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*$/, '').trim())
    .filter((line) => line !== '');
}

/** Expands host arguments (with `@file` lists) into targets, without duplicates, in order. */
export async function expandHosts(
  args: string[],
  defaultPort: number,
  read: (file: string) => Promise<string> = (f) => readFile(f, 'utf8'),
): Promise<HostTarget[]> {
  const specs: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith('@')) {
      specs.push(arg);
      continue;
    }
    const file = arg.slice(1);
    let text: string;
    try {
      text = await read(file);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      throw new OutbandError(
        'cli.host-file-unreadable',
        `Cannot read the host list ${file}: ${e.code === 'ENOENT' ? 'there is no such file' : e.message}. Check the path after "@".`,
      );
    }
    specs.push(...parseHostList(text));
  }
  const seen = new Set<string>();
  const out: HostTarget[] = [];
  for (const spec of specs) {
    const target = parseHostSpec(spec, defaultPort);
    const key = `${target.host}|${target.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(target);
  }
  if (out.length === 0) throw new OutbandError('cli.no-hosts', 'No hosts given.');
  return out;
}

/**
 * Splits `host:port` and `[v6]:port` as typed on the command line into the address and the port;
 * anything else (a bare address, a bare IPv6 address) comes back unchanged with no port.
 */
export function splitAddressPort(text: string): { address: string; port?: string } {
  const t = text.trim();
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(t);
  if (v6) return { address: v6[1], port: v6[2] };
  const v4 = /^([^:[\]]+):(\d+)$/.exec(t);
  if (v4) return { address: v4[1], port: v4[2] };
  return { address: t };
}
