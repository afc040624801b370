// Writes responses the way firmware does: chunked SOAP with 4-digit upper-case chunk sizes split
// at random points (even inside a tag or value), fixed-length HTML for 401/400, Connection: close
// where firmware sends it — and then really closes.
import type { HttpConnection } from './http-wire';
import { randomInt } from './rng';

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  303: 'See Other',
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n`;
}

function headerBlock(headers: ReadonlyArray<readonly [string, string]>): string {
  return headers.map(([k, v]) => `${k}: ${v}\r\n`).join('');
}

/** Splits a body into chunks of random size; at least two when the body allows it. */
export function splitChunks(body: Buffer, rnd: () => number): Buffer[] {
  const out: Buffer[] = [];
  const max = Math.max(1, Math.min(1400, Math.ceil(body.length / 2)));
  for (let pos = 0; pos < body.length;) {
    const size = Math.min(randomInt(rnd, 1, max), body.length - pos);
    out.push(body.subarray(pos, pos + size));
    pos += size;
  }
  return out;
}

/** Frames one chunk: size as four upper-case hex digits, as AMT writes it. */
export function frameChunk(chunk: Buffer): Buffer {
  const size = chunk.length.toString(16).toUpperCase().padStart(4, '0');
  return Buffer.concat([Buffer.from(`${size}\r\n`, 'latin1'), chunk, Buffer.from('\r\n', 'latin1')]);
}

/** Options for a chunked SOAP response. */
export interface ChunkedOptions {
  readonly close: boolean;
  /** Send only this many chunks, then stop writing (the "stall" fault); null = send all. */
  readonly stopAfterChunks: number | null;
}

/** Writes a chunked SOAP response; returns after the last byte written (or the stall point). */
export function writeChunked(
  conn: HttpConnection,
  status: number,
  baseHeaders: ReadonlyArray<readonly [string, string]>,
  body: string,
  rnd: () => number,
  opts: ChunkedOptions,
): void {
  const headers: Array<readonly [string, string]> = [
    ...baseHeaders,
    ['X-Frame-Options', 'DENY'],
    ['Content-Type', 'application/soap+xml; charset=UTF-8'],
    ['Transfer-Encoding', 'chunked'],
  ];
  if (opts.close) headers.push(['Connection', 'close']);
  const chunks = splitChunks(Buffer.from(body, 'utf8'), rnd);
  const limit = opts.stopAfterChunks ?? chunks.length;
  const parts: Buffer[] = [Buffer.from(statusLine(status) + headerBlock(headers) + '\r\n', 'latin1')];
  for (const c of chunks.slice(0, limit)) parts.push(frameChunk(c));
  if (opts.stopAfterChunks === null) parts.push(Buffer.from('0\r\n\r\n', 'latin1'));
  conn.write(Buffer.concat(parts));
  if (opts.close && opts.stopAfterChunks === null) conn.end();
}

/** Writes a fixed-length response (HTML pages, empty 400). */
export function writeFixed(
  conn: HttpConnection,
  status: number,
  baseHeaders: ReadonlyArray<readonly [string, string]>,
  body: string,
  contentType: string | null,
  close: boolean,
): void {
  const payload = Buffer.from(body, 'utf8');
  const headers: Array<readonly [string, string]> = [...baseHeaders];
  if (contentType !== null) headers.push(['Content-Type', contentType]);
  headers.push(['Content-Length', String(payload.length)]);
  if (close) headers.push(['Connection', 'close']);
  conn.write(Buffer.concat([Buffer.from(statusLine(status) + headerBlock(headers) + '\r\n', 'latin1'), payload]));
  if (close) conn.end();
}

/** The firmware's "Log on failed" page that comes with every 401. */
export const UNAUTHORIZED_PAGE =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" >\n' +
  '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n' +
  '<title>Intel&reg; Active Management Technology</title></head>\n<body>\n' +
  '<h2 class=warn>Log on failed. Incorrect user name or password, or user account temporarily locked.</h2>\n' +
  '</body>\n</html>\n';

/** A stand-in for the firmware's web log-on page, which the simulator does not implement. */
export const LOGON_PAGE =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" >\n' +
  '<html><head><title>Intel&reg; Active Management Technology</title></head>\n' +
  '<body>\n<h2>Intel&reg; Active Management Technology (simulated)</h2>\n' +
  '<p>The web interface is not simulated; use WS-Man at /wsman.</p>\n</body>\n</html>\n';

/** HTML page for a request the firmware cannot read. */
export const BAD_REQUEST_PAGE =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" >\n' +
  '<html><head><title>Intel&reg; Active Management Technology</title></head>\n' +
  '<body>\n<h2 class=warn>Bad Request</h2>\n</body>\n</html>\n';
