/**
 * HTTP Digest authentication as AMT does it (wsman-amt.md §1.3): MD5, `qop=auth` chosen even when
 * `auth-int` is also offered, a quote-aware challenge parser, and nonce reuse with an `nc` counter
 * so a steady session costs one HTTP round trip per request.
 */
import { createHash, randomBytes } from 'node:crypto';

/** One parsed `WWW-Authenticate` challenge. */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** The Digest parameters the client keeps between requests. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  qop?: 'auth';
  opaque?: string;
  algorithm?: string;
  stale: boolean;
}

/** Lowercase hex MD5 of a UTF-8 string. */
export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * Splits a `WWW-Authenticate` value into challenges. Quote-aware: commas inside quotes belong to
 * the value, separators may or may not be followed by spaces, escaped quotes are honoured.
 */
export function parseAuthenticate(header: string): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  const n = header.length;
  let i = 0;
  const skip = (chars: string) => {
    while (i < n && chars.includes(header[i])) i++;
  };
  const readValue = (): string => {
    if (header[i] !== '"') {
      const from = i;
      while (i < n && header[i] !== ',') i++;
      return header.slice(from, i).trim();
    }
    let value = '';
    for (i++; i < n && header[i] !== '"'; i++) {
      if (header[i] === '\\' && i + 1 < n) i++;
      value += header[i];
    }
    i++;
    return value;
  };
  while (i < n) {
    skip(' \t,');
    const from = i;
    while (i < n && !' \t,='.includes(header[i])) i++;
    const token = header.slice(from, i);
    if (!token) {
      i++; // stray '=' (token68 padding) or similar: not a parameter
      continue;
    }
    skip(' \t');
    if (header[i] !== '=') {
      out.push({ scheme: token, params: {} });
      continue;
    }
    i++;
    skip(' \t');
    const value = readValue();
    if (out.length === 0) out.push({ scheme: '', params: {} });
    out[out.length - 1].params[token.toLowerCase()] = value;
  }
  return out;
}

/** The Digest challenge among the headers' challenges, or undefined when the device offers none. */
export function pickDigestChallenge(headers: string[]): DigestChallenge | undefined {
  for (const header of headers) {
    for (const c of parseAuthenticate(header)) {
      if (c.scheme.toLowerCase() !== 'digest' || c.params.nonce === undefined) continue;
      // Only MD5 is implemented; AMT never sends another algorithm (it sends none).
      if (c.params.algorithm !== undefined && c.params.algorithm.toUpperCase() !== 'MD5') continue;
      const qops = (c.params.qop ?? '').split(',').map((q) => q.trim().toLowerCase());
      return {
        realm: c.params.realm ?? '',
        nonce: c.params.nonce,
        // auth-int would force hashing the body; AMT accepts plain auth whenever it lists it.
        qop: qops.includes('auth') ? 'auth' : undefined,
        opaque: c.params.opaque,
        algorithm: c.params.algorithm,
        stale: (c.params.stale ?? '').toLowerCase() === 'true',
      };
    }
  }
  return undefined;
}

/** Inputs of one digest response computation. */
export interface DigestInputs {
  username: string;
  password: string;
  realm: string;
  nonce: string;
  method: string;
  uri: string;
  nc: string;
  cnonce: string;
  qop?: 'auth';
}

/** The RFC 2617 response hash (MD5; with qop=auth or the legacy form without qop). */
export function digestResponse(i: DigestInputs): string {
  const ha1 = md5Hex(`${i.username}:${i.realm}:${i.password}`);
  const ha2 = md5Hex(`${i.method}:${i.uri}`);
  return i.qop ? md5Hex(`${ha1}:${i.nonce}:${i.nc}:${i.cnonce}:${i.qop}:${ha2}`) : md5Hex(`${ha1}:${i.nonce}:${ha2}`);
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

// cnonces come from one random buffer refilled now and then: a syscall per request showed up in
// fleet profiles, and a cnonce only has to be unpredictable, not separately drawn.
const CNONCE_BYTES = 16;
let randomPool = Buffer.alloc(0);
let randomAt = 0;
function freshCnonce(): string {
  if (randomAt + CNONCE_BYTES > randomPool.length) {
    randomPool = randomBytes(CNONCE_BYTES * 256);
    randomAt = 0;
  }
  randomAt += CNONCE_BYTES;
  return randomPool.toString('hex', randomAt - CNONCE_BYTES, randomAt);
}

/**
 * The client side of one digest session: keeps the device's last challenge and counts `nc`, so
 * every request after the first is pre-authorized. HA1 and HA2 are kept per challenge (they only
 * change with the realm, the method or the URI), so a warm request hashes once.
 */
export class DigestSession {
  private challenge: DigestChallenge | undefined;
  private nc = 0;
  private ha1: { realm: string; value: string } | undefined;
  private ha2: { key: string; value: string } | undefined;

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  /** The realm of the current challenge, if any. */
  get realm(): string | undefined {
    return this.challenge?.realm;
  }

  /** True when a challenge is known, so the next request can carry an Authorization header. */
  get ready(): boolean {
    return this.challenge !== undefined;
  }

  /** Adopts a fresh challenge from a 401; the nonce count restarts. */
  accept(challenge: DigestChallenge): void {
    this.challenge = challenge;
    this.nc = 0;
  }

  /** Forgets the challenge (for example when credentials change). */
  reset(): void {
    this.challenge = undefined;
    this.nc = 0;
  }

  /** The Authorization header for the next request, advancing `nc`. */
  authorize(method: string, uri: string, cnonce: string = freshCnonce()): string {
    const c = this.challenge;
    if (!c) throw new Error('No digest challenge yet');
    this.nc += 1;
    const nc = this.nc.toString(16).padStart(8, '0');
    if (this.ha1?.realm !== c.realm)
      this.ha1 = { realm: c.realm, value: md5Hex(`${this.username}:${c.realm}:${this.password}`) };
    const key = `${method}:${uri}`;
    if (this.ha2?.key !== key) this.ha2 = { key, value: md5Hex(key) };
    const ha1 = this.ha1.value;
    const ha2 = this.ha2.value;
    // The same formula as digestResponse (RFC 2617, MD5), with the kept HA1 and HA2.
    const response = c.qop
      ? md5Hex(`${ha1}:${c.nonce}:${nc}:${cnonce}:${c.qop}:${ha2}`)
      : md5Hex(`${ha1}:${c.nonce}:${ha2}`);
    const parts = [
      `username=${quote(this.username)}`,
      `realm=${quote(c.realm)}`,
      `nonce=${quote(c.nonce)}`,
      `uri=${quote(uri)}`,
    ];
    if (c.qop) parts.push(`qop=${c.qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
    parts.push(`response=${quote(response)}`);
    if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
    if (c.algorithm) parts.push(`algorithm=${c.algorithm}`);
    return `Digest ${parts.join(', ')}`;
  }
}
