// HTTP digest authentication as AMT does it (spec wsman-amt.md §1.3): realm "Digest:<32 hex>",
// MD5 without an algorithm parameter, qop "auth" (or "auth-int, auth" on AMT 16.1), nonces that
// go stale after a time or a number of uses, answered with stale="true".
import { createHash, createHmac, randomBytes } from 'node:crypto';

/** The qop list the device offers. */
export type QopOffer = 'auth' | 'auth-int, auth';

/** Digest settings of one device. */
export interface DigestOptions {
  readonly realm: string;
  /**
   * The account digest accepts now: user name and HA1 = MD5(user:realm:password) in hex. Read on
   * every request, because firmware keeps only HA1 and SetAdminAclEntryEx replaces it at runtime.
   */
  readonly credential: () => { readonly user: string; readonly ha1: string };
  readonly qop: QopOffer;
  /** A nonce older than this is stale (default 300 s). */
  readonly nonceTtlMs: number;
  /** A nonce used with a higher nc than this is stale (default 1000). */
  readonly nonceMaxUses: number;
}

/** Outcome of checking an Authorization header. */
export type DigestVerdict = 'ok' | 'stale' | 'fail';

const md5 = (text: string | Buffer): string => createHash('md5').update(text).digest('hex');

/** Splits `Digest a=b, c="d,e"` into lower-cased keys and unquoted values, honouring quotes. */
export function parseDigestParams(header: string): Map<string, string> | null {
  const m = /^\s*Digest\s+/i.exec(header);
  if (m === null) return null;
  const out = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*(?:,|$)/gy;
  re.lastIndex = m[0].length;
  let part: RegExpExecArray | null;
  while (re.lastIndex < header.length && (part = re.exec(header)) !== null) {
    const key = (part[1] ?? '').toLowerCase();
    out.set(key, part[2] !== undefined ? part[2].replace(/\\(.)/g, '$1') : (part[3] ?? ''));
    if (part[0] === '') break;
  }
  return out;
}

/** Issues and checks nonces for one device; nonces are self-validating (HMAC), so no table. */
export class DigestAuthority {
  private generation = 0;

  constructor(
    private readonly opts: DigestOptions,
    private readonly secret: Buffer = randomBytes(16),
  ) {}

  /** Makes every nonce issued so far stale (simulates the firmware resetting its nonces). */
  invalidateNonces(): void {
    this.generation = (this.generation + 1) >>> 0;
  }

  private mac(head: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(head).digest().subarray(0, 12);
  }

  /** A new nonce: 8 bytes issue time, 4 bytes generation, 12 bytes HMAC -> 32 base64 chars. */
  newNonce(now: number): string {
    const head = Buffer.alloc(12);
    head.writeBigUInt64BE(BigInt(Math.floor(now)), 0);
    head.writeUInt32BE(this.generation, 8);
    return Buffer.concat([head, this.mac(head)]).toString('base64');
  }

  /** The WWW-Authenticate value, with AMT's irregular comma spacing. */
  challenge(stale: boolean, now: number): string {
    const nonce = this.newNonce(now);
    return `Digest realm="${this.opts.realm}", nonce="${nonce}",stale="${stale}",qop="${this.opts.qop}"`;
  }

  private nonceState(nonce: string, now: number): 'valid' | 'stale' | 'forged' {
    const raw = Buffer.from(nonce, 'base64');
    if (raw.length !== 24) return 'forged';
    const head = raw.subarray(0, 12);
    if (!this.mac(head).equals(raw.subarray(12))) return 'forged';
    const issued = Number(head.readBigUInt64BE(0));
    if (head.readUInt32BE(8) !== this.generation || now - issued > this.opts.nonceTtlMs) return 'stale';
    return 'valid';
  }

  private expected(p: Map<string, string>, method: string, body: Buffer, ha1: string): string | null {
    const uri = p.get('uri') ?? '';
    const qop = p.get('qop');
    if (qop === undefined) return md5(`${ha1}:${p.get('nonce') ?? ''}:${md5(`${method}:${uri}`)}`);
    const offered = this.opts.qop.split(',').map((q) => q.trim());
    if (!offered.includes(qop)) return null;
    const ha2 = qop === 'auth-int' ? md5(`${method}:${uri}:${md5(body)}`) : md5(`${method}:${uri}`);
    return md5(`${ha1}:${p.get('nonce') ?? ''}:${p.get('nc') ?? ''}:${p.get('cnonce') ?? ''}:${qop}:${ha2}`);
  }

  /** Checks an Authorization header for a request with this method, path and body. */
  verify(header: string | undefined, method: string, path: string, body: Buffer, now: number): DigestVerdict {
    if (header === undefined) return 'fail';
    const p = parseDigestParams(header);
    const account = this.opts.credential();
    if (p === null || p.get('username') !== account.user || p.get('realm') !== this.opts.realm) return 'fail';
    if (p.get('uri') !== path) return 'fail';
    const nonce = this.nonceState(p.get('nonce') ?? '', now);
    if (nonce === 'forged') return 'fail';
    const want = this.expected(p, method, body, account.ha1.toLowerCase());
    if (want === null || want !== (p.get('response') ?? '').toLowerCase()) return 'fail';
    // nc is hex by RFC; MCL sends decimal without padding, which parses the same for small values.
    const nc = Number.parseInt(p.get('nc') ?? '1', 16);
    if (nonce === 'stale' || (Number.isFinite(nc) && nc > this.opts.nonceMaxUses)) return 'stale';
    return 'ok';
  }
}
