// A tiny, independent WS-Man-over-digest client used only to drive the simulator in tests.
// It speaks raw HTTP over node:net / node:tls so tests can see exactly what went over the wire.
import { createHash, randomBytes } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';

/** A raw HTTP response: status, headers, the exact body bytes, and the de-chunked body. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly rawBody: string;
  readonly body: string;
  /** Whether the server closed the connection after this response. */
  readonly closedByServer: boolean;
}

/** Where and how to reach a device. */
export interface Target {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly ca?: string;
  /** Trust exactly this certificate (SHA-256 of the DER, lower-case hex) instead of a CA. */
  readonly fingerprint?: string;
  /** A client certificate for mutual TLS: the key and the chain (leaf first, PEMs concatenated). */
  readonly clientKey?: string;
  readonly clientCert?: string;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Undoes chunked framing; throws when the framing is broken or incomplete. */
export function dechunk(raw: string): { body: string; sizes: string[] } {
  let pos = 0;
  let body = '';
  const sizes: string[] = [];
  for (;;) {
    const eol = raw.indexOf('\r\n', pos);
    if (eol < 0) throw new Error('incomplete chunked body');
    const sizeText = raw.slice(pos, eol);
    const size = Number.parseInt(sizeText, 16);
    if (size === 0) return { body, sizes };
    sizes.push(sizeText);
    body += raw.slice(eol + 2, eol + 2 + size);
    pos = eol + 2 + size + 2;
  }
}

/** Sends one raw request on a fresh connection and reads until the response is complete. */
export function rawRequest(target: Target, request: string, opts: { tls?: boolean } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const pinned = target.fingerprint;
    const socket: Socket = opts.tls
      ? tlsConnect({
          host: target.host,
          port: target.port,
          ca: target.ca,
          key: target.clientKey,
          cert: target.clientCert,
          rejectUnauthorized: pinned === undefined,
        }).on('secureConnect', function (this: TLSSocket) {
          const seen = this.getPeerCertificate().fingerprint256.replace(/:/g, '').toLowerCase();
          if (pinned !== undefined && seen !== pinned) this.destroy(new Error('certificate does not match the pin'));
        })
      : netConnect({ host: target.host, port: target.port });
    let data = '';
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      const parsed = tryParse(data, closed);
      if (parsed === null) return;
      done = true;
      socket.destroy();
      resolve(parsed);
    };
    socket.setEncoding('latin1');
    socket.on('connect', () => socket.write(request));
    socket.on('data', (d: string) => {
      data += d;
      // A response announcing Connection: close is only complete once the server really closes.
      const parsed = tryParse(data, false);
      if (parsed !== null && parsed.headers.get('connection') !== 'close') finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => {
      finish(true);
      if (!done) reject(new Error(`connection closed before a full response (${data.length} bytes)`));
    });
    socket.on('error', (e) => {
      if (!done) reject(e);
    });
  });
}

function tryParse(data: string, closed: boolean): RawResponse | null {
  const headEnd = data.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const lines = data.slice(0, headEnd).split('\r\n');
  const status = Number((lines[0] ?? '').split(' ')[1]);
  const headers = new Map<string, string>();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    headers.set(l.slice(0, i).trim().toLowerCase(), l.slice(i + 1).trim());
  }
  const rest = data.slice(headEnd + 4);
  if (headers.get('transfer-encoding') === 'chunked') {
    if (!rest.endsWith('0\r\n\r\n')) return null;
    const body = Buffer.from(dechunk(rest).body, 'latin1').toString('utf8');
    return { status, headers, rawBody: rest, body, closedByServer: closed };
  }
  const len = Number(headers.get('content-length') ?? '0');
  if (rest.length < len) return null;
  return { status, headers, rawBody: rest, body: rest.slice(0, len), closedByServer: closed };
}

/** Builds a POST /wsman request with optional Authorization. */
export function postWsman(target: Target, body: string, authorization?: string): string {
  const len = Buffer.byteLength(body);
  const auth = authorization === undefined ? '' : `Authorization: ${authorization}\r\n`;
  return (
    `POST /wsman HTTP/1.1\r\nHost: ${target.host}:${target.port}\r\n${auth}` +
    `Content-Type: application/soap+xml; charset=utf-8\r\nContent-Length: ${len}\r\n\r\n${body}`
  );
}

