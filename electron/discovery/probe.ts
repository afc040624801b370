// The TCP probe of an AMT port (../shared/specs/rmcp.md §5): an unauthenticated `GET /` whose
// `Server:` header names the firmware version, and, where plain HTTP gets no answer, a TLS
// handshake with certificate checking left on: a certificate error still proves TLS is offered.
// No credential and no request body is ever sent by a probe.
import { connect as connectTcp, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** What one port said. */
export interface PortProbe {
  port: number;
  /** Something accepted the connection. */
  open: boolean;
  /** 'http' answered the GET; 'tls' completed or failed a TLS handshake on a certificate. */
  kind: 'http' | 'tls' | null;
  /** It looks like Intel AMT (the Server header, or a Digest:… realm). */
  amt: boolean;
  /** a.b.c from `Server: Intel(R) Active Management Technology a.b.c[.d]`. */
  amtVersion: string | null;
}

const SERVER_PREFIX = 'Intel(R) Active Management Technology ';
const MAX_HEAD = 8192;

/** The AMT version in an HTTP head (first three parts), or null. */
export function amtVersionFromHead(head: string): string | null {
  const line = head.split('\r\n').find((l) => /^server:/i.test(l));
  const value = line?.slice(line.indexOf(':') + 1).trim() ?? '';
  if (!value.startsWith(SERVER_PREFIX)) return null;
  const parts = value.slice(SERVER_PREFIX.length).trim().split('.');
  if (parts.length < 3 || parts.length > 4 || !parts.every((p) => /^\d{1,5}$/.test(p))) return null;
  return parts.slice(0, 3).map(Number).join('.');
}

function looksLikeAmt(head: string): boolean {
  return /^server:\s*(?:AMT\b|Intel\(R\) Active Management Technology)/im.test(head) || /realm="Digest:/i.test(head);
}

/** Plain HTTP: connect, GET /, read the head. null = nothing HTTP came back (maybe TLS). */
function probeHttp(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<PortProbe | null> {
  return new Promise((resolve) => {
    let head = '';
    let connected = false;
    let settled = false;
    const socket: Socket = connectTcp({ host, port });
    const finish = (result: PortProbe | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const closed = { port, open: false, kind: null, amt: false, amtVersion: null } as const;
    const onAbort = () => finish(connected ? null : closed);
    const timer = setTimeout(() => finish(connected ? null : closed), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => {
      connected = true;
      socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.startsWith('HTTP/'.slice(0, Math.min(5, head.length)))) return finish(null);
      const end = head.indexOf('\r\n\r\n');
      if (end >= 0 || head.length > MAX_HEAD) {
        const text = end >= 0 ? head.slice(0, end) : head.slice(0, MAX_HEAD);
        finish({ port, open: true, kind: 'http', amt: looksLikeAmt(text), amtVersion: amtVersionFromHead(text) });
      }
    });
    socket.on('error', () => finish(connected ? null : closed));
    socket.on('close', () => finish(connected ? null : closed));
  });
}

/** A TLS handshake that keeps certificate checking on; a certificate complaint still means TLS. */
function probeTls(host: string, port: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = connectTls({ host, port, servername: /^[\d.]+$/.test(host) ? undefined : host });
    const finish = (tls: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(tls);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(false), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.on('secureConnect', () => finish(true));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // The server sent a certificate we do not trust (self-signed, wrong name, expired): TLS is there.
      const code = err.code ?? '';
      finish(/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/.test(code));
    });
  });
}

/** Probes one port of one host within `timeoutMs` per step. */
export async function probePort(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<PortProbe> {
  const http = await probeHttp(host, port, timeoutMs, signal);
  if (http !== null) return http;
  if (signal.aborted) return { port, open: true, kind: null, amt: false, amtVersion: null };
  const tls = await probeTls(host, port, timeoutMs, signal);
  return { port, open: true, kind: tls ? 'tls' : null, amt: false, amtVersion: null };
}