/** Reads realm/nonce/stale/qop from a WWW-Authenticate value. */
export function readChallenge(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) out[m[1] ?? ''] = m[2] ?? '';
  return out;
}

/** The Authorization header for a challenge (qop=auth). */
export function digestAuthorization(target: Target, challenge: Record<string, string>, nc = 1): string {
  const realm = challenge.realm ?? '';
  const nonce = challenge.nonce ?? '';
  const cnonce = randomBytes(8).toString('hex');
  const ncText = nc.toString(16).padStart(8, '0');
  const ha1 = md5(`${target.user}:${realm}:${target.password}`);
  const ha2 = md5('POST:/wsman');
  const response = md5(`${ha1}:${nonce}:${ncText}:${cnonce}:auth:${ha2}`);
  return (
    `Digest username="${target.user}", realm="${realm}", nonce="${nonce}", uri="/wsman", ` +
    `qop=auth, nc=${ncText}, cnonce="${cnonce}", response="${response}"`
  );
}

/** Challenge, then authenticated request: the usual two round trips. */
export async function call(target: Target, body: string, opts: { tls?: boolean } = {}): Promise<RawResponse> {
  const first = await rawRequest(target, postWsman(target, body), opts);
  if (first.status !== 401) return first;
  const challenge = readChallenge(first.headers.get('www-authenticate') ?? '');
  return rawRequest(target, postWsman(target, body, digestAuthorization(target, challenge)), opts);
}

const ENV_OPEN =
  '<?xml version="1.0" encoding="utf-8"?><Envelope xmlns="http://www.w3.org/2003/05/soap-envelope" ' +
  'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">';

/** A request envelope in the MC/TSWM layout. */
export function envelope(
  action: string,
  resourceUri: string,
  messageId: string,
  body = '',
  selectors: Record<string, string> = {},
): string {
  const sel = Object.entries(selectors)
    .map(([k, v]) => `<w:Selector Name="${k}">${v}</w:Selector>`)
    .join('');
  return (
    `${ENV_OPEN}<Header><a:Action>${action}</a:Action><a:To>/wsman</a:To>` +
    `<w:ResourceURI>${resourceUri}</w:ResourceURI><a:MessageID>${messageId}</a:MessageID>` +
    `<a:ReplyTo><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
    `<w:OperationTimeout>PT60S</w:OperationTimeout>${sel === '' ? '' : `<w:SelectorSet>${sel}</w:SelectorSet>`}` +
    `</Header><Body>${body}</Body></Envelope>`
  );
}

export const AMT = 'http://intel.com/wbem/wscim/1/amt-schema/1/';
export const CIM = 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/';
export const IPS = 'http://intel.com/wbem/wscim/1/ips-schema/1/';
export const T = 'http://schemas.xmlsoap.org/ws/2004/09/transfer/';
export const E = 'http://schemas.xmlsoap.org/ws/2004/09/enumeration';

/** Get of a class (uri = full resource URI). */
export const getBody = (uri: string, id: string, selectors: Record<string, string> = {}): string =>
  envelope(`${T}Get`, uri, id, '', selectors);

/** Enumerate of a class. */
export const enumerateBody = (uri: string, id: string): string =>
  envelope(`${E}/Enumerate`, uri, id, `<Enumerate xmlns="${E}"/>`);

/** Pull with a context and MaxElements. */
export const pullBody = (uri: string, id: string, ctx: string, max = 999): string =>
  envelope(
    `${E}/Pull`,
    uri,
    id,
    `<Pull xmlns="${E}"><EnumerationContext>${ctx}</EnumerationContext><MaxElements>${max}</MaxElements></Pull>`,
  );

/** Invoke of Class.Method with inner XML for the _INPUT element. */
export const invokeBody = (uri: string, method: string, id: string, inner = ''): string =>
  envelope(`${uri}/${method}`, uri, id, `<h:${method}_INPUT xmlns:h="${uri}">${inner}</h:${method}_INPUT>`);

/** First text of an element by local name (prefix-agnostic), for quick assertions. */
export function valueOf(xml: string, local: string): string | undefined {
  return new RegExp(`<(?:\\w+:)?${local}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${local}>`).exec(xml)?.[1];
}

/** Every text of an element by local name. */
export function valuesOf(xml: string, local: string): string[] {
  return [...xml.matchAll(new RegExp(`<(?:\\w+:)?${local}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${local}>`, 'g'))].map(
    (m) => m[1] ?? '',
  );
}
